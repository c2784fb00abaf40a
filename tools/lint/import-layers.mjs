// The layering rules of docs/architecture.md ("Import rules"), in one place: the ESLint rule
// `amt/import-layers` (tools/lint/eslint-plugin-amt.mjs) applies them to every import, export-from and
// literal import(). No dependencies.
import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** The repository this folder belongs to; the ESLint rule passes ESLint's working folder instead. */
export const ROOT = resolve(import.meta.dirname, '..', '..');

// Rungs inside main/: a module may import its own rung or lower ones only.
export const MAIN_RUNG = {
  amt: 0,
  redirect: 0,
  wol: 0,
  store: 0,
  fleet: 1,
  control: 2,
  jobs: 3,
  // Relays carry jobs' device work into other subnets: they implement main/jobs' DeviceChannel, api and the shells use them.
  relay: 3.5,
  api: 4,
  electron: 5,
  host: 5,
  cli: 5,
};
// The one sideways import allowed on a rung: redirection reuses the AMT core's digest and certificate pins
// (one digest, one pin check in the product) through main/amt/index.ts.
const ALLOWED_SIBLING = { redirect: ['amt'] };
const NODE_BUILTINS = ['fs', 'net', 'tls', 'http', 'https', 'crypto', 'path', 'os', 'child_process', 'dgram'];

function area(root, file) {
  const rel = relative(root, file).split(sep);
  // A folder import (`../amt`) names the module itself; a file directly in main/ is the composition root.
  const isFolder = existsSync(file) && statSync(file).isDirectory();
  if (rel[0] === 'main') return { top: 'main', sub: rel.length > 2 || isFolder ? rel[1] : '(root)' };
  return { top: rel[0], sub: rel[1] };
}

/**
 * The rules that `spec`, imported by `file` (absolute, inside `root`), breaks: a list of messages, empty when it is allowed.
 * The messages are those of the retired check script, so a reader knows them from the docs.
 */
export function importProblems(file, spec, root = ROOT) {
  const problems = [];
  const from = area(root, file);
  const isNode = spec.startsWith('node:') || NODE_BUILTINS.includes(spec);
  const isElectron = spec === 'electron' || spec.startsWith('electron/');
  const to = spec.startsWith('.') ? area(root, resolve(dirname(file), spec)) : undefined;
  if (from.top === 'shared') {
    if (isNode || isElectron) problems.push('shared/ may not import Node or electron');
    if (to && to.top !== 'shared') problems.push('shared/ imports only shared/');
    if (!to && !isNode && !isElectron && spec !== 'zod') problems.push('shared/ imports no npm package but zod');
  }
  if (from.top === 'renderer') {
    if (isNode || isElectron) problems.push('the renderer may not import Node or electron');
    if (to && to.top !== 'renderer' && to.top !== 'shared')
      problems.push('the renderer imports only renderer/ and shared/');
  }
  if (from.top === 'preload' && to && to.top !== 'preload' && to.top !== 'shared') {
    problems.push('preload imports only shared/');
  }
  if (
    isElectron &&
    !(from.top === 'preload' || (from.top === 'main' && from.sub === 'electron') || from.top === 'test')
  ) {
    problems.push('only main/electron/ and preload/ import electron');
  }
  if (from.top === 'main' && to) problems.push(...mainProblems(root, file, spec, from, to));
  if (from.top === 'test' && from.sub === 'sim' && to && to.top !== 'test') {
    problems.push('the simulator imports nothing from the product (frames and envelopes are written twice on purpose)');
  }
  return problems;
}

function mainProblems(root, file, spec, from, to) {
  if (to.top !== 'main' && to.top !== 'shared') return ['main/ imports only main/ and shared/'];
  if (to.top !== 'main' || from.sub === '(root)' || to.sub === from.sub) return [];
  const problems = [];
  const a = MAIN_RUNG[from.sub];
  const b = MAIN_RUNG[to.sub];
  if (to.sub === '(root)') problems.push('a module never imports the composition root');
  else if (a === undefined || b === undefined) {
    problems.push('unknown module rung (add it to MAIN_RUNG in tools/lint/import-layers.mjs)');
  } else if (b > a) problems.push(`main/${from.sub} may not import upward into main/${to.sub}`);
  else if (b === a && !(ALLOWED_SIBLING[from.sub] ?? []).includes(to.sub)) {
    problems.push(`main/${from.sub} may not import its sibling main/${to.sub}`);
  }
  const target = resolve(dirname(file), spec);
  if (!/[\\/]index(\.ts)?$/.test(target) && relative(join(root, 'main', to.sub), target).includes(sep)) {
    problems.push(`use main/${to.sub} through its index.ts`);
  }
  return problems;
}
