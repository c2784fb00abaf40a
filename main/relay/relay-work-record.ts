// A relay's work in hand (work.json in its data folder): every non-idempotent step (a power action, boot to
// BIOS setup) is written as 'started' BEFORE it is sent to the device and 'done' with its outcome AFTER, the
// relay's half of main/jobs' action journal. When the console sends the same request again (after a reconnect
// or a relay restart), a 'done' step is answered from here and a 'started' one is never sent blindly again:
// the relay stopped between the two writes and cannot know whether the device got it ('uncertain').
//
// The file is JSON lines, one entry per write, appended (each write costs one line, not the whole record); on
// reading, the last line of a request id wins. It is rewritten compactly once it holds twice the bound.

import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORK_FILE, writeJsonLinesAtomically } from './relay-data-folder';
import type { WorkOp, WorkOutcome } from './messages';

/** Finished steps kept for answering repeats; the oldest go first. Started ones are never dropped. */
export const MAX_WORK_RECORDS = 4096;

export interface WorkRecordEntry {
  readonly requestId: string;
  readonly op: WorkOp;
  readonly clientId: number;
  readonly startedAt: string;
  readonly outcome: WorkOutcome | null;
}

export class RelayWorkRecord {
  private readonly entries = new Map<string, WorkRecordEntry>();
  private readonly path: string;
  private linesInFile = 0;

  constructor(dir: string) {
    this.path = join(dir, WORK_FILE);
    if (!existsSync(this.path)) return;
    const lines = readFileSync(this.path, 'utf8').split('\n');
    for (const [index, line] of lines.entries()) {
      if (line.trim() === '') continue;
      let entry: WorkRecordEntry;
      try {
        entry = JSON.parse(line) as WorkRecordEntry;
      } catch (error) {
        // A last line cut short by a crash mid-write is the one thing that may be torn; anything else is damage.
        if (index === lines.length - 1) break;
        throw new Error(
          `${this.path} is not readable JSON lines (line ${index + 1}); move it away to start with no work in hand`,
          { cause: error },
        );
      }
      if (typeof entry?.requestId !== 'string') throw new Error(`${this.path} line ${index + 1} is not a work entry`);
      this.entries.delete(entry.requestId); // re-inserted: the map's order is the order of last writes
      this.entries.set(entry.requestId, entry);
      this.linesInFile += 1;
    }
    this.trim();
  }

  get(requestId: string): WorkRecordEntry | undefined {
    return this.entries.get(requestId);
  }

  /** Steps started and not finished (a restarted relay reports them in its log). */
  unfinished(): WorkRecordEntry[] {
    return [...this.entries.values()].filter((e) => e.outcome === null);
  }

  get size(): number {
    return this.entries.size;
  }

  started(requestId: string, op: WorkOp, clientId: number, at: string): void {
    this.write({ requestId, op, clientId, startedAt: at, outcome: null });
  }

  done(requestId: string, outcome: WorkOutcome): void {
    const entry = this.entries.get(requestId);
    if (entry) this.write({ ...entry, outcome });
  }

  private write(entry: WorkRecordEntry): void {
    this.entries.delete(entry.requestId);
    this.entries.set(entry.requestId, entry);
    this.trim();
    if (this.linesInFile >= 2 * MAX_WORK_RECORDS) {
      writeJsonLinesAtomically(this.path, [...this.entries.values()]);
      this.linesInFile = this.entries.size;
      return;
    }
    appendFileSync(this.path, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
    this.linesInFile += 1;
  }

  private trim(): void {
    // Bounded: at most one pass over the entries, oldest first.
    for (const [id, entry] of this.entries) {
      if (this.entries.size <= MAX_WORK_RECORDS) break;
      if (entry.outcome !== null) this.entries.delete(id);
    }
  }
}
