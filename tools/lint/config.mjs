// The project's ESLint configuration, built for a root folder (the repository's eslint.config.mjs passes its
// own; the lint test passes a fixture's). Why each choice: docs/code-health.md.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import amt from './eslint-plugin-amt.mjs';

const TS_FILES = ['**/*.{ts,tsx,mts,cts}'];
const JS_FILES = ['**/*.{js,mjs,cjs}'];

export function createConfig(rootDir) {
  return tseslint.config(
    {
      ignores: [
        '**/node_modules/**',
        'dist/**',
        'release/**',
        'test-results/**',
        'bench-results/**',
        // Deliberately bad files for the lint test, and data.
        'test/fixtures/**',
        '**/*.d.mts',
      ],
    },
    { linterOptions: { reportUnusedDisableDirectives: 'error' } },
    {
      files: [...TS_FILES, ...JS_FILES],
      plugins: { amt },
      rules: { 'amt/import-layers': 'error' },
    },
    {
      files: JS_FILES,
      extends: [js.configs.recommended],
      languageOptions: { globals: { ...globals.node } },
    },
    {
      files: TS_FILES,
      extends: [js.configs.recommended, ...tseslint.configs.recommended],
      languageOptions: {
        globals: { ...globals.node, ...globals.browser },
        parserOptions: { projectService: true, tsconfigRootDir: rootDir },
      },
      rules: {
        // Type-aware, and cheap enough for CI (one TypeScript program for the tree): promises.
        '@typescript-eslint/no-floating-promises': 'error',
        '@typescript-eslint/no-misused-promises': 'error',
        // No `any` at module boundaries: none written, and none flowing out of a call or into a return.
        '@typescript-eslint/no-explicit-any': 'error',
        '@typescript-eslint/no-unsafe-return': 'error',
        '@typescript-eslint/no-unsafe-argument': 'error',
        '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      },
    },
    {
      // Tests read untyped replies on purpose (JSON frames, page.evaluate results, parsed CLI output) and
      // their assertions check the shape; the `any` rules guard the product's module boundaries.
      files: ['test/**'],
      rules: {
        '@typescript-eslint/no-explicit-any': 'off',
        '@typescript-eslint/no-unsafe-argument': 'off',
        '@typescript-eslint/no-unsafe-return': 'off',
        // Tests rethrow to name the failing case, with String(error) in the message.
        'preserve-caught-error': 'off',
        // Playwright's test.extend<{}, WorkerFixtures> names "no test fixtures" with {}.
        '@typescript-eslint/no-empty-object-type': 'off',
      },
    },
    {
      files: [...TS_FILES, ...JS_FILES],
      rules: {
        // Regexes that match aligned columns of CLI output read better with the spaces written out.
        'no-regex-spaces': 'off',
        // Playwright fixtures that use no other fixture must still destructure: `async ({}, use) => …`.
        'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }],
      },
    },
  );
}
