// Builds the Node entry points with esbuild (type checking is `npm run typecheck`, a separate step).
// npm packages stay external: they load from node_modules at run time, native modules included.
import { build } from 'esbuild';
import { existsSync, rmSync } from 'node:fs';

const entries = {
  'cli/amtctl': 'main/cli/amtctl.ts',
  'sim/cli': 'test/sim/cli.ts',
  'sim/index': 'test/sim/index.ts',
  'bench/power-sweep': 'test/bench/power-sweep.ts',
  'bench/sim-runner': 'test/bench/sim-runner.ts',
  'bench/job-bench': 'test/bench/job-bench.ts',
};

const present = Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file)));
rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: present,
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
console.log(`built ${Object.keys(present).length} entry points into dist/: ${Object.keys(present).join(', ')}`);

// The renderer: a browser bundle (React, zustand) in dist/renderer — index.html (copied), app.js, app.css.
// bridge.js is not built here: the headless host serves it; under Electron the preload provides window.amt.
if (existsSync('renderer/main.tsx')) {
  const { copyFileSync, mkdirSync } = await import('node:fs');
  await build({
    entryPoints: [
      { in: 'renderer/main.tsx', out: 'app' },
      { in: 'renderer/styles/app.css', out: 'app' },
    ],
    outdir: 'dist/renderer',
    bundle: true,
    platform: 'browser',
    target: ['chrome120'],
    format: 'iife',
    jsx: 'automatic',
    minify: true,
    sourcemap: 'linked',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  mkdirSync('dist/renderer', { recursive: true });
  copyFileSync('renderer/index.html', 'dist/renderer/index.html');
  console.log('built the renderer into dist/renderer/: index.html, app.js, app.css');
}

// The console's shells (issue 3): the headless host (ESM for Node), the Electron main process (CJS, as
// package.json "main" says; electron and npm packages external), the Electron preload (CJS for the sandbox,
// which can require only 'electron': shared/ and zod are bundled in) and the host's WebSocket bridge (a
// classic browser script, so it runs before the renderer's app.js).
const shellBuilds = [
  { in: 'main/host-main.ts', outfile: 'dist/host/main.mjs', platform: 'node', format: 'esm', packages: 'external' },
  {
    in: 'main/electron-main.ts',
    outfile: 'dist/electron/main.cjs',
    platform: 'node',
    format: 'cjs',
    packages: 'external',
    external: ['electron'],
  },
  {
    in: 'preload/index.ts',
    outfile: 'dist/preload/index.cjs',
    platform: 'browser',
    format: 'cjs',
    external: ['electron'],
    minify: true,
  },
  {
    in: 'preload/web-socket-bridge.ts',
    outfile: 'dist/preload/web-socket-bridge.js',
    platform: 'browser',
    format: 'iife',
    minify: true,
  },
];
for (const shell of shellBuilds.filter((s) => existsSync(s.in))) {
  const { in: entry, ...settings } = shell;
  await build({
    entryPoints: [entry],
    bundle: true,
    target: settings.platform === 'node' ? 'node20' : 'chrome130',
    sourcemap: 'linked',
    logLevel: 'warning',
    ...settings,
  });
}
console.log(
  `built the console shells: ${shellBuilds
    .filter((s) => existsSync(s.in))
    .map((s) => s.outfile)
    .join(', ')}`,
);
