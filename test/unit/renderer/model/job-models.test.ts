// The jobs view's pure parts: the tree's selection as job targets, the form's check against
// JOB_OPTION_LIMITS, the progress bar's segments and words, and the paged target rows with live patches.
import { describe, expect, it } from 'vitest';
import {
  checkJobForm,
  formFieldOf,
  initialJobForm,
  parseWholeNumber,
  type JobFormState,
} from '../../../../renderer/model/job-form';
import {
  canRetryFailed,
  countsWords,
  endedWords,
  finishedPercent,
  progressSegments,
} from '../../../../renderer/model/job-progress';
import {
  EMPTY_TARGET_ROWS,
  pagesFor,
  queryOf,
  toggledSort,
  touchesRun,
  withLiveTargets,
  withPage,
  DEFAULT_TARGET_VIEW,
} from '../../../../renderer/model/job-target-rows';
import { selectedTargetsOf } from '../../../../renderer/model/job-target-selection';
import { buildFleetIndex, clientKey, relayKey, SERVER_KEY } from '../../../../renderer/model/tree-rows';
import {
  JOB_OPTION_LIMITS,
  type ClientId,
  type JobCounts,
  type JobId,
  type JobOptions,
  type JobRunId,
  type JobSummary,
  type JobTarget,
  type RelayId,
} from '../../../../shared/domain';
import { CLIENTS, RELAYS } from './fleet-fixture';

const index = buildFleetIndex(RELAYS, CLIENTS);
const names = {
  relay: (id: RelayId) => RELAYS.find((r) => r.id === id)?.name,
  client: (id: ClientId) => CLIENTS.find((c) => c.id === id)?.hostName,
};

const DEFAULTS: JobOptions = {
  clientControl: true,
  wakeOnLanFallback: true,
  waitSec: 180,
  retries: 3,
  retryIntervalSec: 120,
  shutdownAfter: false,
  maxConcurrent: 100,
  maxPerRelay: 20,
  upPort: null,
};
const NOW = new Date('2026-12-04T21:00:00');

describe('selectedTargetsOf', () => {
  it('takes a selected relay as its whole subtree, sub-relays included, by relay id', () => {
    const t = selectedTargetsOf([relayKey(1 as RelayId)], index, names);
    expect(t.selection).toEqual({ relayIds: [1] });
    // East manager has pc-east-10, -11 and, below East floor 2, pc-floor2-20 and -21.
    expect(t.clientCount).toBe(4);
    expect(t.words).toBe('East manager');
  });

  it('does not list a client twice when its relay is selected too, and words mixed selections', () => {
    const t = selectedTargetsOf(
      [relayKey(2 as RelayId), clientKey(20 as ClientId), clientKey(40 as ClientId)],
      index,
      names,
    );
    expect(t.selection).toEqual({ relayIds: [2], clientIds: [40] });
    expect(t.clientCount).toBe(3);
    expect(t.words).toBe('1 relay and 1 client');
  });

  it('takes the server row as every client, and nothing as nothing', () => {
    expect(selectedTargetsOf([SERVER_KEY], index, names)).toMatchObject({
      clientCount: CLIENTS.length,
      words: `all ${CLIENTS.length} clients`,
    });
    expect(selectedTargetsOf([], index, names)).toMatchObject({
      selection: {},
      clientCount: 0,
      words: 'nothing selected',
    });
    expect(selectedTargetsOf([clientKey(30 as ClientId)], index, names).words).toBe('pc-west-30');
  });
});

