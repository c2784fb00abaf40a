// `npm run lint`: ESLint over the whole tree (eslint.config.mjs → tools/lint/config.mjs). The linter has
// its own install in tools/lint/ (docs/code-health.md: typescript-eslint needs TypeScript 6's JavaScript API;
// the project compiles with TypeScript 7); the root's postinstall installs it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const eslint = join(root, 'tools', 'lint', 'node_modules', 'eslint', 'bin', 'eslint.js');
if (!existsSync(eslint)) {
  console.error('lint: ESLint is not installed in tools/lint/: run `npm ci --prefix tools/lint` (or `npm install`).');
  process.exit(2);
}
const args = process.argv.slice(2);
const result = spawnSync(process.execPath, [eslint, '--max-warnings', '0', ...(args.length > 0 ? args : ['.'])], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
