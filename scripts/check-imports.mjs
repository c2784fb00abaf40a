// Enforces the layering rules of docs/architecture.md by reading every import in the source tree.
// Fails with the file, the import and the rule it breaks.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, dirname, resolve, relative, sep } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const SOURCE = /\.(ts|tsx|mts)$/;
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;(])import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

// Rungs inside main/: a module may import its own rung or lower ones only.
const MAIN_RUNG = { amt: 0, redirect: 0, wol: 0, store: 0, fleet: 1, control: 2, jobs: 3, api: 4, electron: 5, host: 5, cli: 5 };
// The one sideways import allowed on a rung: redirection reuses the AMT core's digest and certificate pins
// (one digest, one pin check in the product) through main/amt/index.ts.
const ALLOWED_SIBLING = { redirect: ['amt'] };

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (SOURCE.test(name)) out.push(path);
  }
  return out;
}

function area(file) {
  const rel = relative(root, file).split(sep);
  // A folder import (`../amt`) names the module itself; a file directly in main/ is the composition root.
  const isFolder = existsSync(file) && statSync(file).isDirectory();
  if (rel[0] === 'main') return { top: 'main', sub: rel.length > 2 || isFolder ? rel[1] : '(root)' };
  if (rel[0] === 'test') return { top: 'test', sub: rel[1] };
  return { top: rel[0], sub: rel[1] };
}

const problems = [];
const tops = ['main', 'shared', 'renderer', 'preload', 'test'];
for (const top of tops) {
  let files = [];
  try { files = walk(join(root, top)); } catch { continue; }
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const from = area(file);
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3];
      const isNode = spec.startsWith('node:') || ['fs', 'net', 'tls', 'http', 'https', 'crypto', 'path', 'os', 'child_process', 'dgram'].includes(spec);
      const isElectron = spec === 'electron' || spec.startsWith('electron/');
      const to = spec.startsWith('.') ? area(resolve(dirname(file), spec)) : undefined;
      const where = `${relative(root, file)}: '${spec}'`;
      if (from.top === 'shared') {
        if (isNode || isElectron) problems.push(`${where}: shared/ may not import Node or electron`);
        if (to && to.top !== 'shared') problems.push(`${where}: shared/ imports only shared/`);
        if (!to && !isNode && !isElectron && spec !== 'zod') problems.push(`${where}: shared/ imports no npm package but zod`);
      }
      if (from.top === 'renderer') {
        if (isNode || isElectron) problems.push(`${where}: the renderer may not import Node or electron`);
        if (to && to.top !== 'renderer' && to.top !== 'shared') problems.push(`${where}: the renderer imports only renderer/ and shared/`);
      }
      if (from.top === 'preload' && to && to.top !== 'preload' && to.top !== 'shared') problems.push(`${where}: preload imports only shared/`);
      if (isElectron && !(from.top === 'preload' || (from.top === 'main' && from.sub === 'electron') || from.top === 'test')) {
        problems.push(`${where}: only main/electron/ and preload/ import electron`);
      }
      if (from.top === 'main' && to) {
        if (to.top !== 'main' && to.top !== 'shared') problems.push(`${where}: main/ imports only main/ and shared/`);
        if (to.top === 'main' && from.sub !== '(root)' && to.sub !== from.sub) {
          const a = MAIN_RUNG[from.sub], b = MAIN_RUNG[to.sub];
          if (to.sub === '(root)') problems.push(`${where}: a module never imports the composition root`);
          else if (a === undefined || b === undefined) problems.push(`${where}: unknown module rung (add it to MAIN_RUNG)`);
          else if (b > a) problems.push(`${where}: main/${from.sub} may not import upward into main/${to.sub}`);
          else if (b === a && !(ALLOWED_SIBLING[from.sub] ?? []).includes(to.sub)) problems.push(`${where}: main/${from.sub} may not import its sibling main/${to.sub}`);
          const target = resolve(dirname(file), spec);
          if (!/[\\/]index(\.ts)?$/.test(target) && relative(join(root, 'main', to.sub), target).includes(sep)) {
            problems.push(`${where}: use main/${to.sub} through its index.ts`);
          }
        }
      }
      if (from.top === 'test' && from.sub === 'sim' && to && to.top !== 'test') {
        problems.push(`${where}: the simulator imports nothing from the product (frames and envelopes are written twice on purpose)`);
      }
    }
  }
}

if (problems.length) {
  console.error(`import rules: ${problems.length} problem(s)`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log('import rules: ok');
