// HTTP Digest authentication (RFC 2617, MD5, qop=auth) as AMT uses it: amt-protocols.md §1.7, §3.2.
// The one digest implementation of the product: WS-Man (`/wsman`) and redirection (`/RedirectionService`) share it.

import { createHash, randomBytes } from 'node:crypto';
import { AmtError } from '../../shared/domain';
import type { AmtCredentials } from './transport-types';

/** The only algorithm AMT offers (no `algorithm` parameter is sent, which RFC 2617 defines as MD5). */
export const DIGEST_ALGORITHM_MD5 = 'MD5';
/** The quality of protection this client speaks; `auth-int` (AMT 14+) is offered alongside and not chosen. */
export const DIGEST_QOP_AUTH = 'auth';
/** nc is always 8 hexadecimal digits (RFC 2617 §3.2.2). */
const NONCE_COUNT_DIGITS = 8;
const NONCE_COUNT_MAX = 0xffffffff;
const CNONCE_BYTES = 16;

/** What a server's `WWW-Authenticate: Digest …` header asks for, after lenient parsing. */
export interface DigestChallenge {
  readonly realm: string;
  readonly nonce: string;
  /** `auth` when the server offers it; undefined for an RFC 2069 server that sends no qop. */
  readonly qop: typeof DIGEST_QOP_AUTH | undefined;
  readonly stale: boolean;
  readonly opaque?: string;
  /** Echoed back only when the server named it. */
  readonly algorithm?: string;
}

/** Everything the RFC 2617 response hash depends on; exported so the redirection protocol reuses it. */
export interface DigestResponseInput {
  readonly user: string;
  readonly realm: string;
  readonly password: string;
  readonly method: string;
  readonly uri: string;
  readonly nonce: string;
  /** Required with qop; 8 lower-case hex digits, e.g. `00000001`. */
  readonly nc?: string;
  readonly cnonce?: string;
  /** `auth`, or undefined for the RFC 2069 form `MD5(HA1:nonce:HA2)` (redirection auth type 3). */
  readonly qop?: string;
}

function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/** RFC 2617 §3.2.2.1 request-digest, lower-case hex. */
export function computeDigestResponse(input: DigestResponseInput): string {
  const ha1 = md5Hex(`${input.user}:${input.realm}:${input.password}`);
  const ha2 = md5Hex(`${input.method}:${input.uri}`);
  if (input.qop === undefined) return md5Hex(`${ha1}:${input.nonce}:${ha2}`);
  if (input.nc === undefined || input.cnonce === undefined) {
    throw new AmtError('bad-input', 'A digest response with qop needs both a nonce count and a client nonce.');
  }
  return md5Hex(`${ha1}:${input.nonce}:${input.nc}:${input.cnonce}:${input.qop}:${ha2}`);
}

/** Formats a nonce count as RFC 2617 wants it: 8 lower-case hex digits. */
export function formatNonceCount(count: number): string {
  if (!Number.isInteger(count) || count < 1 || count > NONCE_COUNT_MAX) {
    throw new AmtError('bad-input', `Nonce count ${count} is outside 1..${NONCE_COUNT_MAX}.`);
  }
  return count.toString(16).padStart(NONCE_COUNT_DIGITS, '0');
}

/** A fresh client nonce: 32 random lower-case hex characters. */
export function newCnonce(): string {
  return randomBytes(CNONCE_BYTES).toString('hex');
}

/**
 * Splits the parameters after `Digest` into a multimap. Lenient on purpose (§1.7): parameters may be
 * separated by commas, spaces or both; values may be quoted (with backslash escapes) or bare tokens,
 * and a bare token may contain ':' (an unquoted AMT realm). A bare word without `=` right after an unquoted
 * value and before a comma (or the end) continues that value's list (`qop=auth,auth-int, nonce="…"`);
 * any other bare word ends the list, because it starts the next scheme (`Digest …, Negotiate`).
 */
function parseParams(text: string): Map<string, string[]> {
  const params = new Map<string, string[]>();
  const add = (key: string, value: string): void => {
    const list = params.get(key);
    if (list) list.push(value);
    else params.set(key, [value]);
  };
  let previous: { readonly key: string; readonly quoted: boolean } | undefined;
  let i = 0;
  const n = text.length;
  const isSep = (c: string | undefined): boolean => c === ',' || c === ' ' || c === '\t' || c === '\r' || c === '\n';
  while (i < n) {
    while (i < n && isSep(text[i])) i++;
    if (i >= n) break;
    const keyStart = i;
    while (i < n && text[i] !== '=' && !isSep(text[i])) i++;
    const word = text.slice(keyStart, i);
    const key = word.toLowerCase();
    let j = i;
    while (j < n && (text[j] === ' ' || text[j] === '\t')) j++;
    if (text[j] !== '=') {
      const endsItem = j >= n || text[j] === ',';
      if (!endsItem || previous === undefined || previous.quoted) break; // next auth scheme (or junk): stop
      add(previous.key, word); // the next item of an unquoted list
      i = j;
      continue;
    }
    i = j + 1;
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
    let value = '';
    const quoted = text[i] === '"';
    if (quoted) {
      i++;
      while (i < n && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < n) i++;
        value += text[i];
        i++;
      }
      i++; // closing quote (a missing one just ends the header)
    } else {
      const valueStart = i;
      while (i < n && !isSep(text[i])) i++;
      value = text.slice(valueStart, i);
    }
    add(key, value);
    previous = { key, quoted };
  }
  return params;
}

const DIGEST_SCHEME = /(?:^|[\s,])Digest(?=[\s]|$)/i;

