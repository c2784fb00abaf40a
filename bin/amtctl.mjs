#!/usr/bin/env node
// amtctl: the console's core from a terminal. Built by `npm run build` into dist/.
await import('../dist/cli/amtctl.mjs');
