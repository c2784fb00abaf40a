// The Windows installer (issue 11): `scripts/dist-win.mjs` builds it offline through electron-builder's NSIS
// target with Debian's makensis, around a STAND-IN electron.exe (a PE file with no code: this checks what the
// installer installs and records, never that the app runs). Two installers are built, 0.1.0 and a higher
// version, and run silently under Debian's wine64 in throwaway prefixes: per-user and per-machine installs,
// the files against the packaged app byte for byte, the uninstall entry in wine's registry, an upgrade in
// place that keeps a user-data folder with a database, and silent uninstalls with and without the data.
// The installer is also unpacked with 7z, which needs no wine.
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const PROJECT_DIR = join(import.meta.dirname, '..', '..', '..');
const BUILD_TIMEOUT_MS = 240_000;
const WINE_TIMEOUT_MS = 120_000;
const PRODUCT_NAME = 'AMT Console';
const PUBLISHER = 'amt-console authors';
const PACKAGE_NAME = 'amt-console';
const OLD_VERSION = (JSON.parse(readFileSync(join(PROJECT_DIR, 'package.json'), 'utf8')) as { version: string })
  .version;
const NEW_VERSION = OLD_VERSION.replace(/\d+$/, (patch) => String(Number(patch) + 1));
const UNINSTALLER = `Uninstall ${PRODUCT_NAME}.exe`;
const UNINSTALL_KEY_PREFIX = 'Software\\\\Microsoft\\\\Windows\\\\CurrentVersion\\\\Uninstall\\\\';
const MAX_TREE_FILES = 10_000;
// NSIS exit codes of assets/nsis/installer.nsi (README "Deployment").
const EXIT_CONFLICTING_MODES = 4;

interface Build {
  readonly installer: string;
  readonly appDir: string;
  readonly log: string;
}

let work: string;
const builds: Record<string, Build> = {};

async function buildInstaller(version: string): Promise<Build> {
  const output = join(work, `release-${version}`);
  const result = await run(
    process.execPath,
    [
      join(PROJECT_DIR, 'scripts', 'dist-win.mjs'),
      `-c.directories.output=${output}`,
      `-c.extraMetadata.version=${version}`,
    ],
    {
      cwd: PROJECT_DIR,
      timeout: BUILD_TIMEOUT_MS,
      maxBuffer: 32 * 1024 * 1024,
      env: {
        ...process.env,
        AMT_CONSOLE_DIST_WIN_WORK: join(work, `dist-work-${version}`),
        ELECTRON_BUILDER_CACHE: join(work, 'cache'),
      },
    },
  );
  return {
    installer: join(output, `${PACKAGE_NAME} Setup ${version}.exe`),
    appDir: join(output, 'win-unpacked'),
    log: `${result.stdout}\n${result.stderr}`,
  };
}

beforeAll(
  async () => {
    for (const built of ['dist/electron/main.cjs', 'dist/preload/index.cjs', 'dist/renderer/index.html']) {
      if (!existsSync(join(PROJECT_DIR, built)))
        throw new Error(`${built} is missing: run \`npm run build\` first (npm test does).`);
    }
    console.log(
      '[installer] stand-in electron.exe: this checks what the installer installs and records, not that the app runs.',
    );
    work = mkdtempSync(join(tmpdir(), 'amt-console-installer-'));
    builds[OLD_VERSION] = await buildInstaller(OLD_VERSION);
    builds[NEW_VERSION] = await buildInstaller(NEW_VERSION);
  },
  2 * BUILD_TIMEOUT_MS + 10_000,
);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** sha256 of every file under `dir`, by path relative to it (forward slashes). */
function treeHashes(dir: string): Map<string, string> {
  const hashes = new Map<string, string>();
  const pending = [dir];
  while (pending.length > 0 && hashes.size < MAX_TREE_FILES) {
    const current = pending.pop() as string;
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) pending.push(path);
      else
        hashes.set(
          relative(dir, path).replaceAll('\\', '/'),
          createHash('sha256').update(readFileSync(path)).digest('hex'),
        );
    }
  }
  return hashes;
}

