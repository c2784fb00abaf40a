// A relay's own small data folder (`amtctl relay --data DIR`): its TLS identity (identity-files.ts), what it
// learnt at enrolment (enrolment.json: its id and name in the console's tree, the console's address and pinned
// certificate), and its work in hand (work.json, relay-work-record.ts). No credentials are ever written here.

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CertFingerprint, RelayId } from '../../shared/domain';
import { parseFingerprint } from '../amt/index';

export const RELAY_IDENTITY_NAME = 'relay';
export const ENROLMENT_FILE = 'enrolment.json';
export const WORK_FILE = 'work.json';
export const RELAY_PIN_FILE = 'amt-pins.json';

export interface RelayEnrolment {
  readonly relayId: RelayId;
  readonly relayName: string;
  readonly consoleHost: string;
  readonly consolePort: number;
  readonly consoleFingerprint: CertFingerprint;
  readonly enrolledAt: string;
}

export function writeJsonAtomically(path: string, value: unknown): void {
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, JSON.stringify(value), { mode: 0o600 });
  renameSync(temporary, path);
}

/** One JSON value per line, written to a temporary file and renamed over `path`. */
export function writeJsonLinesAtomically(path: string, values: readonly unknown[]): void {
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, values.map((v) => `${JSON.stringify(v)}\n`).join(''), { mode: 0o600 });
  renameSync(temporary, path);
}

export function ensureRelayFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** The enrolment, or undefined before the first one; a damaged file is refused with its name. */
export function readEnrolment(dir: string): RelayEnrolment | undefined {
  const path = join(dir, ENROLMENT_FILE);
  if (!existsSync(path)) return undefined;
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    const relayId = raw['relayId'];
    const port = raw['consolePort'];
    if (typeof relayId !== 'number' || !Number.isInteger(relayId) || relayId < 1) throw new Error('relayId');
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65_535)
      throw new Error('consolePort');
    const text = (key: string): string => {
      const value = raw[key];
      if (typeof value !== 'string' || value.length === 0) throw new Error(key);
      return value;
    };
    return {
      relayId: relayId as RelayId,
      relayName: text('relayName'),
      consoleHost: text('consoleHost'),
      consolePort: port,
      consoleFingerprint: parseFingerprint(text('consoleFingerprint')),
      enrolledAt: text('enrolledAt'),
    };
  } catch (error) {
    const what = error instanceof Error ? error.message : String(error);
    throw new Error(`${path} is damaged (${what}); remove the data folder and enrol again`, { cause: error });
  }
}

export function writeEnrolment(dir: string, enrolment: RelayEnrolment): void {
  writeJsonAtomically(join(dir, ENROLMENT_FILE), enrolment);
}
