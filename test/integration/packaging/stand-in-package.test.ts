// What the Windows package carries (issue 3 item 7). electron-builder packs the app for win/x64 into a
// folder ("--win dir") with `electronDist` pointing at a STAND-IN Electron: an electron.exe that is a valid
// PE file with only a version resource and no code. So this checks WHAT IS PACKAGED (app.asar, its unpacked
// native module, the exe's resources), NOT that the app runs: no Electron binary exists here (toolchain.md).
// The stand-in is scripts/stand-in-electron.mjs; the NSIS installer around it is tested in installer.test.ts.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ELECTRON_DEFAULT_FUSES,
  ELECTRON_VERSION,
  FUSE_OFF,
  FUSE_ON,
  FUSE_WIRE_VERSION,
  writeStandInElectron,
} from '../../../scripts/stand-in-electron.mjs';

const require = createRequire(import.meta.url);
const run = promisify(execFile);
const PROJECT_DIR = join(import.meta.dirname, '..', '..', '..');
const BUILD_TIMEOUT_MS = 180_000;
const PRODUCT_NAME = 'AMT Console';
const ICO_FULL_SIZE_WIDTH = 0; // an ICO/RT_GROUP_ICON width of 0 means 256 px

interface AsarModule {
  listPackage(archive: string, options?: { isPack: boolean }): string[];
  extractFile(archive: string, filename: string): Buffer;
  statFile(archive: string, filename: string): { unpacked?: boolean; files?: unknown; size?: number };
}
// Electron's own asar reader, a dependency of electron-builder (app-builder-lib → @electron/asar).
const asar = require('@electron/asar') as AsarModule;

interface ResourceEntry {
  readonly type: string | number;
  readonly id: string | number;
  readonly bin: ArrayBuffer;
  readonly lang?: number;
  readonly codepage?: number;
}
interface ReseditModule {
  NtExecutable: { from(bin: Buffer): unknown };
  NtExecutableResource: { from(exe: unknown): { entries: ResourceEntry[] } };
  Resource: {
    VersionInfo: {
      fromEntries(
        entries: ResourceEntry[],
      ): Array<{ getStringValues(language: { lang: number; codepage: number }): Record<string, string> }>;
    };
    IconGroupEntry: {
      fromEntries(entries: ResourceEntry[]): Array<{ icons: Array<{ width: number; iconID: number }> }>;
    };
  };
}
// The PE resource editor electron-builder itself uses on Windows executables (app-builder-lib → resedit).
const resedit = require('resedit') as ReseditModule;

interface NativeAbiGate {
  (context: {
    appOutDir: string;
    packager: { projectDir: string; config: { electronVersion?: string } };
  }): Promise<void>;
  findAbiMismatches(appOutDir: string, expectedAbi: number): Array<{ file: string; abi: number }>;
  readonly STAND_IN_ENV: string;
}
// Our afterPack hook (electron-builder.yml): a real build stops when a native module has Node's ABI.
const nativeAbiGate = require('../../../scripts/check-native-abi.cjs') as NativeAbiGate;
const ELECTRON_ABI = Number(readFileSync(require.resolve('electron/abi_version'), 'utf8'));

const EN_US = { lang: 1033, codepage: 1200 };
const RT_ICON = 3;
const FUSE = {
  runAsNode: 0,
  cookieEncryption: 1,
  nodeOptions: 2,
  nodeCliInspect: 3,
  asarIntegrity: 4,
  onlyLoadAppFromAsar: 5,
  v8Snapshot: 6,
  fileProtocolPrivileges: 7,
} as const;

let work: string;
let appOut: string;
let archive: string;
let unpackedDir: string;
let entries: string[];
let builderLog = '';

