// Flow control between SOL output and xterm.js (style-anchors §3, Tabby's FlowControl idea): count what was
// handed to xterm but not yet drawn (its write callback says when), report "behind" above a high watermark
// and "caught up" below a low one, and skip output beyond a hard bound so a flood cannot exhaust memory.
// main has no pause for sol:data (the contract has no acknowledgement), so skipping is the only brake here.

export interface FlowLimits {
  /** Above this many undrawn characters the view says it is behind. */
  readonly highWatermarkChars: number;
  /** At or below this the notice goes away. */
  readonly lowWatermarkChars: number;
  /** Output arriving while this many characters are undrawn is skipped (and counted). */
  readonly maxQueuedChars: number;
}

export const DEFAULT_FLOW_LIMITS: FlowLimits = {
  highWatermarkChars: 128 * 1024,
  lowWatermarkChars: 16 * 1024,
  maxQueuedChars: 2 * 1024 * 1024,
};

export interface FlowStatus {
  readonly queuedChars: number;
  readonly behind: boolean;
  readonly skippedChars: number;
}

/** What flow control writes into: xterm's `write(data, callback)`. */
export type TerminalWriter = (text: string, drawn: () => void) => void;

export class WriteFlow {
  private queued = 0;
  private behind = false;
  private skipped = 0;
  private disposed = false;

  constructor(
    private readonly writer: TerminalWriter,
    private readonly onStatus: (status: FlowStatus) => void,
    private readonly limits: FlowLimits = DEFAULT_FLOW_LIMITS,
  ) {
    if (!(limits.lowWatermarkChars < limits.highWatermarkChars && limits.highWatermarkChars <= limits.maxQueuedChars)) {
      throw new RangeError('Flow limits must satisfy low < high <= max.');
    }
  }

  get status(): FlowStatus {
    return { queuedChars: this.queued, behind: this.behind, skippedChars: this.skipped };
  }

  write(text: string): void {
    if (this.disposed || text.length === 0) return;
    if (this.queued + text.length > this.limits.maxQueuedChars) {
      this.skipped += text.length;
      this.report();
      return;
    }
    this.queued += text.length;
    const size = text.length;
    this.writer(text, () => this.drawn(size));
    if (!this.behind && this.queued > this.limits.highWatermarkChars) {
      this.behind = true;
      this.report();
    }
  }

  /** After dispose, late write callbacks and writes are ignored (the terminal is gone). */
  dispose(): void {
    this.disposed = true;
  }

  private drawn(size: number): void {
    if (this.disposed) return;
    this.queued -= size;
    if (this.behind && this.queued <= this.limits.lowWatermarkChars) {
      this.behind = false;
      this.report();
    }
  }

  private report(): void {
    this.onStatus(this.status);
  }
}
