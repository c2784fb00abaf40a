// `npm run dist:win`: the Windows installer (release/AMT Console Setup X.Y.Z.exe) through electron-builder's
// NSIS target and our script assets/nsis/installer.nsi.
//   default     offline: Debian's makensis and 7-Zip (scripts/nsis-toolset.mjs) and a STAND-IN electron.exe that
//               cannot run (scripts/stand-in-electron.mjs): it proves the installer, not the app. The native-ABI
//               hook only warns. Not for release.
//   --release   a release machine with internet access: electron-builder's own toolset and the real Electron
//               for Windows (both downloaded), and the ABI hook refuses a Node-ABI better-sqlite3 (docs/release.md).
// Further arguments go to electron-builder (e.g. -c.directories.output=DIR, -c.extraMetadata.version=X.Y.Z).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { assembleDebianNsisToolset } from './nsis-toolset.mjs';
import { writeStandInElectron } from './stand-in-electron.mjs';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const release = args.includes('--release');
const passThrough = args.filter((a) => a !== '--release');

const env = { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: process.env.CSC_IDENTITY_AUTO_DISCOVERY ?? 'false' };
const builderArgs = ['--win', 'nsis', '--x64', '--publish', 'never'];
if (!release) {
  // Where the toolset links and the stand-in go; a test gives its own folder (concurrent runs).
  const work = process.env.AMT_CONSOLE_DIST_WIN_WORK ?? join(root, 'node_modules', '.cache', 'amt-console-dist-win');
  Object.assign(env, assembleDebianNsisToolset(join(work, 'toolset')));
  const standIn = join(work, 'stand-in-electron');
  mkdirSync(standIn, { recursive: true });
  writeStandInElectron(standIn);
  builderArgs.push(`-c.electronDist=${standIn}`);
  // Read by scripts/check-native-abi.cjs: a stand-in package only warns about a Node-ABI native module.
  env.AMT_CONSOLE_PACKAGE_STAND_IN = '1';
  // electron-builder goes quiet when it sees a test runner; keep its log.
  for (const name of Object.keys(env)) if (name.startsWith('VITEST')) delete env[name];
  console.log('[dist:win] offline build: Debian NSIS, STAND-IN electron.exe (cannot run; not for release)');
}

const started = process.hrtime.bigint();
const result = spawnSync(
  process.execPath,
  [require.resolve('electron-builder/cli.js'), ...builderArgs, ...passThrough],
  {
    cwd: root,
    env,
    stdio: 'inherit',
  },
);
if (result.status !== 0) process.exit(result.status ?? 1);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const output = outputDir(passThrough);
for (const name of readdirSync(output).filter((n) => n.endsWith('.exe'))) {
  const mib = statSync(join(output, name)).size / 2 ** 20;
  console.log(`[dist:win] ${join(output, name)}: ${mib.toFixed(1)} MiB, built in ${seconds.toFixed(1)} s`);
}

function outputDir(builderOptions) {
  const option = builderOptions.find((a) => a.startsWith('-c.directories.output='));
  return option ? option.slice('-c.directories.output='.length) : join(root, 'release');
}
