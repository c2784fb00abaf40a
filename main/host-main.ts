// Entry of the headless host (bundled to dist/host/main.mjs): the composition root's core behind
// main/host on 127.0.0.1, for browsers (Playwright, people without the desktop app) and the demo.
//   node dist/host/main.mjs --user-data-dir DIR [--port N] [--wol-port N] [--wol-unicast] [--relay-listen HOST:PORT]
// The vault key is a key file in DIR (or a passphrase from AMT_CONSOLE_PASSPHRASE). Prints the URL with
// its one-time token; stops on SIGINT/SIGTERM.

import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createCore, type Core, type CoreConfig } from './core';
import { startHost, type RunningHost } from './host/index';
import { parseRelayListen, type RelayListenAddress } from './relay/index';
import { dataFolderKeyProvider } from './store/index';

export { VAULT_KEY_FILE } from './store/index';

export interface ConsoleHostOptions extends Omit<CoreConfig, 'keyProvider'> {
  readonly keyProvider?: CoreConfig['keyProvider'];
  readonly port?: number;
  /** Default: the dist/ folder this bundle sits in. */
  readonly distDir?: string;
}

export interface ConsoleHost {
  readonly core: Core;
  readonly host: RunningHost;
  close(): Promise<void>;
}

/** dist/ beside this file: the bundle sits in dist/host/, the source (tests, tsx) in main/. */
function defaultDistDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return basename(here) === 'host' ? join(here, '..') : join(here, '..', 'dist');
}

export async function startConsoleHost(options: ConsoleHostOptions): Promise<ConsoleHost> {
  const keyProvider = options.keyProvider ?? dataFolderKeyProvider(options.userDataDir, process.env);
  const core = createCore({ ...options, keyProvider });
  const distDir = options.distDir ?? defaultDistDir();
  let host: RunningHost;
  try {
    host = await startHost({
      core,
      ...(options.port !== undefined ? { port: options.port } : {}),
      rendererDir: join(distDir, 'renderer'),
      bridgeFile: join(distDir, 'preload', 'web-socket-bridge.js'),
      ...(options.log ? { log: options.log } : {}),
    });
  } catch (error) {
    await core.close();
    throw error;
  }
  return {
    core,
    host,
    async close() {
      await host.close();
      await core.close();
    },
  };
}

function argValue(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

async function main(args: readonly string[]): Promise<void> {
  const userDataDir = argValue(args, '--user-data-dir');
  const portText = argValue(args, '--port');
  const port = portText === undefined ? 0 : Number(portText);
  const wolPortText = argValue(args, '--wol-port');
  const wolPort = wolPortText === undefined ? undefined : Number(wolPortText);
  const badWolPort = wolPort !== undefined && !(Number.isInteger(wolPort) && wolPort >= 1 && wolPort <= 65535);
  const relayListen = argValue(args, '--relay-listen');
  let relays: RelayListenAddress | undefined;
  let badRelay = false;
  try {
    relays = relayListen === undefined ? undefined : parseRelayListen(relayListen);
  } catch (error) {
    console.error((error as Error).message);
    badRelay = true;
  }
  if (!userDataDir || !Number.isInteger(port) || port < 0 || port > 65535 || badWolPort || badRelay) {
    console.error(
      'usage: node dist/host/main.mjs --user-data-dir DIR [--port N] [--wol-port N] [--wol-unicast] [--relay-listen HOST:PORT]',
    );
    process.exitCode = 2;
    return;
  }
  const jobs = {
    ...(wolPort !== undefined ? { wolPort } : {}),
    ...(args.includes('--wol-unicast') ? { wolUnicast: true } : {}),
  };
  const running = await startConsoleHost({
    userDataDir: resolve(userDataDir),
    port,
    jobs,
    log: (line) => console.error(line),
    ...(relays ? { relays } : {}),
  });
  console.log(`AMT Console (headless host) for ${resolve(userDataDir)}`);
  console.log(`Open: ${running.host.url}`);
  const stop = (): void => {
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`The console host could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