function expectSameApp(installed: Map<string, string>, packaged: Map<string, string>): void {
  expect([...packaged.keys()]).toEqual(
    expect.arrayContaining([
      'resources/app.asar',
      `${PRODUCT_NAME}.exe`,
      'resources/app.asar.unpacked/node_modules/better-sqlite3/build/Release/better_sqlite3.node',
    ]),
  );
  expect(Object.fromEntries(installed)).toEqual(Object.fromEntries(packaged));
}

describe('the installer, unpacked with 7z (no wine needed)', () => {
  it('was built by electron-builder with Debian makensis and carries the packaged app byte for byte', () => {
    const build = builds[OLD_VERSION] as Build;
    expect(build.log).toContain('ELECTRON_BUILDER_NSIS_DIR');
    expect(build.log).toMatch(/building\s+target=nsis/);
    expect(existsSync(build.installer)).toBe(true);
    const out = join(work, 'unpacked-7z');
    execFileSync('7z', ['x', '-y', `-o${out}`, build.installer], { stdio: 'pipe', timeout: WINE_TIMEOUT_MS });
    const unpacked = treeHashes(out);
    // NSIS keeps its plugins under $PLUGINSDIR and the uninstaller is written at install time.
    const appFiles = new Map(
      [...unpacked].filter(([path]) => !path.startsWith('$PLUGINSDIR/') && path !== UNINSTALLER),
    );
    expectSameApp(appFiles, treeHashes(build.appDir));
    // Only Debian's plugins are inside: no UAC, StdUtils, WinShell, nsProcess, Nsis7z or SpiderBanner.
    const plugins = [...unpacked.keys()]
      .filter((p) => p.startsWith('$PLUGINSDIR/'))
      .map((p) => p.slice('$PLUGINSDIR/'.length))
      .sort();
    expect(plugins.filter((p) => p.endsWith('.dll'))).toEqual(['System.dll', 'UserInfo.dll', 'nsDialogs.dll']);
    const magic = readFileSync(build.installer).subarray(0, 2).toString('latin1');
    expect(magic).toBe('MZ');
  });
});

// ---- wine ----

const wineProbe = probeWine();

function probeWine(): { ok: true } | { ok: false; reason: string } {
  try {
    execFileSync('wine', ['--version'], { stdio: 'pipe', timeout: 10_000 });
  } catch (error) {
    return {
      ok: false,
      reason: `wine is not installed (${(error as Error).message.split('\n')[0]}); .ci/run installs Debian's wine`,
    };
  }
  return { ok: true };
}

interface Prefix {
  readonly env: NodeJS.ProcessEnv;
  readonly root: string;
  readonly driveC: string;
}

function newPrefix(name: string): Prefix {
  const root = join(work, `wine-${name}`);
  const home = join(root, 'home');
  mkdirSync(home, { recursive: true });
  // HOME inside the throwaway folder: wine links the prefix's Desktop and Documents to it.
  const env = {
    ...process.env,
    HOME: home,
    WINEPREFIX: join(root, 'prefix'),
    WINEDEBUG: '-all',
    WINEDLLOVERRIDES: 'mscoree,mshtml=;winemenubuilder.exe=d',
    DISPLAY: '',
  };
  return { env, root, driveC: join(root, 'prefix', 'drive_c') };
}

/**
 * Runs a Windows program, then waits for wineserver so that every child (the uninstaller's copy in %TEMP%)
 * is done and the registry is on disk.
 */
async function wine(prefix: Prefix, args: string[]): Promise<number> {
  let code = 0;
  try {
    await run('wine', args, { env: prefix.env, timeout: WINE_TIMEOUT_MS });
  } catch (error) {
    const failure = error as { code?: number | string; killed?: boolean };
    if (failure.killed || typeof failure.code !== 'number') throw error;
    code = failure.code;
  }
  await run('wineserver', ['-w'], { env: prefix.env, timeout: WINE_TIMEOUT_MS });
  return code;
}

function userDir(prefix: Prefix): string {
  const users = readdirSync(join(prefix.driveC, 'users')).filter((u) => u !== 'Public');
  expect(users).toHaveLength(1);
  return join(prefix.driveC, 'users', users[0] as string);
}

