// When a job's occurrences are (mission M1 "at night"): now, once at an instant, daily or weekly at a local
// time of day. Pure functions over milliseconds, so tests pin "now". Local time is the console machine's.

import { WEEKDAYS, type JobSchedule, type Weekday } from '../../shared/domain';

/** "HH:MM", 24 h. */
const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;
/** A due run later than this after its time was missed (the console was not running) and says so. */
export const MISSED_AFTER_MS = 60_000;
/** Days searched for the next weekly occurrence: a week and a day covers every DST shift. */
const SEARCH_DAYS = 8;

export function parseTimeOfDay(text: string): { hours: number; minutes: number } | undefined {
  const match = TIME_OF_DAY.exec(text);
  if (!match) return undefined;
  return { hours: Number(match[1]), minutes: Number(match[2]) };
}

/** Date.getDay() numbers Sunday 0; WEEKDAYS starts on Monday. */
function weekdayOf(date: Date): Weekday {
  return WEEKDAYS[(date.getDay() + 6) % 7] as Weekday;
}

/** The first occurrence strictly after `afterMs`; null when the schedule has no more (now, at). */
export function nextOccurrenceAfter(schedule: JobSchedule, afterMs: number): number | null {
  if (schedule.kind === 'now' || schedule.kind === 'at') return null;
  const time = parseTimeOfDay(schedule.time);
  if (time === undefined) return null;
  const days = schedule.kind === 'weekly' ? new Set(schedule.days) : undefined;
  const day = new Date(afterMs);
  for (let i = 0; i <= SEARCH_DAYS; i++) {
    const candidate = new Date(day.getFullYear(), day.getMonth(), day.getDate() + i, time.hours, time.minutes, 0, 0);
    if (candidate.getTime() <= afterMs) continue;
    if (days !== undefined && !days.has(weekdayOf(candidate))) continue;
    return candidate.getTime();
  }
  return null;
}

/** The first occurrence of a new job created at `nowMs`. */
export function firstOccurrence(schedule: JobSchedule, nowMs: number): number | null {
  if (schedule.kind === 'now') return nowMs;
  if (schedule.kind === 'at') return Date.parse(schedule.at);
  return nextOccurrenceAfter(schedule, nowMs);
}

/** A schedule in words: "now", "at 2026-12-05 02:00", "daily at 02:00", "weekly on mon, fri at 02:00". */
export function scheduleWords(schedule: JobSchedule): string {
  switch (schedule.kind) {
    case 'now':
      return 'now';
    case 'at':
      return `at ${localTimeWords(Date.parse(schedule.at))}`;
    case 'daily':
      return `daily at ${schedule.time}`;
    case 'weekly':
      return `weekly on ${schedule.days.join(', ')} at ${schedule.time}`;
  }
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** "2026-12-05 02:00:03" in the console's local time: what a person reads in a reason. */
export function localTimeWords(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** "02:00:03": the time of day alone, for reasons within one night's run. */
export function clockWords(ms: number): string {
  const d = new Date(ms);
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** "180 s" */
export function waitSecondsWords(ms: number): string {
  return `${Math.round(ms / 1_000)} s`;
}
