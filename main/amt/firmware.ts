// Firmware version from CIM_SoftwareIdentity (amt-protocols.md §2.1), with the HTTP Server header as the
// fallback MC uses when that query fails (§1.2).

import { AmtError, isAmtError } from '../../shared/domain';
import type { WsmanClient } from './wsman-client';
import { readOptionalString } from './wsman-record';

export const CLASS_SOFTWARE_IDENTITY = 'CIM_SoftwareIdentity';
const INSTANCE_AMT = 'AMT';
const INSTANCE_BUILD_NUMBER = 'Build Number';
const INSTANCE_SKU = 'Sku';

export interface FirmwareVersion {
  /** `major.minor.patch[.build]`, e.g. `15.0.23.1706`. */
  readonly version: string;
  readonly major: number;
  readonly minor: number;
  readonly patch: number | undefined;
  readonly build: number | undefined;
  /** The Sku instance's VersionString (a bit field, e.g. `16392`), when reported. */
  readonly sku: string | undefined;
  readonly source: 'software-identity' | 'server-header';
}

const VERSION = /^(\d+)\.(\d+)(?:\.(\d+))?(?:\.(\d+))?$/;
const SERVER_VERSION = /Active Management Technology\s+(\d+\.\d+(?:\.\d+){0,2})/i;

/** Errors after which the Server header is worth trying: the device answered, just not this query. */
const FALLBACK_CODES = new Set(['wsman-fault', 'malformed-xml', 'http-status']);

export async function getFirmwareVersion(client: WsmanClient): Promise<FirmwareVersion> {
  try {
    const items = await client.enumerate(CLASS_SOFTWARE_IDENTITY);
    const byId = new Map<string, string>();
    for (const item of items) {
      const id = readOptionalString(item, 'InstanceID');
      const version = readOptionalString(item, 'VersionString');
      if (id !== undefined && version !== undefined) byId.set(id, version.trim());
    }
    const amt = byId.get(INSTANCE_AMT);
    if (amt === undefined)
      throw new AmtError('malformed-xml', `${CLASS_SOFTWARE_IDENTITY} has no "${INSTANCE_AMT}" instance`);
    const build = byId.get(INSTANCE_BUILD_NUMBER);
    const full = build !== undefined && /^\d+$/.test(build) && amt.split('.').length === 3 ? `${amt}.${build}` : amt;
    return parseVersion(full, byId.get(INSTANCE_SKU), 'software-identity');
  } catch (error) {
    const fromHeader = versionFromServerHeader(client.serverHeader);
    if (fromHeader && isAmtError(error) && FALLBACK_CODES.has(error.code)) return fromHeader;
    throw error;
  }
}

/** `Intel(R) Active Management Technology 15.0.23.1706` → 15.0.23.1706; undefined when absent. */
export function versionFromServerHeader(server: string | undefined): FirmwareVersion | undefined {
  const match = server === undefined ? null : SERVER_VERSION.exec(server);
  if (!match?.[1]) return undefined;
  return parseVersion(match[1], undefined, 'server-header');
}

function parseVersion(text: string, sku: string | undefined, source: FirmwareVersion['source']): FirmwareVersion {
  const m = VERSION.exec(text);
  if (!m) throw new AmtError('malformed-xml', `firmware version "${text.slice(0, 40)}" is not of the form x.y.z`);
  const optional = (s: string | undefined): number | undefined => (s === undefined ? undefined : Number(s));
  return {
    version: text,
    major: Number(m[1]),
    minor: Number(m[2]),
    patch: optional(m[3]),
    build: optional(m[4]),
    sku,
    source,
  };
}