describe('the job form', () => {
  const targets = { relayIds: [1 as RelayId] };
  const form = (change: Partial<JobFormState> = {}): JobFormState => ({
    ...initialJobForm(DEFAULTS, 'East manager', NOW),
    ...change,
  });
  const withNumber = (key: keyof JobFormState['numbers'], text: string): JobFormState => ({
    ...form(),
    numbers: { ...form().numbers, [key]: text },
  });

  it('starts from the settings defaults and names itself after type and targets', () => {
    const f = form();
    expect(f.name).toBe('Power on — East manager');
    expect(f.numbers.waitSec).toBe('180');
    expect(f.scheduleKind).toBe('now');
    const checked = checkJobForm(f, targets, 4, NOW);
    expect(checked.errors).toBeNull();
    expect(checked.spec).toEqual({
      name: 'Power on — East manager',
      type: 'power-on',
      targets,
      schedule: { kind: 'now' },
      options: { ...DEFAULTS },
    });
  });

  it('refuses each bad value at its field with the range in words, and sends nothing', () => {
    const cases: Array<[JobFormState, string, RegExp]> = [
      [withNumber('waitSec', '1801'), 'options.waitSec', /Wait time must be a whole number from 0 to 1800 seconds/],
      [withNumber('retries', '6'), 'options.retries', /Retries must be a whole number from 0 to 5/],
      [withNumber('maxConcurrent', '-1'), 'options.maxConcurrent', /from 0 to 10000/],
      [withNumber('retryIntervalSec', '1.5'), 'options.retryIntervalSec', /whole number/],
      [
        { ...withNumber('upPort', '70000'), useUpPort: true },
        'options.upPort',
        /OS port must be a whole number from 1 to 65535/,
      ],
      [form({ scheduleKind: 'at', at: '2026-12-04T20:59' }), 'schedule.at', /in the past/],
      [form({ scheduleKind: 'at', at: '' }), 'schedule.at', /Pick a date and time/],
      [form({ scheduleKind: 'daily', time: '25:00' }), 'schedule.time', /HH:MM/],
      [form({ scheduleKind: 'weekly', days: [] }), 'schedule.days', /at least one day/],
      [form({ name: '   ' }), 'name', /needs a name/],
    ];
    for (const [f, field, words] of cases) {
      const checked = checkJobForm(f, targets, 4, NOW);
      expect(checked.spec, field).toBeNull();
      expect(checked.errors?.[field], field).toMatch(words);
    }
    expect(checkJobForm(form(), {}, 0, NOW).errors).toEqual({
      targets: 'Select clients or a relay in the tree first.',
    });
  });

  it('accepts the edges of every range and turns "at" into an instant', () => {
    const numbers = { ...form().numbers };
    for (const key of ['waitSec', 'retries', 'retryIntervalSec', 'maxConcurrent', 'maxPerRelay'] as const)
      numbers[key] = String(JOB_OPTION_LIMITS[key].max);
    const checked = checkJobForm(form({ numbers, scheduleKind: 'at', at: '2026-12-05T02:00' }), targets, 4, NOW);
    expect(checked.errors).toBeNull();
    expect(checked.spec?.options).toMatchObject({ waitSec: 1800, retries: 5, maxConcurrent: 10_000, upPort: null });
    expect(checked.spec?.schedule).toEqual({ kind: 'at', at: new Date('2026-12-05T02:00').toISOString() });
  });

  it('reads whole numbers only and maps main fields onto its inputs', () => {
    expect(parseWholeNumber(' 42 ')).toBe(42);
    for (const odd of ['', '4.2', '3e2', '-', '0x10', '1 2']) expect(parseWholeNumber(odd)).toBeNaN();
    expect(formFieldOf('targets.clientIds[3]')).toBe('targets');
    expect(formFieldOf('options.waitSec')).toBe('options.waitSec');
    expect(formFieldOf('schedule.at')).toBe('schedule.at');
  });
});

const counts = (c: Partial<JobCounts>): JobCounts => ({
  total: 0,
  waiting: 0,
  running: 0,
  done: 0,
  failed: 0,
  cancelled: 0,
  ...c,
});

function summary(change: Partial<JobSummary> = {}): JobSummary {
  return {
    id: 7 as JobId,
    name: 'Night power on',
    type: 'power-on',
    schedule: { kind: 'now' },
    options: DEFAULTS,
    status: 'done',
    createdAt: '2026-12-04T20:00:00Z',
    createdBy: 'anna',
    nextRunAt: null,
    latestRunId: 3 as JobRunId,
    latestRunStartedAt: '2026-12-04T20:00:00Z',
    latestRunMissedAt: null,
    counts: counts({ total: 10, done: 7, failed: 2, cancelled: 1 }),
    ...change,
  };
}

