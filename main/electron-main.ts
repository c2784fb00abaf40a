// Entry of the Electron main process (bundled to dist/electron/main.cjs, package.json "main"): the
// composition root's createCore handed to the Electron shell.

import { createCore } from './core';
import { startElectronApp } from './electron/index';

startElectronApp({ createCore: (config) => createCore(config) });