/** The values of the uninstall entries in a wine registry file (user.reg is HKCU, system.reg is HKLM). */
function uninstallEntries(prefix: Prefix, file: 'user.reg' | 'system.reg'): Map<string, Record<string, string>> {
  const entries = new Map<string, Record<string, string>>();
  const path = join(prefix.root, 'prefix', file);
  if (!existsSync(path)) return entries;
  let current: Record<string, string> | undefined;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const section = /^\[(.*)\]/.exec(line);
    if (section) {
      const key = section[1] as string;
      current = key.startsWith(UNINSTALL_KEY_PREFIX) ? {} : undefined;
      if (current) entries.set(key.slice(UNINSTALL_KEY_PREFIX.length), current);
      continue;
    }
    const value = /^"([^"]+)"=(?:"((?:[^"\\]|\\.)*)"|dword:([0-9a-f]+))$/.exec(line);
    if (current && value)
      current[value[1] as string] =
        value[2] !== undefined ? value[2].replace(/\\(.)/g, '$1') : String(parseInt(value[3] as string, 16));
  }
  return entries;
}

function ourEntry(prefix: Prefix, file: 'user.reg' | 'system.reg'): Record<string, string> | undefined {
  const ours = [...uninstallEntries(prefix, file)].filter(([, values]) => values.DisplayName === PRODUCT_NAME);
  expect(ours.length).toBeLessThanOrEqual(1);
  if (ours[0]) expect(ours[0][0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  return ours[0]?.[1];
}

/** A user-data folder as the console leaves it: its SQLite database with a row in it. */
function writeUserData(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, `${PACKAGE_NAME}.db`));
  db.exec('CREATE TABLE kept (note TEXT NOT NULL)');
  db.prepare('INSERT INTO kept (note) VALUES (?)').run('written before the upgrade');
  db.close();
}

function readUserData(dataDir: string): string[] {
  const db = new Database(join(dataDir, `${PACKAGE_NAME}.db`), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT note FROM kept').all() as Array<{ note: string }>).map((r) => r.note);
  } finally {
    db.close();
  }
}

const describeWine = wineProbe.ok ? describe : describe.skip;
if (!wineProbe.ok)
  console.log(`[installer] SKIPPED the wine runs: ${wineProbe.reason}; the installer was only unpacked with 7z.`);

