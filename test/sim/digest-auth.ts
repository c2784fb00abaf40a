// AMT-style HTTP digest authentication for one simulated device (§1.7, §1.9): MD5, qop=auth, nonce reuse with a
// growing nc, configurable nonce lifetime and stale flag, and the failed-login lockout that looks like a wrong password.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  DEFAULT_NONCE_LIFETIME_MS,
  DIGEST_QOP,
  LOCKOUT_FAILURE_THRESHOLD,
  LOCKOUT_INITIAL_MS,
  LOCKOUT_MAX_MS,
  LOCKOUT_RESET_AFTER_MS,
  MAX_NONCES_PER_DEVICE,
} from './constants';

export interface DigestOptions {
  readonly realm: string;
  readonly user: string;
  /** Asked on every check, so a fault switch can change the expected password at run time. */
  readonly password: () => string;
  readonly nonceLifetimeMs?: number;
  /** Whether an expired nonce is answered with stale="true". Real AMT's behaviour is [unconfirmed]; default false. */
  readonly staleFlagOnExpiry?: boolean;
  /** First lockout period; doubles under continued failures up to 80 s (scaled by the same factor). */
  readonly lockoutInitialMs?: number;
  readonly nowMs?: () => number;
}

export type DigestVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly nonce: string; readonly stale: boolean; readonly countedAsFailure: boolean };

interface NonceRecord {
  readonly issuedAtMs: number;
  lastNc: number;
  /** Issued in answer to a "stale nonce" fault: it is never itself declared stale, so one retry succeeds. */
  readonly exempt: boolean;
  declaredStale: boolean;
}

export interface DigestCheckOptions {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  /** Fault switch: each nonce's first authenticated use is answered as expired. */
  readonly staleNonceFault: boolean;
}

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

