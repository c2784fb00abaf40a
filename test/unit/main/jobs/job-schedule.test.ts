// When a job's occurrences are (main/jobs/job-schedule.ts): daily and weekly at a local time of day, the first
// occurrence of a new job, and the words a person reads. Local time follows TZ; the DST cases pin Europe/Berlin.

import { afterEach, describe, expect, it } from 'vitest';
import { firstOccurrence, nextOccurrenceAfter, scheduleWords } from '../../../../main/jobs/job-schedule';

const savedTz = process.env['TZ'];
afterEach(() => {
  if (savedTz === undefined) delete process.env['TZ'];
  else process.env['TZ'] = savedTz;
});

/** A local time as milliseconds in the current TZ. */
function local(y: number, mo: number, d: number, h = 0, mi = 0): number {
  return new Date(y, mo - 1, d, h, mi, 0, 0).getTime();
}

describe('daily and weekly occurrences', () => {
  it('daily: later today when the time is still ahead, else tomorrow; strictly after the given instant', () => {
    process.env['TZ'] = 'UTC';
    const daily = { kind: 'daily', time: '02:00' } as const;
    expect(nextOccurrenceAfter(daily, local(2026, 12, 7, 1, 30))).toBe(local(2026, 12, 7, 2, 0));
    expect(nextOccurrenceAfter(daily, local(2026, 12, 7, 2, 0))).toBe(local(2026, 12, 8, 2, 0));
    expect(nextOccurrenceAfter(daily, local(2026, 12, 31, 23, 0))).toBe(local(2027, 1, 1, 2, 0));
  });

  it('weekly: the next listed day, across the end of the week', () => {
    process.env['TZ'] = 'UTC';
    // 2026-12-07 is a Monday.
    const friday = { kind: 'weekly', days: ['fri'], time: '02:00' } as const;
    expect(nextOccurrenceAfter(friday, local(2026, 12, 7, 12))).toBe(local(2026, 12, 11, 2, 0));
    const monWed = { kind: 'weekly', days: ['mon', 'wed'], time: '22:30' } as const;
    expect(nextOccurrenceAfter(monWed, local(2026, 12, 7, 22, 30))).toBe(local(2026, 12, 9, 22, 30));
    expect(nextOccurrenceAfter(monWed, local(2026, 12, 10, 8))).toBe(local(2026, 12, 14, 22, 30));
  });

  it('now and at have no next occurrence; a bad time of day has none either', () => {
    expect(nextOccurrenceAfter({ kind: 'now' }, Date.now())).toBeNull();
    expect(nextOccurrenceAfter({ kind: 'at', at: new Date().toISOString() }, Date.now())).toBeNull();
    expect(nextOccurrenceAfter({ kind: 'daily', time: '24:00' }, Date.now())).toBeNull();
    expect(nextOccurrenceAfter({ kind: 'weekly', days: [], time: '02:00' }, Date.now())).toBeNull();
  });

  it('the first occurrence of a new job: now at once, at its instant, daily at the next time of day', () => {
    process.env['TZ'] = 'UTC';
    const now = local(2026, 12, 7, 3);
    expect(firstOccurrence({ kind: 'now' }, now)).toBe(now);
    expect(firstOccurrence({ kind: 'at', at: '2026-12-08T02:00:00.000Z' }, now)).toBe(
      Date.parse('2026-12-08T02:00:00.000Z'),
    );
    expect(firstOccurrence({ kind: 'daily', time: '02:00' }, now)).toBe(local(2026, 12, 8, 2, 0));
  });

  it('keeps the local time of day across a daylight-saving change (Europe/Berlin)', () => {
    process.env['TZ'] = 'Europe/Berlin';
    const daily = { kind: 'daily', time: '03:30' } as const;
    // Clocks go back on 2026-10-25 (03:00 CEST -> 02:00 CET): 03:30 local both days, 25 h apart.
    const before = nextOccurrenceAfter(daily, local(2026, 10, 23, 12)) as number;
    const after = nextOccurrenceAfter(daily, before) as number;
    expect(new Date(before).getHours()).toBe(3);
    expect(new Date(after).getHours()).toBe(3);
    expect(after - before).toBe(25 * 3_600_000);
    // Clocks go forward on 2026-03-29: 02:30 does not exist that day; the occurrence still comes, once, that morning.
    const gap = nextOccurrenceAfter({ kind: 'daily', time: '02:30' }, local(2026, 3, 28, 12)) as number;
    const next = nextOccurrenceAfter({ kind: 'daily', time: '02:30' }, gap) as number;
    expect(new Date(gap).getDate()).toBe(29);
    expect(new Date(next).getDate()).toBe(30);
  });

  it('says a schedule in words', () => {
    expect(scheduleWords({ kind: 'now' })).toBe('now');
    expect(scheduleWords({ kind: 'daily', time: '02:00' })).toBe('daily at 02:00');
    expect(scheduleWords({ kind: 'weekly', days: ['mon', 'fri'], time: '02:00' })).toBe('weekly on mon, fri at 02:00');
  });
});
