// The job options (mission M7): each checked against JOB_OPTION_LIMITS with a JobSpecError naming the field,
// and the settings' job defaults filling what a job leaves out.

import { JOB_OPTION_LIMITS, type JobOptions } from '../../shared/domain';
import { JobSpecError } from './job-errors';

export const BUILT_IN_JOB_DEFAULTS: JobOptions = {
  clientControl: true,
  wakeOnLanFallback: true,
  waitSec: JOB_OPTION_LIMITS.waitSec.default,
  retries: JOB_OPTION_LIMITS.retries.default,
  retryIntervalSec: JOB_OPTION_LIMITS.retryIntervalSec.default,
  shutdownAfter: false,
  maxConcurrent: JOB_OPTION_LIMITS.maxConcurrent.default,
  maxPerRelay: JOB_OPTION_LIMITS.maxPerRelay.default,
  upPort: null,
};

const BOOLEAN_OPTIONS = ['clientControl', 'wakeOnLanFallback', 'shutdownAfter'] as const;

/** What each number means, for the error sentence. */
const NUMBER_OPTIONS: ReadonlyArray<readonly [keyof typeof JOB_OPTION_LIMITS, string, string]> = [
  ['waitSec', 'The wait time for a woken client', 'seconds'],
  ['retries', 'The number of retries of a target', 'retries'],
  ['retryIntervalSec', 'The interval between retries', 'seconds'],
  ['maxConcurrent', 'The number of clients worked on at once', 'clients'],
  ['maxPerRelay', 'The number of clients worked on at once per relay', 'clients'],
  ['upPort', 'The TCP port the client answers on when it is up', 'a port number'],
];

const KNOWN = new Set<string>([...BOOLEAN_OPTIONS, ...NUMBER_OPTIONS.map(([k]) => k)]);

function checkNumber(
  prefix: string,
  key: keyof typeof JOB_OPTION_LIMITS,
  label: string,
  unit: string,
  value: unknown,
): number {
  const { min, max } = JOB_OPTION_LIMITS[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const got =
      typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : (JSON.stringify(value) ?? String(value));
    const unitWords = unit === 'a port number' ? 'a whole number' : `a whole number of ${unit}`;
    throw new JobSpecError(`${prefix}${key}`, `${label} must be ${unitWords} from ${min} to ${max} (got ${got}).`);
  }
  return value;
}

/**
 * Checks every given option (an unknown one is an error too: a typo must not silently become the default)
 * and returns them; `prefix` makes the field names ('options.' for a job, 'defaults.' for the settings).
 */
export function checkOptions(given: unknown, prefix: string): Partial<JobOptions> {
  if (given === undefined) return {};
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new JobSpecError(prefix.replace(/\.$/, ''), 'The options must be an object of option names and values.');
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(given as Record<string, unknown>)) {
    if (!KNOWN.has(key)) throw new JobSpecError(`${prefix}${key}`, `There is no job option '${key}'.`);
    if (value === undefined) continue;
    if ((BOOLEAN_OPTIONS as readonly string[]).includes(key)) {
      if (typeof value !== 'boolean')
        throw new JobSpecError(`${prefix}${key}`, `The option '${key}' is on or off (true or false).`);
      out[key] = value;
      continue;
    }
    if (key === 'upPort' && value === null) {
      out[key] = null;
      continue;
    }
    const spec = NUMBER_OPTIONS.find(([k]) => k === key);
    if (spec) out[key] = checkNumber(prefix, spec[0], spec[1], spec[2], value);
  }
  return out as Partial<JobOptions>;
}

export function withDefaults(options: Partial<JobOptions>, defaults: JobOptions): JobOptions {
  return { ...defaults, ...options };
}