/** Lenient parser for `Digest k="v", k=v` (quoted or bare values, any spacing). */
export function parseDigestHeader(header: string): Map<string, string> | undefined {
  const match = /^\s*Digest\s+(.*)$/is.exec(header);
  if (!match) return undefined;
  const out = new Map<string, string>();
  const re = /([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g;
  for (const m of (match[1] as string).matchAll(re)) {
    out.set((m[1] as string).toLowerCase(), m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? ''));
  }
  return out;
}

export class DigestAuthenticator {
  private readonly nonces = new Map<string, NonceRecord>();
  private consecutiveFailures = 0;
  private lockedUntilMs = 0;
  private nextLockoutMs: number;
  private lastFailureMs = 0;
  private readonly now: () => number;

  constructor(private readonly options: DigestOptions) {
    this.now = options.nowMs ?? Date.now;
    this.nextLockoutMs = options.lockoutInitialMs ?? LOCKOUT_INITIAL_MS;
  }

  get realm(): string {
    return this.options.realm;
  }

  /** A fresh nonce: 24 random bytes in base64, 32 characters like the firmware's. */
  issueNonce(exempt = false): string {
    const nonce = randomBytes(24).toString('base64');
    this.nonces.set(nonce, { issuedAtMs: this.now(), lastNc: 0, exempt, declaredStale: false });
    if (this.nonces.size > MAX_NONCES_PER_DEVICE) {
      const oldest = this.nonces.keys().next().value;
      if (oldest !== undefined) this.nonces.delete(oldest);
    }
    return nonce;
  }

  isLockedOut(): boolean {
    return this.now() < this.lockedUntilMs;
  }

  failureCount(): number {
    return this.consecutiveFailures;
  }

  private refuse(stale: boolean, countedAsFailure: boolean, exempt = false): DigestVerdict {
    return { ok: false, nonce: this.issueNonce(exempt), stale, countedAsFailure };
  }

  private recordFailure(): void {
    const now = this.now();
    const initial = this.options.lockoutInitialMs ?? LOCKOUT_INITIAL_MS;
    if (now - this.lastFailureMs > LOCKOUT_RESET_AFTER_MS) this.nextLockoutMs = initial;
    this.lastFailureMs = now;
    this.consecutiveFailures += 1;
    if (this.consecutiveFailures >= LOCKOUT_FAILURE_THRESHOLD) {
      // Continued failures after a lockout lock again at once, each time for twice as long (§1.9).
      this.lockedUntilMs = now + this.nextLockoutMs;
      const cap = (LOCKOUT_MAX_MS / LOCKOUT_INITIAL_MS) * initial;
      this.nextLockoutMs = Math.min(this.nextLockoutMs * 2, cap);
    }
  }

  check(request: DigestCheckOptions): DigestVerdict {
    const params = request.authorization ? parseDigestHeader(request.authorization) : undefined;
    if (!params) return this.refuse(false, false); // the normal first round trip: no credentials yet
    if (this.isLockedOut()) {
      // A locked account answers exactly like a wrong password, even to correct credentials.
      return this.refuse(false, true);
    }
    const nonce = params.get('nonce') ?? '';
    const record = this.nonces.get(nonce);
    if (!record) return this.refuse(false, false); // unknown or forgotten nonce: a fresh challenge, not a failure
    const lifetimeMs = this.options.nonceLifetimeMs ?? DEFAULT_NONCE_LIFETIME_MS;
    if (this.now() - record.issuedAtMs > lifetimeMs) {
      this.nonces.delete(nonce);
      return this.refuse(this.options.staleFlagOnExpiry ?? false, false);
    }
    if (request.staleNonceFault && !record.exempt && !record.declaredStale) {
      record.declaredStale = true;
      return this.refuse(this.options.staleFlagOnExpiry ?? false, false, true);
    }
    const ncText = params.get('nc') ?? '';
    const nc = /^[0-9a-fA-F]{1,8}$/.test(ncText) ? parseInt(ncText, 16) : NaN;
    const valid =
      params.get('username') === this.options.user &&
      params.get('realm') === this.options.realm &&
      params.get('qop') === DIGEST_QOP &&
      params.get('uri') === request.path &&
      Number.isFinite(nc) &&
      (params.get('cnonce') ?? '') !== '' &&
      this.responseMatches(params, request.method);
    if (!valid) {
      this.recordFailure();
      return this.refuse(false, true);
    }
    if (nc <= record.lastNc) return this.refuse(false, false); // replayed nc: challenge again, but it is no wrong password
    record.lastNc = nc;
    this.consecutiveFailures = 0;
    this.nextLockoutMs = this.options.lockoutInitialMs ?? LOCKOUT_INITIAL_MS;
    return { ok: true };
  }

  /**
   * Plain user/password (redirection auth type 1, what old firmware and amtterm 1.4 use): same account, same
   * lockout as digest. A locked account answers like a wrong password.
   */
  checkPlain(user: string, password: string): boolean {
    if (this.isLockedOut()) return false;
    const expected = Buffer.from(`${this.options.user}\0${this.options.password()}`);
    const given = Buffer.from(`${user}\0${password}`);
    const ok = expected.length === given.length && timingSafeEqual(expected, given);
    if (!ok) {
      this.recordFailure();
      return false;
    }
    this.consecutiveFailures = 0;
    this.nextLockoutMs = this.options.lockoutInitialMs ?? LOCKOUT_INITIAL_MS;
    return true;
  }

  private responseMatches(params: Map<string, string>, method: string): boolean {
    const ha1 = md5(`${this.options.user}:${this.options.realm}:${this.options.password()}`);
    const ha2 = md5(`${method}:${params.get('uri')}`);
    const expected = md5(
      `${ha1}:${params.get('nonce')}:${params.get('nc')}:${params.get('cnonce')}:${DIGEST_QOP}:${ha2}`,
    );
    const given = (params.get('response') ?? '').toLowerCase();
    return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
  }
}
