// Preload (`node -r`) for running @doyensec/electronegativity here, offline and on our toolchain:
// 1. Its TypeScript parser (@typescript-eslint/typescript-estree 4, hoisted to the top of node_modules)
//    would load our TypeScript 7, which has no JS API; its `require('typescript')` (and tsutils') is sent
//    to the typescript 4.2 that electronegativity ships for itself.
// 2. Its `got` (translations and GitHub's Electron release list) gets an offline stand-in that fails at
//    once: a test must not reach the internet, and findings must not depend on today's release list.
'use strict';
const Module = require('node:module');
const path = require('node:path');

const toolDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));
const nestedTypescript = path.dirname(require.resolve('typescript/package.json', { paths: [toolDir] }));
const PARSER_PACKAGES = [`${path.sep}@typescript-eslint${path.sep}`, `${path.sep}tsutils${path.sep}`];
const TOOL_FILES = `${path.sep}@doyensec${path.sep}electronegativity${path.sep}dist${path.sep}`;

const OFFLINE_GOT_ID = path.join(__dirname, 'offline-got (electronegativity-preload.cjs)');
function offlineGot() {
  return Promise.reject(new Error('network access is disabled for this scan'));
}
offlineGot.head = offlineGot;
offlineGot.get = offlineGot;
const offlineModule = new Module(OFFLINE_GOT_ID);
offlineModule.filename = OFFLINE_GOT_ID;
offlineModule.loaded = true;
offlineModule.exports = offlineGot;
require.cache[OFFLINE_GOT_ID] = offlineModule;

const originalResolve = Module._resolveFilename;
Module._resolveFilename = function resolveForElectronegativity(request, parent, ...rest) {
  const from = parent && typeof parent.filename === 'string' ? parent.filename : '';
  if (
    (request === 'typescript' || request.startsWith('typescript/')) &&
    PARSER_PACKAGES.some((p) => from.includes(p))
  ) {
    return originalResolve.call(this, path.join(nestedTypescript, request.slice('typescript'.length)), parent, ...rest);
  }
  if (request === 'got' && from.includes(TOOL_FILES)) return OFFLINE_GOT_ID;
  return originalResolve.call(this, request, parent, ...rest);
};