beforeAll(async () => {
  console.log('[packaging] stand-in Electron build: this checks what is packaged into the app, not that the app runs.');
  for (const built of ['dist/electron/main.cjs', 'dist/preload/index.cjs', 'dist/renderer/index.html']) {
    if (!existsSync(join(PROJECT_DIR, built)))
      throw new Error(`${built} is missing: run \`npm run build\` first (npm test does).`);
  }
  work = mkdtempSync(join(tmpdir(), 'amt-console-pack-'));
  const standIn = join(work, 'stand-in-electron');
  writeStandInElectron(standIn);
  const output = join(work, 'release');
  const result = await run(
    process.execPath,
    [
      require.resolve('electron-builder/cli.js'),
      '--win',
      'dir',
      '--x64',
      '--publish',
      'never',
      `-c.electronDist=${standIn}`,
      `-c.directories.output=${output}`,
    ],
    {
      cwd: PROJECT_DIR,
      timeout: BUILD_TIMEOUT_MS,
      maxBuffer: 16 * 1024 * 1024,
      env: builderEnv(join(work, 'cache')),
    },
  );
  builderLog = `${result.stdout}\n${result.stderr}`;
  appOut = join(output, 'win-unpacked');
  archive = join(appOut, 'resources', 'app.asar');
  unpackedDir = join(appOut, 'resources', 'app.asar.unpacked');
  entries = asar.listPackage(archive).map((p) => p.replaceAll('\\', '/'));
}, BUILD_TIMEOUT_MS + 10_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function inArchive(path: string): boolean {
  return entries.includes(path);
}

describe('the packaged app (stand-in Electron: checks what is packaged, not that it runs)', () => {
  it('used the stand-in without rebuilding native modules, and named the exe after the product', () => {
    expect(builderLog).toContain('using custom unpacked Electron distribution');
    expect(builderLog).toMatch(/skipped dependencies rebuild\s+reason=npmRebuild is set to false/);
    expect(existsSync(join(appOut, `${PRODUCT_NAME}.exe`))).toBe(true);
    expect(existsSync(join(appOut, 'electron.exe'))).toBe(false);
  });

  it('carries the main bundle, the preload and the renderer, byte for byte as built', () => {
    for (const file of [
      'dist/electron/main.cjs',
      'dist/preload/index.cjs',
      'dist/renderer/index.html',
      'dist/renderer/app.js',
      'dist/renderer/app.css',
    ]) {
      expect(inArchive(`/${file}`), file).toBe(true);
      expect(asar.extractFile(archive, file).equals(readFileSync(join(PROJECT_DIR, file))), file).toBe(true);
    }
    const manifest = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8')) as { main: string };
    expect(manifest.main).toBe('dist/electron/main.cjs');
  });

  it('has better-sqlite3 native module outside the asar (native code cannot load from inside it)', () => {
    const nodeFile = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
    expect(asar.statFile(archive, nodeFile).unpacked).toBe(true);
    const shipped = readFileSync(join(unpackedDir, nodeFile));
    expect(shipped.equals(readFileSync(join(PROJECT_DIR, nodeFile)))).toBe(true);
    expect(existsSync(join(unpackedDir, 'node_modules/better-sqlite3/lib/index.js'))).toBe(true);
  });

  it("checks the native module's ABI against Electron's: a release build stops on a Node.js build (a stand-in only warns)", async () => {
    const mismatches = nativeAbiGate.findAbiMismatches(appOut, ELECTRON_ABI);
    const expectedWarning =
      /\[check-native-abi\] stand-in package, not for release: Native modules built for the wrong ABI: \S*better_sqlite3\.node \(NODE_MODULE_VERSION (\d+)\)/;
    if (mismatches.length === 0) {
      // better-sqlite3 was rebuilt for Electron (a release machine): nothing to warn about.
      expect(builderLog).not.toMatch(expectedWarning);
      return;
    }
    // Here npm built better-sqlite3 for Node.js (ABI 115 on Node 20), so the hook saw and named it.
    expect(mismatches.map((m) => m.file.replaceAll('\\', '/'))).toEqual([
      'resources/app.asar.unpacked/node_modules/better-sqlite3/build/Release/better_sqlite3.node',
    ]);
    expect(builderLog).toMatch(expectedWarning);
    console.log(
      `[packaging] better_sqlite3.node is built for NODE_MODULE_VERSION ${mismatches[0]?.abi}; Electron needs ${ELECTRON_ABI}: this package could not open its database.`,
    );
    const releaseBuild = {
      appOutDir: appOut,
      packager: { projectDir: PROJECT_DIR, config: { electronVersion: ELECTRON_VERSION } },
    };
    delete process.env[nativeAbiGate.STAND_IN_ENV];
    await expect(nativeAbiGate(releaseBuild)).rejects.toThrow(
      new RegExp(`Electron ${ELECTRON_VERSION.replaceAll('.', '\\.')} needs NODE_MODULE_VERSION ${ELECTRON_ABI}`),
    );
  });

  it('carries every npm package the main bundle requires, with their own dependencies', () => {
    const mainBundle = readFileSync(join(PROJECT_DIR, 'dist/electron/main.cjs'), 'utf8');
    const required = [...mainBundle.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1] as string);
    const packages = [
      ...new Set(required.filter((r) => !r.startsWith('node:') && r !== 'electron').map(packageNameOf)),
    ];
    expect(packages).toEqual(expect.arrayContaining(['better-sqlite3', 'zod']));
    const missing: string[] = [];
    const seen = new Set<string>();
    const visit = (name: string, fromDir: string): void => {
      // Node's lookup: the package's own node_modules first, then the top level.
      const candidates = [`${fromDir}/node_modules/${name}`, `/node_modules/${name}`];
      const dir = candidates.find((c) => inArchive(`${c}/package.json`));
      if (!dir) return void missing.push(`${name} (needed by ${fromDir || 'the app'})`);
      if (seen.has(dir)) return;
      seen.add(dir);
      const manifest = JSON.parse(asar.extractFile(archive, `${dir.slice(1)}/package.json`).toString('utf8')) as {
        dependencies?: Record<string, string>;
      };
      for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep, dir);
    };
    for (const name of packages) visit(name, '');
    expect(missing).toEqual([]);
  });

  it('ships no simulator, benchmark, headless host, amtctl, tests, source maps, TypeScript or build leftovers', () => {
    const forbidden: Array<[string, RegExp]> = [
      [
        'the AMT simulator (a test peer; amtctl is a separate developer tool, not part of the desktop app)',
        /^\/dist\/(sim|cli)(\/|$)/,
      ],
      ['benchmarks', /^\/dist\/bench(\/|$)/],
      ['the headless host and its WebSocket bridge (a test and demo shell)', /^\/dist\/host(\/|$)|web-socket-bridge/],
      ['sources and tests of ours', /^\/(main|shared|renderer|preload|test|scripts|docs|assets|bench-results)\//],
      ['source maps', /\.map$/],
      ['TypeScript sources', /\.(ts|tsx|mts|cts)$/],
      ['test files of dependencies', /\/(test|tests|__tests__)\/|\.(test|spec)\.[cm]?js$/],
      [
        'better-sqlite3 build leftovers',
        /better-sqlite3\/(deps|src)\/|\/obj(\.target)?\/|test_extension\.node$|\.a$|binding\.gyp$/,
      ],
    ];
    const found = forbidden.flatMap(([what, pattern]) =>
      entries
        .filter((e) => pattern.test(e))
        .slice(0, 5)
        .map((e) => `${what}: ${e}`),
    );
    expect(found).toEqual([]);
    const topLevel = [...new Set(entries.map((e) => e.split('/')[1]))].sort();
    expect(topLevel).toEqual(['dist', 'node_modules', 'package.json']);
    const distFolders = [...new Set(entries.filter((e) => e.startsWith('/dist/')).map((e) => e.split('/')[2]))].sort();
    expect(distFolders).toEqual(['electron', 'preload', 'renderer']);
  });

  it('flips the Electron fuses in the exe: no Node mode, no NODE_OPTIONS or --inspect, app only from a hash-checked asar', async () => {
    const { getCurrentFuseWire } = require('@electron/fuses') as {
      getCurrentFuseWire(path: string): Promise<Record<string, number | string>>;
    };
    const wire = await getCurrentFuseWire(join(appOut, `${PRODUCT_NAME}.exe`));
    expect(wire).toMatchObject({
      version: String(FUSE_WIRE_VERSION),
      [FUSE.runAsNode]: FUSE_OFF,
      [FUSE.cookieEncryption]: FUSE_ON,
      [FUSE.nodeOptions]: FUSE_OFF,
      [FUSE.nodeCliInspect]: FUSE_OFF,
      [FUSE.asarIntegrity]: FUSE_ON,
      [FUSE.onlyLoadAppFromAsar]: FUSE_ON,
      [FUSE.v8Snapshot]: ELECTRON_DEFAULT_FUSES[FUSE.v8Snapshot],
      [FUSE.fileProtocolPrivileges]: FUSE_OFF,
    });
  });

  it("gives the exe the product's name, version, asar integrity and our icon", () => {
    const exe = resedit.NtExecutable.from(readFileSync(join(appOut, `${PRODUCT_NAME}.exe`)));
    const resources = resedit.NtExecutableResource.from(exe).entries;
    const [version] = resedit.Resource.VersionInfo.fromEntries(resources);
    expect(version?.getStringValues(EN_US)).toMatchObject({ ProductName: PRODUCT_NAME, FileDescription: PRODUCT_NAME });
    expect(resources.some((r) => r.type === 'INTEGRITY' && r.id === 'ELECTRONASAR')).toBe(true);
    const [group] = resedit.Resource.IconGroupEntry.fromEntries(resources);
    const full = group?.icons.find((icon) => icon.width === ICO_FULL_SIZE_WIDTH);
    expect(full).toBeDefined();
    const image = resources.find((r) => r.type === RT_ICON && r.id === full?.iconID);
    expect(image && Buffer.from(image.bin).equals(readFileSync(join(PROJECT_DIR, 'assets', 'icon.png')))).toBe(true);
  });
});

/** electron-builder goes silent when it sees VITEST in its environment; its log is part of what is checked. */
function builderEnv(cacheDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ELECTRON_BUILDER_CACHE: cacheDir,
    CSC_IDENTITY_AUTO_DISCOVERY: 'false',
    [nativeAbiGate.STAND_IN_ENV]: '1',
  };
  for (const name of Object.keys(env)) if (name.startsWith('VITEST')) delete env[name];
  return env;
}

function packageNameOf(request: string): string {
  const parts = request.split('/');
  return request.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}
