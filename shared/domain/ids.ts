// Branded identifiers: a HostId is not any string, so it cannot be swapped with a client name by mistake.

declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/**
 * The console's own asset key for a client (mission M4), generated at first registration and kept in AMT's
 * Third Party Data Storage so a re-installed PC is recognised. Lower-case UUID text.
 */
export type HostId = Brand<string, 'HostId'>;
/** A MAC address normalised to lower-case, colon-separated form `aa:bb:cc:dd:ee:ff`. */
export type MacAddress = Brand<string, 'MacAddress'>;
/** SHA-256 of a DER certificate, lower-case hex pairs joined by ':'. */
export type CertFingerprint = Brand<string, 'CertFingerprint'>;

const MAC_PATTERN =
  /^([0-9a-f]{2})[-:.]?([0-9a-f]{2})[-:.]?([0-9a-f]{2})[-:.]?([0-9a-f]{2})[-:.]?([0-9a-f]{2})[-:.]?([0-9a-f]{2})$/i;

/** Parses `a4-ae-11-1c-02-4d`, `A4:AE:11:1C:02:4D` or `a4ae111c024d`; returns undefined when it is not a MAC. */
export function parseMac(text: string): MacAddress | undefined {
  const m = MAC_PATTERN.exec(text.trim());
  if (!m) return undefined;
  return m.slice(1, 7).join(':').toLowerCase() as MacAddress;
}

const HOST_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Accepts UUID text in any case; returns undefined for anything else. */
export function parseHostId(text: string): HostId | undefined {
  const lower = text.trim().toLowerCase();
  return HOST_ID_PATTERN.test(lower) ? (lower as HostId) : undefined;
}

export function asHostId(text: string): HostId {
  return text as HostId;
}
