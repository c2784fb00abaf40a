// `npm run bench`: both benchmarks, one after the other — the power sweep (dist/bench/power-sweep.mjs, its
// options as before: --count, --runs, --concurrency, --no-tls) and the 10,000-client tree in Chromium
// (test/bench/tree-render.ts: --tree-clients N, --tree-runs R). --only power|tree runs one of them.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const TREE_FLAGS = { '--tree-clients': '--clients', '--tree-runs': '--runs' };

const powerArgs = [];
const treeArgs = [];
let only;
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === '--only') only = args[++i];
  else if (arg in TREE_FLAGS) treeArgs.push(TREE_FLAGS[arg], args[++i]);
  else powerArgs.push(arg);
}
if (only !== undefined && only !== 'power' && only !== 'tree') {
  console.error('bench: --only takes power or tree');
  process.exit(2);
}

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (only !== 'tree') run(process.execPath, ['--expose-gc', 'dist/bench/power-sweep.mjs', ...powerArgs]);
if (only !== 'power') run(process.execPath, ['--import', 'tsx', 'test/bench/tree-render.ts', ...treeArgs]);
