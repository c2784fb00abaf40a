// SOL output batching (main/api/sol-output-buffer.ts): chunks within one window leave as one event in order,
// flush() sends at once, the pending bound reports overflow once and then accepts nothing, dispose drops.
import { describe, expect, it } from 'vitest';
import { SolOutputBuffer } from '../../../../main/api/sol-output-buffer';

function collector(
  maxPendingBytes: number,
  flushAfterMs = 1,
): { buffer: SolOutputBuffer; flushed: Uint8Array[]; overflows: () => number } {
  const flushed: Uint8Array[] = [];
  let overflows = 0;
  const buffer = new SolOutputBuffer(
    { flushAfterMs, maxPendingBytes },
    (bytes) => flushed.push(bytes),
    () => overflows++,
  );
  return { buffer, flushed, overflows: () => overflows };
}

describe('SolOutputBuffer', () => {
  it('joins the chunks of one window into one event, in order, after the timer', async () => {
    const { buffer, flushed } = collector(1024);
    const source = new Uint8Array([1, 2, 3]);
    buffer.push(source);
    buffer.push(new Uint8Array([4]));
    source[0] = 99; // the buffer keeps its own copy
    expect(flushed).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(flushed).toEqual([new Uint8Array([1, 2, 3, 4])]);
    expect(buffer.pending).toBe(0);
  });

  it('flush() sends what is pending at once and nothing when empty', () => {
    const { buffer, flushed } = collector(1024, 60_000);
    buffer.flush();
    expect(flushed).toEqual([]);
    buffer.push(new Uint8Array([7]));
    buffer.flush();
    expect(flushed).toEqual([new Uint8Array([7])]);
    buffer.dispose();
  });

  it('reports overflow once when a burst exceeds the bound, then accepts nothing', async () => {
    const { buffer, flushed, overflows } = collector(8, 60_000);
    expect(buffer.push(new Uint8Array(8))).toBe(true);
    expect(buffer.push(new Uint8Array(1))).toBe(false);
    expect(buffer.push(new Uint8Array(1))).toBe(false);
    expect(overflows()).toBe(1);
    buffer.flush();
    expect(flushed).toEqual([]);
  });

  it('dispose drops pending bytes and stops the timer', async () => {
    const { buffer, flushed } = collector(1024);
    buffer.push(new Uint8Array([1]));
    buffer.dispose();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(flushed).toEqual([]);
    expect(buffer.push(new Uint8Array([2]))).toBe(false);
  });
});
