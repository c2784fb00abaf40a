// `npm run bench`: the benchmarks, one after the other — the power sweep (dist/bench/power-sweep.mjs, its
// options as before: --count, --runs, --concurrency, --no-tls), the 10,000-client tree in Chromium
// (test/bench/tree-render.ts: --tree-clients N, --tree-runs R) and the redirection bench (issue 9,
// test/bench/redirection-bench.ts: IDE-R throughput vs a raw TCP copy, SOL key-to-echo; --redirect-runs R,
// --redirect-keys K) and the job bench (issue 7, test/bench/job-bench.ts: a client-control job over 2,000 simulated
// PCs against the ideal for the same delays and limit; --job-targets N, --job-concurrency C), the terminal bench
// (issue 9, test/bench/terminal-throughput.ts: SOL output rendered by the console's xterm.js in Chromium against a
// bare xterm.js in the same page; --terminal-kib N, --terminal-runs R) and the QEMU boot bench (issue 9,
// test/bench/qemu-boot-bench.ts: "boot floppy" to the diagnostic line; --qemu-runs R; skipped with its reason
// where qemu-system-x86 is missing). --only power|tree|redirect|job|terminal|qemu runs one of them.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const TREE_FLAGS = { '--tree-clients': '--clients', '--tree-runs': '--runs' };
const REDIRECT_FLAGS = { '--redirect-runs': '--runs', '--redirect-keys': '--keys' };
const JOB_FLAGS = { '--job-targets': '--targets', '--job-concurrency': '--concurrency' };
const TERMINAL_FLAGS = { '--terminal-kib': '--kib', '--terminal-runs': '--runs' };
const QEMU_FLAGS = { '--qemu-runs': '--runs' };
const PARTS = ['power', 'tree', 'redirect', 'job', 'terminal', 'qemu'];

const powerArgs = [];
const treeArgs = [];
const redirectArgs = [];
const jobArgs = [];
const terminalArgs = [];
const qemuArgs = [];
let only;
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === '--only') only = args[++i];
  else if (arg in TREE_FLAGS) treeArgs.push(TREE_FLAGS[arg], args[++i]);
  else if (arg in REDIRECT_FLAGS) redirectArgs.push(REDIRECT_FLAGS[arg], args[++i]);
  else if (arg in JOB_FLAGS) jobArgs.push(JOB_FLAGS[arg], args[++i]);
  else if (arg === '--job-no-relay') jobArgs.push('--no-relay');
  else if (arg in TERMINAL_FLAGS) terminalArgs.push(TERMINAL_FLAGS[arg], args[++i]);
  else if (arg in QEMU_FLAGS) qemuArgs.push(QEMU_FLAGS[arg], args[++i]);
  else powerArgs.push(arg);
}
if (only !== undefined && !PARTS.includes(only)) {
  console.error(`bench: --only takes ${PARTS.join(', ')}`);
  process.exit(2);
}
const runs = (part) => only === undefined || only === part;

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (runs('power')) run(process.execPath, ['--expose-gc', 'dist/bench/power-sweep.mjs', ...powerArgs]);
if (runs('tree')) run(process.execPath, ['--import', 'tsx', 'test/bench/tree-render.ts', ...treeArgs]);
if (runs('redirect')) run(process.execPath, ['--import', 'tsx', 'test/bench/redirection-bench.ts', ...redirectArgs]);
if (runs('job')) run(process.execPath, ['dist/bench/job-bench.mjs', ...jobArgs]);
if (runs('terminal')) run(process.execPath, ['--import', 'tsx', 'test/bench/terminal-throughput.ts', ...terminalArgs]);
if (runs('qemu')) run(process.execPath, ['--import', 'tsx', 'test/bench/qemu-boot-bench.ts', ...qemuArgs]);
