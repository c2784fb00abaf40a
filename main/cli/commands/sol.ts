// `amtctl sol HOST`: a serial-over-LAN terminal (main/redirect, amt-protocols.md §3.3, §5). Interactive: stdin/stdout
// bridged, raw mode on a TTY, Ctrl+] quits. Scripted: --send keys, --expect text within --timeout, exit 0 when seen.

import { AmtError, type CertFingerprint } from '../../../shared/domain';
import { parseTarget, type AmtCredentials, type PinStore, type TlsPolicy } from '../../amt/index';
import {
  openRedirectionWithPolicy,
  startSol,
  AMT_REDIRECTION_PORT,
  AMT_REDIRECTION_TLS_PORT,
  type RedirectionSession,
  type SolChannel,
} from '../../redirect/index';
import { WordedAmtError } from '../error-words';
import { openWithAccess, type RedirectionAccess } from '../redirection-access';
import { translateKeyboardInput } from '../sol-keys';

/** The local terminal: bytes in (keyboard) and out (screen), raw mode when it is a TTY. */
export interface SolTerminal {
  readonly input: {
    readonly isTTY?: boolean;
    setRawMode?(raw: boolean): unknown;
    on(event: 'data', listener: (chunk: Uint8Array) => void): unknown;
    on(event: 'end', listener: () => void): unknown;
    off(event: 'data', listener: (chunk: Uint8Array) => void): unknown;
    resume(): unknown;
    pause(): unknown;
  };
  readonly write: (bytes: Uint8Array) => void;
}

export interface SolRunOptions {
  readonly host: string;
  readonly credentials: AmtCredentials;
  readonly tlsPolicy: TlsPolicy;
  /** --legacy-tls: TLS 1.0/1.1 allowed on the redirection TLS port. */
  readonly legacyTls?: boolean;
  readonly pins: PinStore;
  readonly explicitPin: CertFingerprint | undefined;
  /** Connect and handshake bound; with --expect also the bound on waiting for the text. */
  readonly timeoutMs: number;
  /** Plain redirection port (TLS is port + 1); default 16994/16995. */
  readonly port: number | undefined;
  /** Scripted mode when either is given. */
  readonly send: readonly Uint8Array[];
  readonly expect: string | undefined;
  readonly terminal: SolTerminal;
  readonly err: (text: string) => void;
  readonly stopSignal: () => Promise<string>;
  /** Consent and redirection settings (main/cli/redirection-access.ts); absent = the session is just tried. */
  readonly access?: RedirectionAccess;
}

/** TLS first when the policy allows; plain only when nothing answers TLS (main/redirect openRedirectionWithPolicy). */
function open(options: SolRunOptions): Promise<RedirectionSession> {
  return openRedirectionWithPolicy({
    // HOST may carry a WS-Man port (HOST:PORT, where consent is asked); the redirection ports come from --port.
    host: parseTarget(options.host).endpoint.host,
    plainPort: options.port ?? AMT_REDIRECTION_PORT,
    tlsPort: options.port === undefined ? AMT_REDIRECTION_TLS_PORT : options.port + 1,
    tlsPolicy: options.tlsPolicy,
    credentials: options.credentials,
    pins: options.pins,
    ...(options.explicitPin ? { explicitPin: options.explicitPin } : {}),
    timeoutMs: options.timeoutMs,
    ...(options.legacyTls ? { legacyTls: true } : {}),
  });
}

/** Resolves 0 on success; rejects with an AmtError the caller words. */
export async function runSol(options: SolRunOptions): Promise<number> {
  const session = options.access ? await openWithAccess(() => open(options), options.access) : await open(options);
  const scripted = options.send.length > 0 || options.expect !== undefined;
  return scripted ? runScripted(session, options) : runInteractive(session, options);
}

async function runScripted(session: RedirectionSession, options: SolRunOptions): Promise<number> {
  let seen = '';
  let resolveSeen: () => void = () => undefined;
  const found = new Promise<void>((resolve) => {
    resolveSeen = resolve;
  });
  const wanted = options.expect;
  const sol = await startSol(session, {
    onData: (bytes) => {
      options.terminal.write(bytes);
      // Latin-1 keeps one character per byte, so the match works on CP437 or UTF-8 screens alike for ASCII text.
      seen = (seen + Buffer.from(bytes).toString('latin1')).slice(-64 * 1024);
      if (wanted !== undefined && seen.includes(wanted)) resolveSeen();
    },
  });
  for (const keys of options.send) sol.send(keys);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
  });
  // Without --expect, the output of --timeout ms is shown and that is success.
  const outcome = await Promise.race([
    wanted === undefined ? deadline : found.then(() => 'seen' as const),
    deadline,
    sol.closed.then((e) => e ?? ('closed' as const)),
  ]);
  clearTimeout(timer);
  if (outcome instanceof AmtError) throw outcome;
  await endQuietly(sol);
  if (outcome === 'timeout' && wanted !== undefined) {
    throw new WordedAmtError(
      'timeout',
      `"${wanted}" did not appear on the SOL console of ${options.host} within ${options.timeoutMs} ms`,
    );
  }
  if (outcome === 'closed') throw new AmtError('connection-closed', `${options.host} ended the SOL session`);
  return 0;
}

async function runInteractive(session: RedirectionSession, options: SolRunOptions): Promise<number> {
  const { terminal } = options;
  const sol = await startSol(session, { onData: (bytes) => terminal.write(bytes) });
  options.err(`amtctl: SOL connected to ${options.host}; press Ctrl+] to quit`);
  const raw = terminal.input.isTTY === true && typeof terminal.input.setRawMode === 'function';
  if (raw) terminal.input.setRawMode?.(true);
  let quit: () => void = () => undefined;
  const quitRequested = new Promise<void>((resolve) => {
    quit = resolve;
  });
  const onKeys = (chunk: Uint8Array): void => {
    const { bytes, quit: wantsQuit } = translateKeyboardInput(chunk);
    // One read = one 0x28 message, so an escape sequence typed as one key stays together (§6 pitfall 21).
    if (bytes.length > 0 && session.state === 'sol-active') sol.send(bytes);
    if (wantsQuit) quit();
  };
  terminal.input.on('data', onKeys);
  terminal.input.on('end', () => quit());
  terminal.input.resume();
  try {
    const outcome = await Promise.race([
      quitRequested.then(() => undefined),
      options.stopSignal().then(() => undefined),
      sol.closed,
    ]);
    if (outcome instanceof AmtError) throw outcome;
    await endQuietly(sol);
    return 0;
  } finally {
    terminal.input.off('data', onKeys);
    terminal.input.pause();
    if (raw) terminal.input.setRawMode?.(false);
  }
}

/** Ends SOL politely; a device that does not answer EndSOL is closed anyway, and that is no failure of the user's task. */
async function endQuietly(sol: SolChannel): Promise<void> {
  try {
    await sol.end();
  } catch {
    // the connection is closed either way
  }
}
