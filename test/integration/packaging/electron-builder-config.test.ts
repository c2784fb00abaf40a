// electron-builder.yml (issue 3 item 7): checked offline by electron-builder's own loader and JSON-schema
// validation (app-builder-lib's getConfig + validateConfiguration, what `electron-builder` runs before a
// build), then the settings the console depends on, and the icon files it names.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const PROJECT_DIR = join(import.meta.dirname, '..', '..', '..');
const CONFIG_FILE = 'electron-builder.yml';

interface BuilderConfigModule {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: null): Promise<Record<string, unknown>>;
  validateConfiguration(config: Record<string, unknown>, debugLogger: unknown): Promise<void>;
}
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as BuilderConfigModule;
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

/** The parts of the loaded config this test reads (electron-builder's Configuration, abridged). */
interface LoadedConfig {
  readonly appId: string;
  readonly productName: string;
  readonly asar: boolean;
  readonly asarUnpack: readonly string[];
  readonly npmRebuild: boolean;
  readonly nodeGypRebuild: boolean;
  readonly files: ReadonlyArray<{ readonly filter: readonly string[] } | string>;
  readonly directories: { readonly buildResources: string };
  readonly win: { readonly target: unknown; readonly icon: string };
  readonly nsis: Record<string, unknown>;
  readonly electronFuses: Record<string, boolean>;
  readonly afterPack: string;
}
let config: LoadedConfig;

beforeAll(async () => {
  config = (await getConfig(PROJECT_DIR, CONFIG_FILE, null)) as unknown as LoadedConfig;
});

function validate(candidate: unknown): Promise<void> {
  return validateConfiguration(candidate as Record<string, unknown>, new DebugLogger(false));
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's schema validation, and the validation is real (a misspelt option fails)", async () => {
    await expect(validate(config)).resolves.toBeUndefined();
    await expect(validate({ ...config, nsis: { ...config.nsis, perMachin: true } })).rejects.toThrow(
      /Invalid configuration object/,
    );
  });

  it('builds a Windows NSIS installer for x64 from our script, per-user by default, with shortcuts', () => {
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: false,
      allowElevation: true,
      allowToChangeInstallationDirectory: true,
      createDesktopShortcut: true,
      createStartMenuShortcut: true,
      shortcutName: 'AMT Console',
      deleteAppDataOnUninstall: false,
      // Our script (installer.test.ts runs it) needs neither elevate.exe nor the template's plugins.
      script: 'assets/nsis/installer.nsi',
      packElevateHelper: false,
      uninstallDisplayName: '${productName}',
      artifactName: '${name} Setup ${version}.${ext}',
    });
    expect(existsSync(join(PROJECT_DIR, config.nsis.script as string))).toBe(true);
    expect(config.productName).toBe('AMT Console');
    expect(config.appId).toMatch(/^[a-z0-9]+(\.[a-z0-9-]+)+$/);
  });

  it('packs into asar with native modules unpacked, and never rebuilds them through npm', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/*.node', '**/node_modules/better-sqlite3/**']));
    // toolchain.md: @electron/rebuild through npm reports success and builds for the wrong ABI here.
    expect(config.npmRebuild).toBe(false);
    expect(config.nodeGypRebuild).toBe(false);
    // …so a hook stops the build when the native module has Node's ABI, not Electron's.
    expect(config.afterPack).toBe('scripts/check-native-abi.cjs');
    expect(existsSync(join(PROJECT_DIR, config.afterPack))).toBe(true);
  });

  it('flips the Electron fuses that turn the exe into a general Node.js or let it load code from outside app.asar', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('selects only the Electron app files (what they match is checked in stand-in-package.test.ts)', () => {
    // getConfig normalises the list into one file set: [{ filter: [...] }].
    const patterns = config.files.flatMap((set) => (typeof set === 'string' ? [set] : set.filter));
    expect(patterns).toEqual(
      expect.arrayContaining([
        'package.json',
        'dist/electron/**',
        'dist/preload/index.cjs',
        'dist/renderer/**',
        '!**/*.map',
      ]),
    );
    expect(patterns.filter((p) => /^dist\/(sim|bench|host|cli)|^dist\/\*\*/.test(p))).toEqual([]);
    const main = (JSON.parse(readFileSync(join(PROJECT_DIR, 'package.json'), 'utf8')) as { main: string }).main;
    expect(main).toBe('dist/electron/main.cjs');
  });

  it('has its build resources in assets/: a 256x256 PNG and an .ico with a 256 px image for Windows', () => {
    expect(config.directories.buildResources).toBe('assets');
    expect(config.win.icon).toBe('assets/icon.ico');
    expect(config.nsis.installerIcon).toBe('assets/icon.ico');
    const png = readFileSync(join(PROJECT_DIR, 'assets', 'icon.png'));
    expect(pngSize(png)).toEqual({ widthPx: 256, heightPx: 256 });
    expect(opaqueFraction(png)).toBeGreaterThan(0.5);

    const icoPath = join(PROJECT_DIR, 'assets', 'icon.ico');
    expect(existsSync(icoPath)).toBe(true);
    const images = icoImages(readFileSync(icoPath));
    expect(images.map((i) => i.sizePx)).toEqual(expect.arrayContaining([16, 32, 48, 256]));
    for (const image of images) expect(pngSize(image.png)).toEqual({ widthPx: image.sizePx, heightPx: image.sizePx });
  });
});

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngSize(png: Buffer): { widthPx: number; heightPx: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.toString('ascii', 12, 16)).toBe('IHDR');
  return { widthPx: png.readUInt32BE(16), heightPx: png.readUInt32BE(20) };
}

/** Share of pixels with alpha 255: the icon is drawn, not an empty canvas. RGBA, filter 0 rows (our generator). */
function opaqueFraction(png: Buffer): number {
  const { widthPx, heightPx } = pngSize(png);
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    if (png.toString('ascii', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  let opaque = 0;
  for (let y = 0; y < heightPx; y++)
    for (let x = 0; x < widthPx; x++) if (raw[y * (widthPx * 4 + 1) + 1 + x * 4 + 3] === 255) opaque++;
  return opaque / (widthPx * heightPx);
}

function icoImages(ico: Buffer): Array<{ sizePx: number; png: Buffer }> {
  expect(ico.readUInt16LE(0)).toBe(0);
  expect(ico.readUInt16LE(2)).toBe(1); // type 1: icon
  const count = ico.readUInt16LE(4);
  return Array.from({ length: count }, (_, i) => {
    const entry = 6 + i * 16;
    const sizePx = ico[entry] === 0 ? 256 : (ico[entry] as number);
    const bytes = ico.readUInt32LE(entry + 8);
    const offset = ico.readUInt32LE(entry + 12);
    return { sizePx, png: ico.subarray(offset, offset + bytes) };
  });
}
