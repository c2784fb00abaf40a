// Runs one HostCommand on every host through the bounded pool and writes each host's result: a JSON
// line as soon as it is in order (--json), a block per host, or one aligned table at the end.

import { describeError, type ErrorPlace } from './error-words';
import type { HostCommand } from './host-command';
import { formatSummary, formatTable, jsonLine } from './output';
import { openDeviceSession, type ConnectionSettings } from './device-session';
import { runPool, type Settled } from './run-pool';

export interface RunHostsContext {
  readonly hosts: readonly string[];
  readonly json: boolean;
  readonly concurrency: number;
  readonly connection: ConnectionSettings;
  /** Writes one line (or block) to stdout. */
  readonly write: (text: string) => void;
  /** Called as each host finishes (completion order), then once more with done === total. */
  readonly progress?: (done: number, total: number) => void;
}

export interface RunHostsOutcome {
  readonly succeeded: number;
  readonly failed: number;
}

const FAILED_CELL = 'FAILED';

export async function runHosts<R>(command: HostCommand<R>, context: RunHostsContext): Promise<RunHostsOutcome> {
  const { connection } = context;
  const rows: string[][] = [];
  const explicitPin = connection.explicitPin !== undefined;
  // Completed when a host's endpoint is known, so its failure can name the ports that were tried.
  const places: ErrorPlace[] = context.hosts.map((host) => ({ host, explicitPin }));
  let succeeded = 0;
  let failed = 0;
  let finished = 0;

  const emit = (host: string, settled: Settled<R>, index: number): void => {
    const place = places[index] ?? { host, explicitPin };
    if (settled.ok) succeeded++;
    else failed++;
    if (context.json) {
      const fields = settled.ok
        ? { host, ok: true, ...command.toJson(settled.value) }
        : errorFields(place, settled.error, connection.credentials.password);
      context.write(jsonLine(fields));
      return;
    }
    if (settled.ok && command.toBlock) {
      context.write(command.toBlock(host, settled.value));
      return;
    }
    if (settled.ok) rows.push([host, ...command.toCells(settled.value)]);
    else {
      const report = describeError(settled.error, place, (text) => scrub(text, connection.credentials.password));
      const cells = [host, FAILED_CELL, report.words];
      if (command.toBlock) context.write(`${host}\n  ${cells[1]}  ${cells[2]}`);
      else rows.push(cells);
    }
  };

  await runPool(
    context.hosts,
    context.concurrency,
    async (host, index) => {
      try {
        const session = openDeviceSession(host, connection);
        places[index] = { host, ports: session.triedPorts, explicitPin };
        try {
          return await command.run(session);
        } finally {
          session.close();
        }
      } finally {
        context.progress?.(++finished, context.hosts.length);
      }
    },
    { onInOrder: emit },
  );

  if (!context.json) {
    if (!command.toBlock) context.write(formatTable(['HOST', ...command.headers], rows));
    if (context.hosts.length > 1) context.write(formatSummary(succeeded, failed));
  }
  return { succeeded, failed };
}

function errorFields(place: ErrorPlace, error: unknown, password: string): Record<string, unknown> {
  const report = describeError(error, place, (text) => scrub(text, password));
  return { host: place.host, ok: false, error: report.code, message: report.words, detail: report.message };
}

/** A one- or two-character password would blank out ordinary letters; such a message is dropped instead. */
const MIN_SCRUB_CHARS = 3;

/**
 * Defence in depth: AmtError messages never carry the password by contract, but amtctl also prints
 * messages from errors it did not make (Node's own), so it removes the password from anything it prints.
 */
export function scrub(text: string, password: string): string {
  if (password.length === 0 || !text.includes(password)) return text;
  if (password.length < MIN_SCRUB_CHARS) return '(message withheld: it might contain the password)';
  return text.split(password).join('***');
}
