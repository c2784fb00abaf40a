// A STAND-IN for Electron's Windows binary, for packaging here: no Electron for Windows can be downloaded on
// these machines (docs/release.md). electron.exe is a valid PE file with a version resource and Electron's
// fuse wire but no code, so Windows (or wine) cannot run it; electron-builder can still rename it, set its
// icon and version, and flip its fuses. Used by `npm run dist:win` (offline) and the packaging tests.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
// The PE resource editor electron-builder itself uses on Windows executables (app-builder-lib → resedit).
const resedit = require('resedit');

export const ELECTRON_VERSION = require('electron/package.json').version;
export const STAND_IN_PRODUCT_NAME = 'Stand-in for Electron';
const EN_US = { lang: 1033, codepage: 1200 };
const RT_RCDATA = 10;
// Electron's fuse wire (@electron/fuses): a sentinel, wire version 1, the number of fuses, one byte each.
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
export const FUSE_WIRE_VERSION = 1;
export const FUSE_ON = 0x31;
export const FUSE_OFF = 0x30;
// Electron's own defaults, in wire order: RunAsNode, CookieEncryption, NodeOptions, NodeCliInspect,
// EmbeddedAsarIntegrityValidation, OnlyLoadAppFromAsar, BrowserProcessV8Snapshot, GrantFileProtocolExtraPrivileges.
export const ELECTRON_DEFAULT_FUSES = [FUSE_ON, FUSE_OFF, FUSE_ON, FUSE_ON, FUSE_OFF, FUSE_OFF, FUSE_OFF, FUSE_ON];

/** Writes the stand-in Electron distribution (electron.exe, version, LICENSE) into `dir`. */
export function writeStandInElectron(dir) {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  const [major, minor, patch] = ELECTRON_VERSION.split('.').map(Number);
  const exe = resedit.NtExecutable.createEmpty(true, false);
  const resources = resedit.NtExecutableResource.from(exe);
  const version = resedit.Resource.VersionInfo.createEmpty();
  version.setFileVersion(major, minor, patch, 0, EN_US.lang);
  version.setStringValues(EN_US, {
    ProductName: STAND_IN_PRODUCT_NAME,
    FileDescription: 'Packaging stand-in; not Electron, cannot run',
  });
  version.outputToResourceEntries(resources.entries);
  // The fuse wire, with Electron's defaults, where electron-builder's fuse step (@electron/fuses) finds it.
  const wire = Buffer.concat([
    Buffer.from(FUSE_SENTINEL, 'ascii'),
    Buffer.from([FUSE_WIRE_VERSION, ELECTRON_DEFAULT_FUSES.length]),
    Buffer.from(ELECTRON_DEFAULT_FUSES),
  ]);
  const bin = wire.buffer.slice(wire.byteOffset, wire.byteOffset + wire.byteLength);
  resources.entries.push({ type: RT_RCDATA, id: 'FUSES', lang: EN_US.lang, codepage: EN_US.codepage, bin });
  resources.outputResource(exe);
  writeFileSync(join(dir, 'electron.exe'), Buffer.from(exe.generate()));
  writeFileSync(join(dir, 'version'), ELECTRON_VERSION);
  writeFileSync(join(dir, 'LICENSE'), 'stand-in');
}
