// The Wake-on-LAN "magic packet" payload (docs amt-protocols.md §4): 6 × 0xFF, then the target MAC 16
// times (102 bytes), optionally followed by a 4- or 6-byte SecureOn password. Pure: bytes in, bytes out.

import { AmtError, parseMac, type MacAddress } from '../../shared/domain';

/** The synchronisation stream a NIC looks for before the repeated MAC. */
export const SYNC_BYTE = 0xff;
export const SYNC_LENGTH_BYTES = 6;
export const MAC_LENGTH_BYTES = 6;
export const MAC_REPEAT_COUNT = 16;
/** 6 + 16 × 6: the payload without a SecureOn password. */
export const MAGIC_PACKET_SIZE_BYTES = SYNC_LENGTH_BYTES + MAC_REPEAT_COUNT * MAC_LENGTH_BYTES;
/** SecureOn passwords are 6 bytes on most NICs; some accept 4 (often written like an IPv4 address). */
export const SECUREON_LENGTHS_BYTES: readonly number[] = [4, 6];

function bad(message: string): AmtError {
  return new AmtError('bad-input', message);
}

/** The 6 bytes of a MAC already normalised by parseMac (`aa:bb:cc:dd:ee:ff`). */
export function macBytes(mac: MacAddress): Uint8Array {
  return Uint8Array.from(mac.split(':').map((pair) => Number.parseInt(pair, 16)));
}

/** Parses a MAC as people type it; a bad one is 'bad-input' naming what was wrong. */
export function parseMacOrThrow(text: string): MacAddress {
  const mac = parseMac(text);
  if (mac !== undefined) return mac;
  const digits = text.replace(/[-:.\s]/g, '');
  if (/[^0-9a-f]/i.test(digits))
    throw bad(`'${text}' is not a MAC address: only hex digits and - : . separators are allowed`);
  if (digits.length !== MAC_LENGTH_BYTES * 2) {
    throw bad(`'${text}' is not a MAC address: it has ${digits.length} hex digits, a MAC has ${MAC_LENGTH_BYTES * 2}`);
  }
  throw bad(`'${text}' is not a MAC address: write it as aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff or aabbccddeeff`);
}

/**
 * Parses a SecureOn password: 4 or 6 hex bytes separated by - or : (`01-23-45-67-89-ab`) or written
 * together. The password itself never appears in the error (it is a credential).
 */
export function parseSecureOn(text: string): Uint8Array {
  const trimmed = text.trim();
  const pairs =
    /^[0-9a-f]+$/i.test(trimmed) && trimmed.length % 2 === 0 ? (trimmed.match(/../g) ?? []) : trimmed.split(/[-:]/);
  const lengths = SECUREON_LENGTHS_BYTES.join(' or ');
  if (!pairs.every((pair) => /^[0-9a-f]{2}$/i.test(pair))) {
    throw bad(`the SecureOn password must be ${lengths} hex bytes like 01-23-45-67-89-ab (it has other characters)`);
  }
  if (!SECUREON_LENGTHS_BYTES.includes(pairs.length)) {
    throw bad(`the SecureOn password must be ${lengths} bytes (got ${pairs.length})`);
  }
  return Uint8Array.from(pairs.map((pair) => Number.parseInt(pair, 16)));
}

/** Builds the payload: 102 bytes, or 106/108 with a SecureOn password. */
export function buildMagicPacket(mac: MacAddress, secureOn?: Uint8Array): Uint8Array {
  if (secureOn !== undefined && !SECUREON_LENGTHS_BYTES.includes(secureOn.length)) {
    throw bad(`the SecureOn password must be ${SECUREON_LENGTHS_BYTES.join(' or ')} bytes (got ${secureOn.length})`);
  }
  const target = macBytes(parseMacOrThrow(mac)); // re-checked: a cast string is not proof it is a MAC
  const packet = new Uint8Array(MAGIC_PACKET_SIZE_BYTES + (secureOn?.length ?? 0));
  packet.fill(SYNC_BYTE, 0, SYNC_LENGTH_BYTES);
  for (let i = 0; i < MAC_REPEAT_COUNT; i++) packet.set(target, SYNC_LENGTH_BYTES + i * MAC_LENGTH_BYTES);
  if (secureOn !== undefined) packet.set(secureOn, MAGIC_PACKET_SIZE_BYTES);
  return packet;
}
