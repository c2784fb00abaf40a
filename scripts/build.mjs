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
