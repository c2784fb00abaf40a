// Branded identifiers: a HostId is not any string, so it cannot be swapped with a client name by mistake.

declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** The client's ID key in the fleet (mission M3: the host name is the client's ID key). */
export type HostId = Brand<string, 'HostId'>;
/** A MAC address normalised to lower-case, colon-separated form `aa:bb:cc:dd:ee:ff`. */
export type MacAddress = Brand<string, 'MacAddress'>;
/** SHA-256 of a DER certificate, lower-case hex pairs joined by ':'. */
export type CertFingerprint = Brand<string, 'CertFingerprint'>;

const MAC_PATTERN = /^([0-9a-f]{2})[-:.]?([0-9a-f]{2})[-:.]?([0-9a-f]{2})[-:.]?([0-9a-f]{2})[-:.]?([0-9a-f]{2})[-:.]?([0-9a-f]{2})$/i;

/** Parses `a4-ae-11-1c-02-4d`, `A4:AE:11:1C:02:4D` or `a4ae111c024d`; returns undefined when it is not a MAC. */
export function parseMac(text: string): MacAddress | undefined {
  const m = MAC_PATTERN.exec(text.trim());
  if (!m) return undefined;
  return m.slice(1, 7).join(':').toLowerCase() as MacAddress;
}

export function asHostId(text: string): HostId {
  return text as HostId;
}
