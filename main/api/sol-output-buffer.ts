// Batches the bytes a SOL host writes into few 'sol:data' events (VS Code's terminal data buffering idea: a
// BIOS redraw arrives as many small frames; one event per few ms keeps IPC and the terminal calm), bounded:
// a burst larger than maxPendingBytes before the next flush reports overflow instead of growing memory.

export interface SolOutputOptions {
  /** Bytes collected this long go out as one event. */
  readonly flushAfterMs: number;
  readonly maxPendingBytes: number;
}

export const DEFAULT_SOL_OUTPUT: SolOutputOptions = { flushAfterMs: 5, maxPendingBytes: 1024 * 1024 };

export class SolOutputBuffer {
  private chunks: Uint8Array[] = [];
  private pendingBytes = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(
    private readonly options: SolOutputOptions,
    private readonly onFlush: (bytes: Uint8Array) => void,
    private readonly onOverflow: () => void,
  ) {}

  /** False (and onOverflow called once) when the bound is exceeded; the buffer then accepts nothing more. */
  push(bytes: Uint8Array): boolean {
    if (this.disposed) return false;
    if (this.pendingBytes + bytes.length > this.options.maxPendingBytes) {
      this.dispose();
      this.onOverflow();
      return false;
    }
    // Copied: the redirection reader may reuse or slice its buffers.
    this.chunks.push(bytes.slice());
    this.pendingBytes += bytes.length;
    this.timer ??= setTimeout(() => this.flush(), this.options.flushAfterMs);
    return true;
  }

  get pending(): number {
    return this.pendingBytes;
  }

  /** Sends what is pending now (before a state change, so data never trails 'closed'). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pendingBytes === 0) return;
    const out = new Uint8Array(this.pendingBytes);
    let at = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    this.chunks = [];
    this.pendingBytes = 0;
    this.onFlush(out);
  }

  /** Drops what is pending; nothing is sent afterwards. */
  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.chunks = [];
    this.pendingBytes = 0;
  }
}
