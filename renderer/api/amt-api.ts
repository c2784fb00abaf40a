// The renderer's only way to main: `window.amt`, set by the Electron preload or by the headless host's
// bridge.js before app.js runs. Typed by shared/ipc; nothing else reaches out of the sandbox.
import type { AmtApi } from '../../shared/ipc';

/** Event bridge.js may dispatch on window when it sets window.amt after app.js has started. */
export const AMT_READY_EVENT = 'amt:ready';

export function findAmtApi(): AmtApi | null {
  const candidate = (globalThis as { amt?: unknown }).amt;
  return typeof candidate === 'object' && candidate !== null ? (candidate as AmtApi) : null;
}

let current: AmtApi | null = null;

/** The API the stores call; set once at start-up by main.tsx. */
export function amtApi(): AmtApi {
  if (current === null) throw new Error('The console is not connected to its service yet.');
  return current;
}

export function setAmtApi(api: AmtApi): void {
  current = api;
}

/** Resolves with window.amt, waiting (bounded) for a bridge that sets it late; null when it never comes. */
export function waitForAmtApi(timeoutMs: number): Promise<AmtApi | null> {
  const found = findAmtApi();
  if (found !== null) return Promise.resolve(found);
  return new Promise((resolve) => {
    const done = (): void => {
      window.removeEventListener(AMT_READY_EVENT, done);
      clearTimeout(timer);
      resolve(findAmtApi());
    };
    const timer = setTimeout(done, timeoutMs);
    window.addEventListener(AMT_READY_EVENT, done);
  });
}
