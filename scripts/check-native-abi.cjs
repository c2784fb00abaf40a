// electron-builder afterPack hook (electron-builder.yml "afterPack"): refuses a package whose native
// modules were built for another ABI than the Electron it ships. npm builds better-sqlite3 for Node.js
// (NODE_MODULE_VERSION 115 on Node 20); Electron 41 loads only its own (node_modules/electron/abi_version),
// and `npmRebuild` is off (toolchain.md), so without this check a broken installer would be produced.
'use strict';
const { readdirSync, readFileSync, statSync } = require('node:fs');
const { join, relative } = require('node:path');

/** Set by the packaging test, whose stand-in build checks what is packaged and never runs it. */
const STAND_IN_ENV = 'AMT_CONSOLE_PACKAGE_STAND_IN';
const MAX_FILES = 100_000;
// Modules built on Node's V8 API export node_register_module_v<ABI>; N-API modules (ABI-stable) do not.
const ABI_SYMBOL = /node_register_module_v(\d+)/;

function nativeFiles(dir) {
  const found = [];
  const pending = [dir];
  let seen = 0;
  while (pending.length > 0 && seen++ < MAX_FILES) {
    const current = pending.pop();
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) pending.push(path);
      else if (name.endsWith('.node')) found.push(path);
    }
  }
  return found;
}

/** The native modules under `appOutDir` whose ABI is not `expectedAbi`, with the ABI each was built for. */
function findAbiMismatches(appOutDir, expectedAbi) {
  return nativeFiles(appOutDir)
    .map((path) => ({
      file: relative(appOutDir, path),
      abi: Number(ABI_SYMBOL.exec(readFileSync(path).toString('latin1'))?.[1] ?? NaN),
    }))
    .filter((module) => !Number.isNaN(module.abi) && module.abi !== expectedAbi);
}

function electronAbi(projectDir) {
  return Number(readFileSync(join(projectDir, 'node_modules', 'electron', 'abi_version'), 'utf8').trim());
}

function describeMismatches(mismatches, expectedAbi, electronVersion) {
  const list = mismatches.map((m) => `${m.file} (NODE_MODULE_VERSION ${m.abi})`).join(', ');
  return (
    `Native modules built for the wrong ABI: ${list}. Electron ${electronVersion} needs NODE_MODULE_VERSION ${expectedAbi}. ` +
    "Rebuild them against Electron's headers before packaging (e.g. npx @electron/rebuild --version " +
    `${electronVersion} --force --only better-sqlite3, run directly rather than through npm; it downloads Electron's headers).`
  );
}

async function afterPack(context) {
  const projectDir = context.packager.projectDir;
  const expectedAbi = electronAbi(projectDir);
  const electronVersion =
    context.packager.config.electronVersion ??
    require(join(projectDir, 'node_modules', 'electron', 'package.json')).version;
  const mismatches = findAbiMismatches(context.appOutDir, expectedAbi);
  if (mismatches.length === 0) return;
  const message = describeMismatches(mismatches, expectedAbi, electronVersion);
  if (process.env[STAND_IN_ENV] === '1') {
    console.warn(`[check-native-abi] stand-in package, not for release: ${message}`);
    return;
  }
  throw new Error(message);
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.findAbiMismatches = findAbiMismatches;
module.exports.STAND_IN_ENV = STAND_IN_ENV;
