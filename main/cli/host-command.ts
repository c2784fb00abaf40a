// The shape every per-host amtctl command has (power, info, inventory, boot): what it does to one
// device, and how its result reads as a JSON line and as table cells. run-hosts.ts drives it.

import type { DeviceSession } from './device-session';

export interface HostCommand<R> {
  /** Column headers after HOST for the human table. */
  readonly headers: readonly string[];
  run(session: DeviceSession): Promise<R>;
  /** Fields of the JSON line besides host/ok (which run-hosts adds). */
  toJson(result: R): Record<string, unknown>;
  /** Table cells after the host, one per header. */
  toCells(result: R): string[];
  /** When set, the human output is one block per host instead of a table (multi-line results). */
  toBlock?(host: string, result: R): string;
}
