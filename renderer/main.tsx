// Renderer entry (built to dist/renderer/app.js): waits for window.amt from the preload or bridge.js,
// then mounts the console. Its stylesheet, styles/app.css, is built beside it as app.css.
import { createRoot } from 'react-dom/client';
import { setAmtApi, waitForAmtApi } from './api/amt-api';
import { AppView, NoConnectionView } from './views/app-view';

/** How long to wait for a bridge that sets window.amt after app.js has started. */
const AMT_WAIT_MS = 5_000;

async function start(): Promise<void> {
  const container = document.getElementById('root');
  if (container === null) return;
  const root = createRoot(container);
  const api = await waitForAmtApi(AMT_WAIT_MS);
  if (api === null) {
    root.render(<NoConnectionView />);
    return;
  }
  setAmtApi(api);
  root.render(<AppView api={api} />);
}

void start();
