// A relay's work in hand (work.json in its data folder): every non-idempotent step (a power action, boot to
// BIOS setup) is written as 'started' BEFORE it is sent to the device and 'done' with its outcome AFTER, the
// relay's half of main/jobs' action journal. When the console sends the same request again (after a reconnect
// or a relay restart), a 'done' step is answered from here and a 'started' one is never sent blindly again:
// the relay stopped between the two writes and cannot know whether the device got it ('uncertain').

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORK_FILE, writeJsonAtomically } from './relay-data-folder';
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

  constructor(dir: string) {
    this.path = join(dir, WORK_FILE);
    if (!existsSync(this.path)) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch {
      throw new Error(`${this.path} is not readable JSON; move it away to start with no work in hand`);
    }
    if (!Array.isArray(parsed)) throw new Error(`${this.path} does not hold a list of work entries`);
    for (const entry of parsed.slice(-MAX_WORK_RECORDS) as WorkRecordEntry[]) {
      if (entry && typeof entry.requestId === 'string') this.entries.set(entry.requestId, entry);
    }
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
    this.entries.set(requestId, { requestId, op, clientId, startedAt: at, outcome: null });
    this.save();
  }

  done(requestId: string, outcome: WorkOutcome): void {
    const entry = this.entries.get(requestId);
    if (!entry) return;
    this.entries.set(requestId, { ...entry, outcome });
    this.trim();
    this.save();
  }

  private trim(): void {
    // Bounded: at most one pass over the entries.
    for (const [id, entry] of this.entries) {
      if (this.entries.size <= MAX_WORK_RECORDS) break;
      if (entry.outcome !== null) this.entries.delete(id);
    }
  }

  private save(): void {
    writeJsonAtomically(this.path, [...this.entries.values()]);
  }
}
