// Assembles, from Debian's nsis packages, the two folders electron-builder reads instead of downloading its
// NSIS toolset (app-builder-lib/out/toolsets/windows.js):
//   ELECTRON_BUILDER_NSIS_DIR            <dir>/nsis: a "legacy bundle" — linux/makensis, run with NSISDIR=<dir>/nsis,
//                                        so Stubs/, Include/, Contrib/, Plugins/ are Debian's (nsis, nsis-common)
//   ELECTRON_BUILDER_NSIS_RESOURCES_DIR  <dir>/nsis-resources: plugins/x86-unicode, the folder electron-builder adds
//                                        with !addplugindir; Debian's x86-unicode plugins (nsis-common)
// Only links: every byte comes from the Debian packages. Not provided, because Debian has no source for it:
// elevate.exe (electron-builder's updater helper; packElevateHelper is off in electron-builder.yml) and the
// template's third-party plugins (our own script, assets/nsis/installer.nsi, does not use them).
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

export const DEBIAN_MAKENSIS = '/usr/bin/makensis';
export const DEBIAN_NSIS_DATA = '/usr/share/nsis';
export const DEBIAN_7ZA = '/usr/bin/7za';
const NSISDIR_PARTS = ['Stubs', 'Include', 'Contrib', 'Plugins'];

/** Links Debian's NSIS into `dir` and returns the environment electron-builder needs to use it. */
export function assembleDebianNsisToolset(dir) {
  const missing = [DEBIAN_MAKENSIS, DEBIAN_7ZA, ...NSISDIR_PARTS.map((p) => join(DEBIAN_NSIS_DATA, p))].filter(
    (path) => !existsSync(path),
  );
  if (missing.length > 0) {
    throw new Error(
      `Debian's NSIS toolset is incomplete (missing ${missing.join(', ')}): apt-get install nsis p7zip-full`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
  const nsisDir = join(dir, 'nsis');
  mkdirSync(join(nsisDir, 'linux'), { recursive: true });
  symlinkSync(DEBIAN_MAKENSIS, join(nsisDir, 'linux', 'makensis'));
  for (const part of NSISDIR_PARTS) symlinkSync(join(DEBIAN_NSIS_DATA, part), join(nsisDir, part));
  const resourcesDir = join(dir, 'nsis-resources');
  mkdirSync(join(resourcesDir, 'plugins'), { recursive: true });
  symlinkSync(join(DEBIAN_NSIS_DATA, 'Plugins', 'x86-unicode'), join(resourcesDir, 'plugins', 'x86-unicode'));
  return {
    ELECTRON_BUILDER_NSIS_DIR: nsisDir,
    ELECTRON_BUILDER_NSIS_RESOURCES_DIR: resourcesDir,
    // electron-builder 26 downloads 7-Zip too (for the app package it hands to NSIS); Debian's p7zip-full.
    ELECTRON_BUILDER_7ZIP_PATH: DEBIAN_7ZA,
  };
}
