// One-time enrolment codes (issue 8): the console shows a code for one relay of its tree; the relay proves it
// holds the code without sending it, bound to both certificates of the TLS connection, so a man in the middle
// (who would present other certificates) cannot use what it sees. A code expires and works once.
//
//   proof = HMAC-SHA256(key = the code without dashes, upper case,
//                       data = ENROL_PROOF_LABEL "\n" role "\n" console fingerprint "\n" relay fingerprint)
//
// role is "relay" for the relay's ENROL proof and "console" for the console's answer in WELCOME, so each side
// knows the other holds the code. Codes live in the console's memory only: a restarted console forgets them.

import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { CertFingerprint, RelayId } from '../../shared/domain';

export const ENROL_PROOF_LABEL = 'amt-console relay enrolment v1';
/** Base32 without 0/O and 1/I/L: read aloud or typed without mistakes. 16 characters = 78 bits. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 16;
const CODE_GROUP = 4;
export const DEFAULT_CODE_LIFETIME_MS = 15 * 60 * 1000;
/** Live and spent codes the console keeps (a spent one is kept to say "used" rather than "wrong"). */
const MAX_CODES = 64;

export type ProofRole = 'relay' | 'console';

export interface IssuedCode {
  readonly relayId: RelayId;
  /** "ABCD-EFGH-JKMN-PQRS": shown once by the console, typed into `amtctl relay --code`. */
  readonly code: string;
  readonly expiresAtMs: number;
}

/** Normalises what a person typed: case and dashes/spaces do not matter. */
export function normaliseCode(text: string): string {
  return text.replace(/[\s-]/g, '').toUpperCase();
}

export function enrolmentProof(
  code: string,
  role: ProofRole,
  console: CertFingerprint,
  relay: CertFingerprint,
): string {
  const data = [ENROL_PROOF_LABEL, role, console, relay].join('\n');
  return createHmac('sha256', normaliseCode(code)).update(data).digest('hex');
}

function sameProof(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

export type CodeCheck =
  | { readonly ok: true; readonly relayId: RelayId; readonly code: string }
  | { readonly ok: false; readonly reason: 'expired' | 'used' | 'no-match'; readonly words: string };

interface CodeEntry {
  readonly issued: IssuedCode;
  usedAtMs: number | null;
}

export class EnrolmentCodes {
  private readonly entries: CodeEntry[] = [];

  constructor(
    private readonly nowMs: () => number = Date.now,
    private readonly lifetimeMs = DEFAULT_CODE_LIFETIME_MS,
  ) {}

  /** A new code for `relayId`; an older unused code for the same relay stops working. */
  issue(relayId: RelayId): IssuedCode {
    for (const entry of this.entries)
      if (entry.issued.relayId === relayId && entry.usedAtMs === null) entry.usedAtMs = -1;
    let raw = '';
    for (let i = 0; i < CODE_LENGTH; i++) raw += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
    const code = (raw.match(new RegExp(`.{${CODE_GROUP}}`, 'g')) ?? []).join('-');
    const issued: IssuedCode = { relayId, code, expiresAtMs: this.nowMs() + this.lifetimeMs };
    this.entries.push({ issued, usedAtMs: null });
    if (this.entries.length > MAX_CODES) this.entries.splice(0, this.entries.length - MAX_CODES);
    return issued;
  }

  /** Finds the code the relay's proof was made with; spends it when it is live. */
  redeem(proof: string, console: CertFingerprint, relay: CertFingerprint): CodeCheck {
    const now = this.nowMs();
    for (const entry of this.entries) {
      if (!sameProof(enrolmentProof(entry.issued.code, 'relay', console, relay), proof)) continue;
      if (entry.usedAtMs !== null) {
        const words =
          entry.usedAtMs < 0 ? 'the enrolment code was replaced by a newer one' : 'the enrolment code was already used';
        return { ok: false, reason: 'used', words: `${words}; show a new code in the console` };
      }
      if (now > entry.issued.expiresAtMs) {
        return {
          ok: false,
          reason: 'expired',
          words:
            `the enrolment code expired at ${new Date(entry.issued.expiresAtMs).toISOString()}; ` +
            'show a new code in the console',
        };
      }
      entry.usedAtMs = now;
      return { ok: true, relayId: entry.issued.relayId, code: entry.issued.code };
    }
    return {
      ok: false,
      reason: 'no-match',
      words:
        'no enrolment code shown by this console matches (a mistyped code, or a connection through another party ' +
        'whose certificate differs)',
    };
  }
}