/**
 * Parses one `WWW-Authenticate` value (or several joined by commas) and returns the Digest
 * challenge in it, or undefined when there is no Digest scheme. Throws AmtError when a Digest
 * challenge is present but unusable (no nonce or realm, only `auth-int`, a non-MD5 algorithm).
 */
export function parseDigestChallenge(header: string): DigestChallenge | undefined {
  const match = DIGEST_SCHEME.exec(header);
  if (!match) return undefined;
  const params = parseParams(header.slice(match.index + match[0].length));
  const first = (key: string): string | undefined => params.get(key)?.[0];
  const realm = first('realm');
  const nonce = first('nonce');
  if (realm === undefined || nonce === undefined || nonce === '') {
    throw new AmtError('malformed-http', 'The device sent a Digest challenge without a realm or nonce.');
  }
  // qop may be repeated (`qop="auth",qop="auth-int"`) or a list (`qop="auth-int, auth"`).
  const qopValues = (params.get('qop') ?? [])
    .flatMap((v) => v.split(/[\s,]+/))
    .filter((v) => v !== '')
    .map((v) => v.toLowerCase());
  let qop: typeof DIGEST_QOP_AUTH | undefined;
  if (qopValues.includes(DIGEST_QOP_AUTH)) qop = DIGEST_QOP_AUTH;
  else if (qopValues.length > 0) {
    throw new AmtError(
      'unsupported',
      `The device offers only qop=${qopValues.join(',')}; this client speaks qop=auth.`,
    );
  }
  const algorithm = first('algorithm');
  if (algorithm !== undefined && algorithm.toUpperCase() !== DIGEST_ALGORITHM_MD5) {
    throw new AmtError('unsupported', `The device asks for digest algorithm ${algorithm}; this client speaks MD5.`);
  }
  const opaque = first('opaque');
  return {
    realm,
    nonce,
    qop,
    stale: (first('stale') ?? '').toLowerCase() === 'true',
    ...(opaque !== undefined ? { opaque } : {}),
    ...(algorithm !== undefined ? { algorithm } : {}),
  };
}

/** Quotes a value for an Authorization header; user names and realms cannot hold `"` (§1.9), escape anyway. */
function quote(value: string): string {
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

export interface DigestAuthorizationFields {
  readonly user: string;
  readonly challenge: DigestChallenge;
  readonly uri: string;
  readonly response: string;
  readonly nc?: string;
  readonly cnonce?: string;
}

/**
 * Formats the `Authorization` value. qop and nc are unquoted tokens as RFC 2617 §3.2.2 writes them
 * (curl does the same; Apache and AMT accept it).
 */
export function formatDigestAuthorization(f: DigestAuthorizationFields): string {
  const parts = [
    `username=${quote(f.user)}`,
    `realm=${quote(f.challenge.realm)}`,
    `nonce=${quote(f.challenge.nonce)}`,
    `uri=${quote(f.uri)}`,
    `response=${quote(f.response)}`,
  ];
  if (f.challenge.algorithm !== undefined) parts.push(`algorithm=${f.challenge.algorithm}`);
  if (f.challenge.opaque !== undefined) parts.push(`opaque=${quote(f.challenge.opaque)}`);
  if (f.challenge.qop !== undefined && f.nc !== undefined && f.cnonce !== undefined) {
    parts.push(`qop=${f.challenge.qop}`, `nc=${f.nc}`, `cnonce=${quote(f.cnonce)}`);
  }
  return `Digest ${parts.join(', ')}`;
}

/**
 * Digest state for one (device, user): the current challenge, a growing nonce count and a cnonce,
 * so one nonce serves many requests (§1.7 "Nonce reuse") and a warm request needs no new challenge.
 */
export class DigestSession {
  private current: DigestChallenge | undefined;
  private nonceCount = 0;
  private cnonce = '';

  constructor(
    private readonly credentials: AmtCredentials,
    private readonly makeCnonce: () => string = newCnonce,
  ) {}

  /** The challenge in use, once one was accepted. */
  get challenge(): DigestChallenge | undefined {
    return this.current;
  }

  /** The nonce count used by the last authorize() call (0 before any). */
  get lastNonceCount(): number {
    return this.nonceCount;
  }

  /** Takes a new challenge: nc starts again at 1 with a new cnonce. */
  accept(challenge: DigestChallenge): void {
    this.current = challenge;
    this.nonceCount = 0;
    this.cnonce = this.makeCnonce();
  }

  /** Forgets the challenge, so the next request goes out without credentials. */
  reset(): void {
    this.current = undefined;
    this.nonceCount = 0;
  }

  /** The Authorization value for the next request (nc + 1); undefined before any challenge. */
  authorize(method: string, uri: string): string | undefined {
    const challenge = this.current;
    if (!challenge) return undefined;
    if (this.nonceCount >= NONCE_COUNT_MAX) {
      // The counter is spent: start over with the same nonce and a new cnonce rather than wrap.
      this.nonceCount = 0;
      this.cnonce = this.makeCnonce();
    }
    this.nonceCount++;
    const nc = challenge.qop !== undefined ? formatNonceCount(this.nonceCount) : undefined;
    const cnonce = challenge.qop !== undefined ? this.cnonce : undefined;
    const response = computeDigestResponse({
      user: this.credentials.user,
      realm: challenge.realm,
      password: this.credentials.password,
      method,
      uri,
      nonce: challenge.nonce,
      ...(nc !== undefined ? { nc } : {}),
      ...(cnonce !== undefined ? { cnonce } : {}),
      ...(challenge.qop !== undefined ? { qop: challenge.qop } : {}),
    });
    return formatDigestAuthorization({
      user: this.credentials.user,
      challenge,
      uri,
      response,
      ...(nc !== undefined ? { nc } : {}),
      ...(cnonce !== undefined ? { cnonce } : {}),
    });
  }
}
