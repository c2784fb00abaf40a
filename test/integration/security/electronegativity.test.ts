// Electron security scan (issue 3 "Must show"): @doyensec/electronegativity over the Electron-facing
// sources (main/electron, preload, renderer) and over the built bundles that ship (dist/electron,
// dist/preload, dist/renderer). Every finding must be explained in electronegativity-explained.json; a new
// one fails with its check, file and line. A canary with known mistakes shows the scanner really looks.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const run = promisify(execFile);
const PROJECT_DIR = join(import.meta.dirname, '..', '..', '..');
const SCAN_TIMEOUT_MS = 120_000;
const PRELOAD = join(import.meta.dirname, 'electronegativity-preload.cjs');
const TOOL = require.resolve('@doyensec/electronegativity/dist/index.js');
const ELECTRON_VERSION = (require('electron/package.json') as { version: string }).version;
const GLOBAL_FINDING_FILE = 'N/A';

type ScanName = 'sources' | 'bundles' | 'canary';

interface Finding {
  readonly check: string;
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

interface Explanation {
  readonly scan: ScanName;
  readonly check: string;
  readonly file: string;
  readonly why: string;
}

interface Sarif {
  runs: Array<{
    results: Array<{
      ruleId: string;
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine?: number } } }>;
    }>;
  }>;
}

const explained = (
  JSON.parse(readFileSync(join(import.meta.dirname, 'electronegativity-explained.json'), 'utf8')) as {
    findings: Explanation[];
  }
).findings;

let work: string;
const findings = new Map<ScanName, Finding[]>();

/** Runs the scanner over `root` (through our preload: its TypeScript 4 parser, no network) and reads its SARIF. */
async function scan(name: ScanName, root: string): Promise<Finding[]> {
  const output = join(work, `${name}.sarif`);
  await run(
    process.execPath,
    ['-r', PRELOAD, TOOL, '-i', root, '-o', output, '-r', '-v', 'false', '-e', ELECTRON_VERSION],
    {
      timeout: SCAN_TIMEOUT_MS,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const sarif = JSON.parse(readFileSync(output, 'utf8')) as Sarif;
  return sarif.runs.flatMap((r) =>
    r.results.map((result) => {
      const location = result.locations[0]?.physicalLocation;
      const uri = location?.artifactLocation.uri ?? '';
      // Global checks (missing handlers, CSP absent) name no file: SARIF gets "file:///".
      const file = uri.startsWith('file:') ? GLOBAL_FINDING_FILE : uri;
      const line = location?.region.startLine ?? 0;
      const text =
        file === GLOBAL_FINDING_FILE
          ? ''
          : (readFileSync(join(root, file), 'utf8').split('\n')[line - 1] ?? '').trim().slice(0, 160);
      return { check: result.ruleId, file, line, text };
    }),
  );
}

function copyInto(root: string, from: string, to = from): void {
  cpSync(join(PROJECT_DIR, from), join(root, to), { recursive: true, filter: (source) => !source.endsWith('.map') });
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'amt-console-electronegativity-'));
  // Sources, laid out as in the repository so findings name real paths.
  const sources = join(work, 'sources');
  for (const folder of ['main/electron', 'preload', 'renderer']) copyInto(sources, folder);
  // The bundles that ship; the scanner reads .js, not .cjs, so the two CommonJS bundles are renamed.
  const bundles = join(work, 'bundles');
  copyInto(bundles, 'dist/electron/main.cjs', 'dist/electron/main.js');
  copyInto(bundles, 'dist/preload/index.cjs', 'dist/preload/index.js');
  copyInto(bundles, 'dist/renderer');
  // A window with the classic mistakes: the scan must report them.
  const canary = join(work, 'canary');
  mkdirSync(canary);
  writeFileSync(
    join(canary, 'window.js'),
    [
      "const { BrowserWindow } = require('electron');",
      'const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false, webSecurity: false } });',
      "win.loadURL('http://example.com/');",
    ].join('\n'),
  );
  const scans: Array<[ScanName, string]> = [
    ['sources', sources],
    ['bundles', bundles],
    ['canary', canary],
  ];
  const results = await Promise.all(scans.map(([name, root]) => scan(name, root)));
  scans.forEach(([name], i) => findings.set(name, results[i] ?? []));
}, SCAN_TIMEOUT_MS + 10_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function describeFinding(f: Finding): string {
  return `${f.check} at ${f.file}:${f.line}${f.text ? ` — ${f.text}` : ''}`;
}

function expectAllExplained(name: ScanName): void {
  const found = findings.get(name) ?? [];
  const ours = explained.filter((e) => e.scan === name);
  const unexplained = found
    .filter((f) => !ours.some((e) => e.check === f.check && e.file === f.file))
    .map(describeFinding);
  expect(
    unexplained,
    `unexplained electronegativity findings (${name}): fix them or explain them in electronegativity-explained.json`,
  ).toEqual([]);
  const stale = ours
    .filter((e) => !found.some((f) => f.check === e.check && f.file === e.file))
    .map((e) => `${e.check} ${e.file}`);
  expect(stale, `explanations that match no finding any more (${name}): remove them`).toEqual([]);
  for (const e of ours) expect(e.why.length, `${e.check} ${e.file} needs a real reason`).toBeGreaterThan(40);
}

describe('electronegativity', () => {
  it('really scans: the canary window with known mistakes is reported', () => {
    const checks = (findings.get('canary') ?? []).map((f) => `${f.check} ${f.file}`);
    expect(checks).toEqual(
      expect.arrayContaining([
        'CONTEXT_ISOLATION_JS_CHECK window.js',
        'SANDBOX_JS_CHECK window.js',
        'WEB_SECURITY_JS_CHECK window.js',
        'HTTP_RESOURCES_JS_CHECK window.js',
        `LIMIT_NAVIGATION_GLOBAL_CHECK ${GLOBAL_FINDING_FILE}`,
        `PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK ${GLOBAL_FINDING_FILE}`,
        `CSP_GLOBAL_CHECK ${GLOBAL_FINDING_FILE}`,
      ]),
    );
  });

  it('parses our TypeScript sources (a finding inside windows.ts proves the parser ran on them)', () => {
    expect((findings.get('sources') ?? []).some((f) => f.file === 'main/electron/windows.ts')).toBe(true);
  });

  it('leaves no finding unexplained in the sources (main/electron, preload, renderer)', () => {
    expectAllExplained('sources');
  });

  it('leaves no finding unexplained in the bundles that ship (dist/electron, dist/preload, dist/renderer)', () => {
    expectAllExplained('bundles');
  });

  it('finds no navigation, permission-handler, isolation, sandbox, Node integration or web-security problem anywhere', () => {
    const serious = [...(findings.get('sources') ?? []), ...(findings.get('bundles') ?? [])].filter((f) =>
      /^(LIMIT_NAVIGATION|PERMISSION_REQUEST_HANDLER|CONTEXT_ISOLATION|SANDBOX|NODE_INTEGRATION|WEB_SECURITY|INSECURE_CONTENT|EXPERIMENTAL_FEATURES|OPEN_EXTERNAL|AUXCLICK)/.test(
        f.check,
      ),
    );
    expect(serious.map(describeFinding)).toEqual([]);
  });
});
