// The rules a client's fields follow, whether typed by hand (clients:add) or imported from CSV: host name,
// IPv4 or IPv6 address (shared/domain/ipv6.ts: IPv6 stored in its RFC 5952 form, no zones), AMT port, MAC
// (normalised by parseMac), subnet mask, AMT firmware version.

import { AmtError, isSubnetMask, normaliseClientAddress, parseMac } from '../../shared/domain';
import type { ClientFields } from '../store/index';

const HOST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,253}[A-Za-z0-9])?$/;
const AMT_VERSION = /^\d{1,3}(?:\.\d{1,5}){1,3}$/;
const MAX_TEXT_LENGTH = 255;

function bad(message: string): AmtError {
  return new AmtError('bad-input', message);
}

type FieldsToCheck = Partial<ClientFields>;

/** Checks the present fields; returns them with MAC, mask and version normalised. */
function checkPresent(fields: FieldsToCheck): FieldsToCheck {
  const out: { -readonly [K in keyof ClientFields]?: ClientFields[K] } = { ...fields };
  if (fields.hostName !== undefined) {
    const hostName = fields.hostName.trim();
    if (hostName === '') throw bad('The host name is empty.');
    if (!HOST_NAME.test(hostName))
      throw bad(`"${hostName}" is not a valid host name (letters, digits, '-', '_', '.').`);
    out.hostName = hostName;
  }
  if (fields.ip !== undefined) {
    out.ip = normaliseClientAddress(fields.ip);
  }
  const port = fields.amtPort;
  if (port !== undefined && port !== null && !(Number.isInteger(port) && port >= 1 && port <= 65535))
    throw bad(`"${port}" is not a port number (1-65535).`);
  const mac = fields.mac;
  if (mac !== undefined && mac !== null) {
    const parsed = parseMac(mac);
    if (!parsed) throw bad(`"${mac}" is not a MAC address (like a4:ae:11:1c:02:4d).`);
    out.mac = parsed;
  }
  const mask = fields.subnetMask;
  if (mask !== undefined && mask !== null) {
    if (!isSubnetMask(mask.trim())) throw bad(`"${mask}" is not a subnet mask (like 255.255.255.0).`);
    out.subnetMask = mask.trim();
  }
  const version = fields.amtVersion;
  if (version !== undefined && version !== null) {
    if (!AMT_VERSION.test(version.trim()))
      throw bad(`"${version}" is not an AMT firmware version (like 16.1.25) or N/A.`);
    out.amtVersion = version.trim();
  }
  for (const key of ['os', 'agentVersion'] as const) {
    const value = fields[key];
    if (value !== undefined && value !== null && value.length > MAX_TEXT_LENGTH)
      throw bad(`The ${key === 'os' ? 'OS' : 'agent version'} is longer than ${MAX_TEXT_LENGTH} characters.`);
  }
  return out;
}

/** A whole client (host name and IP required); throws AmtError 'bad-input' with the words to show. */
export function validateClientFields(fields: ClientFields): ClientFields {
  const checked = checkPresent({ ...fields, hostName: fields.hostName ?? '', ip: fields.ip ?? '' });
  return checked as ClientFields;
}

/** Only the fields a change names (state fields such as power or problem are not checked here). */
export function validateClientChange<T extends FieldsToCheck>(patch: T): T {
  return { ...patch, ...checkPresent(patch) };
}
