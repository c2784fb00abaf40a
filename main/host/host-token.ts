// The headless host's per-start secret (docs/architecture.md: "any local web page could otherwise drive
// it"): 256 random bits, compared in constant time.

import { randomBytes, timingSafeEqual } from 'node:crypto';

const TOKEN_BYTES = 32;

export function newHostToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

export function tokensEqual(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
