// The errors of the jobs service: JobSpecError names the field that is wrong (the form shows it there, the
// CLI prints it, IPC passes it on); JobError is everything else a caller can act on.

export class JobSpecError extends Error {
  override readonly name = 'JobSpecError';
  /** Where the mistake is, as a path into the spec: 'options.waitSec', 'targets.clientIds[3]', 'schedule.at'. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

export type JobErrorCode = 'not-found' | 'bad-state' | 'stopped';

export class JobError extends Error {
  override readonly name = 'JobError';
  readonly code: JobErrorCode;

  constructor(code: JobErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export function isJobSpecError(error: unknown): error is JobSpecError {
  return error instanceof JobSpecError;
}

export function isJobError(error: unknown): error is JobError {
  return error instanceof JobError;
}
