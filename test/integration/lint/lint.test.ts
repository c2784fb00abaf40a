// `npm run lint`'s configuration against deliberately bad files (test/fixtures/lint/, see its README): the
// project's ESLint, with the project's config (tools/lint/config.mjs), run as a process in a copy of a
// miniature repository. A clean file passes; an upward import and a floating promise fail, each named by
// its rule. (That the real tree passes is `npm run lint` itself, in `npm test`.)
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const PROJECT_DIR = join(import.meta.dirname, '..', '..', '..');
const FIXTURES = join(PROJECT_DIR, 'test', 'fixtures', 'lint');
const ESLINT = join(PROJECT_DIR, 'tools', 'lint', 'node_modules', 'eslint', 'bin', 'eslint.js');
const CONFIG = join(PROJECT_DIR, 'tools', 'lint', 'config.mjs');
const LINT_TIMEOUT_MS = 120_000;
const FIXTURE_SUFFIX = '.fixture';
const MAX_FIXTURE_FILES = 100;

let work: string;

/** Copies the fixtures into a fresh folder with a tsconfig and an eslint.config.mjs using the project's config. */
function miniatureRepository(omit: readonly string[]): string {
  const dir = mkdtempSync(join(work, 'repo-'));
  cpSync(FIXTURES, dir, { recursive: true });
  const pending = [dir];
  let seen = 0;
  while (pending.length > 0 && seen++ < MAX_FIXTURE_FILES) {
    const current = pending.pop() as string;
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) pending.push(path);
      else if (name.endsWith(FIXTURE_SUFFIX)) renameSync(path, path.slice(0, -FIXTURE_SUFFIX.length));
    }
  }
  for (const file of omit) rmSync(join(dir, file));
  const tsconfig = {
    compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', strict: true, noEmit: true },
    include: ['main'],
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
  writeFileSync(
    join(dir, 'eslint.config.mjs'),
    [
      `import { createConfig } from ${JSON.stringify(pathToFileURL(CONFIG).href)};`,
      'export default createConfig(import.meta.dirname);',
      '',
    ].join('\n'),
  );
  return dir;
}

async function lint(dir: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [ESLINT, '--max-warnings', '0', '.'], {
      cwd: dir,
      timeout: LINT_TIMEOUT_MS,
    });
    return { code: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const failure = error as { code?: number | string; stdout?: string; stderr?: string };
    if (typeof failure.code !== 'number') throw error;
    return { code: failure.code, output: `${failure.stdout ?? ''}${failure.stderr ?? ''}` };
  }
}

beforeAll(() => {
  if (!existsSync(ESLINT))
    throw new Error('ESLint is not installed in tools/lint/: run `npm ci --prefix tools/lint` (npm install does it).');
  work = mkdtempSync(join(tmpdir(), 'amt-console-lint-'));
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('npm run lint (the project ESLint config)', () => {
  it(
    'passes the clean files of the miniature repository',
    async () => {
      const result = await lint(miniatureRepository(['main/amt/upward-import.ts', 'main/amt/floating-promise.ts']));
      expect(result.output).toBe('');
      expect(result.code).toBe(0);
    },
    LINT_TIMEOUT_MS,
  );

  it(
    'fails on an upward import and a floating promise, naming the file, the rule and the layer',
    async () => {
      const result = await lint(miniatureRepository([]));
      expect(result.code).toBe(1);
      expect(result.output).toMatch(
        /upward-import\.ts\n\s+1:\d+\s+error\s+'\.\.\/api': main\/amt may not import upward into main\/api\s+amt\/import-layers/,
      );
      expect(result.output).toMatch(
        /floating-promise\.ts\n\s+4:3\s+error\s+Promises must be awaited.*@typescript-eslint\/no-floating-promises/,
      );
      expect(result.output).not.toMatch(/good\.ts/);
      expect(result.output).toMatch(/2 problems \(2 errors, 0 warnings\)/);
    },
    LINT_TIMEOUT_MS,
  );
});