describeWine('the installer under wine (silent, throwaway prefixes)', () => {
  it(
    'per-user: installs, records its uninstall entry, upgrades in place keeping the data, uninstalls keeping the data',
    async () => {
      const old = builds[OLD_VERSION] as Build;
      const next = builds[NEW_VERSION] as Build;
      const prefix = newPrefix('user');
      expect(await wine(prefix, [old.installer, '/S', '/currentuser'])).toBe(0);
      const user = userDir(prefix);
      const installDir = join(user, 'AppData', 'Local', 'Programs', PRODUCT_NAME);
      const installed = treeHashes(installDir);
      expect(installed.has(UNINSTALLER)).toBe(true);
      installed.delete(UNINSTALLER);
      expectSameApp(installed, treeHashes(old.appDir));
      const startMenuLink = join(
        user,
        'AppData',
        'Roaming',
        'Microsoft',
        'Windows',
        'Start Menu',
        'Programs',
        `${PRODUCT_NAME}.lnk`,
      );
      expect(existsSync(startMenuLink)).toBe(true);
      expect(ourEntry(prefix, 'user.reg')).toMatchObject({
        DisplayName: PRODUCT_NAME,
        Publisher: PUBLISHER,
        DisplayVersion: OLD_VERSION,
      });
      expect(ourEntry(prefix, 'system.reg')).toBeUndefined();
      expect(ourEntry(prefix, 'user.reg')?.QuietUninstallString).toMatch(
        /Uninstall AMT Console\.exe" \/currentuser \/S$/,
      );

      const dataDir = join(user, 'AppData', 'Roaming', PACKAGE_NAME);
      writeUserData(dataDir);

      // The higher version, with no mode switch: it finds the per-user install and replaces it in place.
      expect(await wine(prefix, [next.installer, '/S'])).toBe(0);
      const upgraded = treeHashes(installDir);
      upgraded.delete(UNINSTALLER);
      expectSameApp(upgraded, treeHashes(next.appDir));
      expect(upgraded.get('resources/app.asar')).not.toBe(installed.get('resources/app.asar'));
      expect(ourEntry(prefix, 'user.reg')).toMatchObject({ DisplayVersion: NEW_VERSION, Publisher: PUBLISHER });
      expect(readUserData(dataDir)).toEqual(['written before the upgrade']);

      expect(await wine(prefix, [join(installDir, UNINSTALLER), '/S', '/currentuser'])).toBe(0);
      expect(existsSync(installDir)).toBe(false);
      expect(existsSync(startMenuLink)).toBe(false);
      expect(ourEntry(prefix, 'user.reg')).toBeUndefined();
      expect(readUserData(dataDir)).toEqual(['written before the upgrade']);

      // Told to, the uninstaller removes the data folder too.
      expect(await wine(prefix, [next.installer, '/S', '/currentuser'])).toBe(0);
      expect(await wine(prefix, [join(installDir, UNINSTALLER), '/S', '/currentuser', '--delete-app-data'])).toBe(0);
      expect(existsSync(installDir)).toBe(false);
      expect(existsSync(dataDir)).toBe(false);
    },
    8 * WINE_TIMEOUT_MS,
  );

  it(
    'per-machine: /allusers into Program Files (or /D=), HKLM uninstall entry, all-users Start menu; uninstall',
    async () => {
      const build = builds[OLD_VERSION] as Build;
      const prefix = newPrefix('machine');
      expect(await wine(prefix, [build.installer, '/S', '/allusers'])).toBe(0);
      const installDir = join(prefix.driveC, 'Program Files', PRODUCT_NAME);
      const installed = treeHashes(installDir);
      installed.delete(UNINSTALLER);
      expectSameApp(installed, treeHashes(build.appDir));
      const startMenuLink = join(
        prefix.driveC,
        'ProgramData',
        'Microsoft',
        'Windows',
        'Start Menu',
        'Programs',
        `${PRODUCT_NAME}.lnk`,
      );
      expect(existsSync(startMenuLink)).toBe(true);
      expect(ourEntry(prefix, 'system.reg')).toMatchObject({
        DisplayName: PRODUCT_NAME,
        Publisher: PUBLISHER,
        DisplayVersion: OLD_VERSION,
        InstallLocation: `C:\\Program Files\\${PRODUCT_NAME}`,
      });
      expect(ourEntry(prefix, 'user.reg')).toBeUndefined();
      expect(await wine(prefix, [join(installDir, UNINSTALLER), '/S', '/allusers'])).toBe(0);
      expect(existsSync(installDir)).toBe(false);
      expect(existsSync(startMenuLink)).toBe(false);
      expect(ourEntry(prefix, 'system.reg')).toBeUndefined();

      // /D= chooses the folder: last on the command line and unquoted, as NSIS wants it (a path without spaces
      // here, because wine quotes an argument that has one).
      expect(await wine(prefix, [build.installer, '/S', '/allusers', '/D=C:\\Apps\\AmtConsole'])).toBe(0);
      const chosen = treeHashes(join(prefix.driveC, 'Apps', 'AmtConsole'));
      chosen.delete(UNINSTALLER);
      expectSameApp(chosen, treeHashes(build.appDir));
      expect(ourEntry(prefix, 'system.reg')?.InstallLocation).toBe('C:\\Apps\\AmtConsole');
    },
    6 * WINE_TIMEOUT_MS,
  );

  it(
    'refuses conflicting switches with its documented exit code and installs nothing',
    async () => {
      const build = builds[OLD_VERSION] as Build;
      const prefix = newPrefix('conflict');
      expect(await wine(prefix, [build.installer, '/S', '/allusers', '/currentuser'])).toBe(EXIT_CONFLICTING_MODES);
      expect(ourEntry(prefix, 'system.reg')).toBeUndefined();
      expect(ourEntry(prefix, 'user.reg')).toBeUndefined();
      expect(existsSync(join(prefix.driveC, 'Program Files', PRODUCT_NAME))).toBe(false);
    },
    2 * WINE_TIMEOUT_MS,
  );
});
