// `amtctl wake`: sends Wake-on-LAN packets (docs amt-protocols.md §4) and prints one result per target,
// as a table row or a JSON line, in the order given. "Sent" means the packets left, not that the PC woke.

import { isAmtError } from '../../../shared/domain';
import { parseMacOrThrow, wake, type WakeResult } from '../../wol/index';
import { formatSummary, formatTable, jsonLine } from '../output';
import { runPool, type Settled } from '../run-pool';
import type { WakeTarget } from '../wake-targets';

export interface WakeRunOptions {
  readonly targets: readonly WakeTarget[];
  readonly json: boolean;
  readonly concurrency: number;
  readonly port: number;
  readonly repeatCount: number;
  /** Never printed: it is a password. */
  readonly secureOn: Uint8Array | undefined;
  readonly write: (text: string) => void;
}

export interface WakeOutcome {
  readonly succeeded: number;
  readonly failed: number;
}

const HEADERS = ['MAC', 'RESULT', 'SENT TO'];
const FAILED_CELL = 'FAILED';

function errorReport(error: unknown): { code: string; words: string } {
  // main/wol's messages are written for people (what happened and where); nothing in them is secret.
  if (isAmtError(error)) return { code: error.code, words: error.message };
  return { code: 'internal', words: `internal error: ${error instanceof Error ? error.message : String(error)}` };
}

export async function runWake(options: WakeRunOptions): Promise<WakeOutcome> {
  const rows: string[][] = [];
  let succeeded = 0;
  let failed = 0;
  const emit = (target: WakeTarget, settled: Settled<WakeResult>): void => {
    if (settled.ok) {
      succeeded++;
      const { mac, address, port, packetsSent, sizeBytes } = settled.value;
      if (options.json) options.write(jsonLine({ mac, ok: true, to: address, port, packets: packetsSent, sizeBytes }));
      else rows.push([mac, `sent ${packetsSent} packet${packetsSent === 1 ? '' : 's'}`, `${address}:${port}`]);
      return;
    }
    failed++;
    const { code, words } = errorReport(settled.error);
    if (options.json) options.write(jsonLine({ mac: target.macText, ok: false, error: code, message: words }));
    else rows.push([target.macText, FAILED_CELL, words]);
  };
  await runPool(
    options.targets,
    options.concurrency,
    (target) =>
      // Each target resolves its own MAC and destination, so a bad one fails its line and the rest still go out.
      Promise.resolve().then(() =>
        wake({
          mac: parseMacOrThrow(target.macText),
          destination: target.destination,
          port: options.port,
          repeatCount: options.repeatCount,
          ...(options.secureOn === undefined ? {} : { secureOn: options.secureOn }),
        }),
      ),
    { onInOrder: (target, settled) => emit(target, settled) },
  );
  if (!options.json) {
    options.write(formatTable(HEADERS, rows));
    if (options.targets.length > 1) options.write(formatSummary(succeeded, failed));
  }
  return { succeeded, failed };
}
