// A CliIo for running amtctl in-process in tests: records stdout and stderr, never prompts, never stops.
import type { CliIo } from '../../main/cli/run-cli';

export type RecordingCliIo = CliIo & { readonly stdout: string[]; readonly stderr: string[] };

export function recordingCliIo(env: Record<string, string | undefined>, promptRefusal: string): RecordingCliIo {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (t) => stdout.push(t),
    err: (t) => stderr.push(t),
    env,
    stdinIsTty: false,
    prompt: async () => {
      throw new Error(promptRefusal);
    },
    stopSignal: () => new Promise(() => undefined),
  };
}