describe('job progress', () => {
  it('splits the bar by part in proportion and words the counts', () => {
    const c = counts({ total: 8, done: 2, failed: 1, running: 1, waiting: 4 });
    expect(progressSegments(c)).toEqual([
      { part: 'done', count: 2, percent: 25 },
      { part: 'failed', count: 1, percent: 12.5 },
      { part: 'running', count: 1, percent: 12.5 },
      { part: 'waiting', count: 4, percent: 50 },
    ]);
    expect(countsWords(c)).toBe('2 done · 1 failed · 1 running · 4 waiting');
    expect(finishedPercent(c)).toBe(37);
    expect(progressSegments(counts({}))).toEqual([]);
    expect(countsWords(counts({}))).toBe('no targets');
  });

  it('tells how a job ended and offers retry only for failed targets of a run that is not running', () => {
    expect(endedWords(summary())).toBe('Job "Night power on" ended with 2 failed: 7 done · 2 failed · 1 cancelled.');
    expect(endedWords(summary({ counts: counts({ total: 2, done: 2 }) }))).toBe(
      'Job "Night power on" finished: 2 done.',
    );
    expect(endedWords(summary({ status: 'cancelled' }))).toMatch(/^Job "Night power on" was cancelled/);
    expect(canRetryFailed(summary())).toBe(true);
    expect(canRetryFailed(summary({ status: 'running' }))).toBe(false);
    expect(canRetryFailed(summary({ counts: counts({ total: 1, done: 1 }) }))).toBe(false);
  });
});

function target(runId: number, clientId: number, change: Partial<JobTarget> = {}): JobTarget {
  return {
    runId: runId as JobRunId,
    clientId: clientId as ClientId,
    hostName: `pc-${clientId}`,
    relayId: null,
    state: 'queued',
    attempt: 1,
    wakeMethod: null,
    wokenByJob: false,
    startedAt: null,
    endedAt: null,
    reason: null,
    amtError: null,
    ...change,
  };
}

describe('paged target rows', () => {
  const run = 3 as JobRunId;

  it('asks for the pages a window spans and builds the query from the view', () => {
    expect(pagesFor(0, 30)).toEqual([0]);
    expect(pagesFor(190, 230)).toEqual([0, 200]);
    expect(pagesFor(4_000, 4_040)).toEqual([4_000]);
    expect(queryOf({ ...DEFAULT_TARGET_VIEW, state: 'failed', text: '  pc-1 ' }, 200)).toEqual({
      offset: 200,
      limit: 200,
      sort: { key: 'hostName', dir: 'asc' },
      state: 'failed',
      text: 'pc-1',
    });
    expect(queryOf({ ...DEFAULT_TARGET_VIEW, text: '   ' }, 0)).not.toHaveProperty('text');
  });

  it('keeps fetched pages by index, drops rows past a shrunken total, and starts over for another run', () => {
    let rows = withPage(EMPTY_TARGET_ROWS, run, 0, { total: 400, rows: [target(3, 1), target(3, 2)] });
    rows = withPage(rows, run, 200, { total: 400, rows: [target(3, 201)] });
    expect(rows.byIndex.get(200)?.clientId).toBe(201);
    rows = withPage(rows, run, 0, { total: 2, rows: [target(3, 1), target(3, 2)] });
    expect([...rows.byIndex.keys()]).toEqual([0, 1]);
    const other = withPage(rows, 4 as JobRunId, 0, { total: 1, rows: [target(4, 9)] });
    expect([...other.byIndex.values()].map((t) => t.clientId)).toEqual([9]);
  });

  it('patches live targets of the shown run in place and ignores other runs', () => {
    const rows = withPage(EMPTY_TARGET_ROWS, run, 0, { total: 2, rows: [target(3, 1), target(3, 2)] });
    const live = [target(3, 2, { state: 'done', wakeMethod: 'amt' }), target(9, 1, { state: 'failed' })];
    const patched = withLiveTargets(rows, live);
    expect(patched.byIndex.get(1)).toMatchObject({ state: 'done', wakeMethod: 'amt' });
    expect(patched.byIndex.get(0)?.state).toBe('queued');
    expect(touchesRun(rows, live)).toBe(true);
    expect(withLiveTargets(rows, [target(9, 1)])).toBe(rows);
    expect(touchesRun(rows, [target(9, 1)])).toBe(false);
  });

  it('toggles the sort direction on the same column and starts ascending on another', () => {
    const once = toggledSort(DEFAULT_TARGET_VIEW, 'hostName');
    expect(once.sort).toEqual({ key: 'hostName', dir: 'desc' });
    expect(toggledSort(once, 'state').sort).toEqual({ key: 'state', dir: 'asc' });
  });
});
