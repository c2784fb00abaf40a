// `npm run lint:imports`: the layering rules of docs/architecture.md, without ESLint (for a checkout whose
// tools/lint/ is not installed). The rules live in tools/lint/import-layers.mjs, which `npm run lint` applies
// as the ESLint rule amt/import-layers; this file only walks the tree. Fails with the file, the import and
// the rule it breaks.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT, importProblems } from '../tools/lint/import-layers.mjs';

const SOURCE = /\.(ts|tsx|mts)$/;
const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;(])import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;
const TOPS = ['main', 'shared', 'renderer', 'preload', 'test'];
const MAX_FILES = 20_000;

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || out.length >= MAX_FILES) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (SOURCE.test(name)) out.push(path);
  }
  return out;
}

const problems = [];
for (const top of TOPS) {
  let files;
  try {
    files = walk(join(ROOT, top), []);
  } catch {
    continue;
  }
  for (const file of files) {
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3];
      for (const problem of importProblems(file, spec)) problems.push(`${relative(ROOT, file)}: '${spec}': ${problem}`);
    }
  }
}

if (problems.length) {
  console.error(`import rules: ${problems.length} problem(s)`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log('import rules: ok');
