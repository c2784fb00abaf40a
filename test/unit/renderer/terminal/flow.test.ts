import { describe, expect, it } from 'vitest';
import { WriteFlow, type FlowStatus } from '../../../../renderer/terminal/flow';

function harness() {
  const pending: Array<() => void> = [];
  const written: string[] = [];
  const statuses: FlowStatus[] = [];
  const flow = new WriteFlow(
    (text, drawn) => {
      written.push(text);
      pending.push(drawn);
    },
    (s) => statuses.push(s),
    { lowWatermarkChars: 4, highWatermarkChars: 10, maxQueuedChars: 20 },
  );
  return { flow, pending, written, statuses };
}

describe('WriteFlow', () => {
  it('counts characters until xterm says they are drawn', () => {
    const { flow, pending } = harness();
    flow.write('abc');
    flow.write('de');
    expect(flow.status.queuedChars).toBe(5);
    pending.shift()?.();
    expect(flow.status.queuedChars).toBe(2);
  });

  it('reports behind above the high watermark and caught up at the low one', () => {
    const { flow, pending, statuses } = harness();
    flow.write('123456');
    flow.write('789012'); // 12 > 10
    expect(statuses.at(-1)?.behind).toBe(true);
    pending.shift()?.(); // 6 left, still above low
    expect(flow.status.behind).toBe(true);
    pending.shift()?.(); // 0
    expect(statuses.at(-1)).toEqual({ queuedChars: 0, behind: false, skippedChars: 0 });
  });

  it('skips output beyond the hard bound and counts it', () => {
    const { flow, written } = harness();
    flow.write('x'.repeat(15));
    flow.write('y'.repeat(8)); // 23 > 20
    expect(written).toHaveLength(1);
    expect(flow.status.skippedChars).toBe(8);
  });

  it('ignores callbacks and writes after dispose', () => {
    const { flow, pending, written } = harness();
    flow.write('abc');
    flow.dispose();
    pending.shift()?.();
    flow.write('d');
    expect(written).toEqual(['abc']);
    expect(flow.status.queuedChars).toBe(3);
  });

  it('refuses inconsistent limits', () => {
    expect(
      () =>
        new WriteFlow(
          () => undefined,
          () => undefined,
          { lowWatermarkChars: 10, highWatermarkChars: 5, maxQueuedChars: 20 },
        ),
    ).toThrow(RangeError);
  });
});
