// The rules a client's fields follow, whether typed by hand (clients:add) or imported from CSV: host name,
// IPv4 address, AMT port, MAC (normalised by parseMac), subnet mask, AMT firmware version.

import { AmtError, isSubnetMask, parseIpv4, parseMac } from '../../shared/domain';
import type { ClientFields } from '../store/index';

const HOST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,253}[A-Za-z0-9])?$/;
const AMT_VERSION = /^\d{1,3}(?:\.\d{1,5}){1,3}$/;
const MAX_TEXT_LENGTH = 255;

function bad(message: string): AmtError {
  return new AmtError('bad-input', message);
}

/** Checks every present field and returns them with the MAC normalised; throws AmtError 'bad-input' with the words to show. */
export function validateClientFields(fields: ClientFields): ClientFields {
  const hostName = fields.hostName.trim();
  if (hostName === '') throw bad('The host name is empty.');
  if (!HOST_NAME.test(hostName)) throw bad(`"${hostName}" is not a valid host name (letters, digits, '-', '_', '.').`);
  const ip = fields.ip.trim();
  if (ip === '') throw bad('The IP address is empty.');
  if (parseIpv4(ip) === undefined) throw bad(`"${ip}" is not an IPv4 address (like 192.168.1.20).`);
  const port = fields.amtPort;
  if (port !== undefined && port !== null && !(Number.isInteger(port) && port >= 1 && port <= 65535)) throw bad(`"${port}" is not a port number (1-65535).`);
  let mac = fields.mac;
  if (mac !== undefined && mac !== null) {
    const parsed = parseMac(mac);
    if (!parsed) throw bad(`"${mac}" is not a MAC address (like a4:ae:11:1c:02:4d).`);
    mac = parsed;
  }
  const mask = fields.subnetMask;
  if (mask !== undefined && mask !== null && !isSubnetMask(mask.trim())) throw bad(`"${mask}" is not a subnet mask (like 255.255.255.0).`);
  const version = fields.amtVersion;
  if (version !== undefined && version !== null && !AMT_VERSION.test(version.trim())) throw bad(`"${version}" is not an AMT firmware version (like 16.1.25) or N/A.`);
  for (const key of ['os', 'agentVersion'] as const) {
    const value = fields[key];
    if (value !== undefined && value !== null && value.length > MAX_TEXT_LENGTH) throw bad(`The ${key === 'os' ? 'OS' : 'agent version'} is longer than ${MAX_TEXT_LENGTH} characters.`);
  }
  return {
    ...fields,
    hostName,
    ip,
    ...(mac !== undefined ? { mac } : {}),
    ...(mask !== undefined && mask !== null ? { subnetMask: mask.trim() } : {}),
    ...(version !== undefined && version !== null ? { amtVersion: version.trim() } : {}),
  };
}
