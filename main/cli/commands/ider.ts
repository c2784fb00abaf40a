// `amtctl ider HOST --floppy IMG | --cd ISO [--start now|graceful|reboot] [--boot]` (issue 9): serves a disk image
// to the host over IDE-R (main/redirect) until Ctrl-C or until the device ends the session. --boot then sets the
// next boot to the redirected drive and powers the host on (or resets it) through WS-Man (main/amt bootTo); AMT's
// boot settings are one-shot, so the boot after that is the normal one again. A progress line on a terminal,
// one JSON event per line with --json.

import { AmtError, type CertFingerprint } from '../../../shared/domain';
import { bootTo, parseTarget, type AmtCredentials, type PinStore, type TlsPolicy } from '../../amt/index';
import {
  AMT_REDIRECTION_PORT,
  AMT_REDIRECTION_TLS_PORT,
  DiskImage,
  openRedirectionWithPolicy,
  startIder,
  type IderChannel,
  type IderEvent,
  type IderMediaKind,
  type IderProgress,
  type IderStartMode,
} from '../../redirect/index';
import { openDeviceSession } from '../device-session';
import { formatBytes, jsonLine } from '../output';
import { openWithAccess, type RedirectionAccess } from '../redirection-access';

/** Progress lines and JSON progress events at most this often. */
const PROGRESS_EVERY_MS = 250;
const JSON_PROGRESS_EVERY_MS = 1000;

export interface IderRunOptions {
  readonly host: string;
  readonly image: { readonly path: string; readonly kind: IderMediaKind };
  readonly startMode: IderStartMode;
  readonly boot: boolean;
  readonly credentials: AmtCredentials;
  readonly tlsPolicy: TlsPolicy;
  readonly pins: PinStore;
  readonly explicitPin: CertFingerprint | undefined;
  readonly timeoutMs: number;
  /** --legacy-tls: TLS 1.0/1.1 allowed for this run (AMT 11 and older), on the redirection and WS-Man ports. */
  readonly legacyTls?: boolean;
  /** Plain redirection port (TLS is port + 1); default 16994/16995. */
  readonly port: number | undefined;
  readonly json: boolean;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Rewrites one status line in place (stderr is a terminal); absent = no progress line. */
  readonly statusLine: ((text: string) => void) | undefined;
  readonly stopSignal: () => Promise<string>;
  readonly now?: () => number;
  /** Consent and redirection settings (main/cli/redirection-access.ts); absent = the session is just tried. */
  readonly access?: RedirectionAccess;
}

function progressWords(host: string, p: IderProgress): string {
  return `IDE-R ${host}: ${formatBytes(p.bytesSent)} sent, ${p.sectorsRead} sectors (${p.sectorsPerSecond}/s), last ${p.lastCommand || '-'}`;
}

function eventJson(host: string, event: IderEvent): Record<string, unknown> {
  return {
    host,
    event: event.type,
    ...(event.type === 'reset' ? { mask: event.mask } : {}),
    ...(event.type === 'firmware-error' ? { code: event.code } : {}),
    ...(event.type === 'write-refused' ? { drive: event.drive } : {}),
  };
}

/** Resolves 0 once stopped cleanly; rejects with an AmtError the caller words. */
export async function runIder(options: IderRunOptions): Promise<number> {
  const { host } = options;
  const now = options.now ?? Date.now;
  const field = options.image.kind === 'cd' ? '--cd' : '--floppy';
  // The image is checked before a byte goes to the device.
  const image = await DiskImage.open(options.image.path, options.image.kind, field);
  const plainPort = options.port ?? AMT_REDIRECTION_PORT;
  const tlsPort = options.port === undefined ? AMT_REDIRECTION_TLS_PORT : options.port + 1;
  let channel: IderChannel;
  let report: Throttled<IderProgress> | undefined;
  try {
    const openSession = (): ReturnType<typeof openRedirectionWithPolicy> =>
      openRedirectionWithPolicy({
        // HOST may carry a WS-Man port (HOST:PORT, used by --boot); the redirection ports come from --port.
        host: parseTarget(host).endpoint.host,
        kind: 'ider',
        plainPort,
        tlsPort,
        tlsPolicy: options.tlsPolicy,
        credentials: options.credentials,
        pins: options.pins,
        ...(options.explicitPin ? { explicitPin: options.explicitPin } : {}),
        ...(options.legacyTls ? { legacyTls: true } : {}),
        timeoutMs: options.timeoutMs,
      });
    const session = options.access ? await openWithAccess(openSession, options.access) : await openSession();
    report = throttled(options.json ? JSON_PROGRESS_EVERY_MS : PROGRESS_EVERY_MS, now, (p) => {
      if (options.json) options.out(jsonLine({ host, event: 'progress', ...p }));
      else options.statusLine?.(progressWords(host, p));
    });
    channel = await startIder(session, options.image.kind === 'cd' ? { cd: image } : { floppy: image }, {
      startMode: options.startMode,
      replyTimeoutMs: options.timeoutMs,
      onProgress: (p) => report?.offer(p),
      onEvent: (event) => {
        if (options.json) options.out(jsonLine(eventJson(host, event)));
        else if (event.type !== 'write-refused')
          options.err(
            `amtctl: ${host}: ${event.type === 'reset' ? 'the host reset its IDE bus' : `the firmware reported IDE-R error ${event.code}`}`,
          );
      },
    });
  } catch (error) {
    report?.cancel();
    await image.close();
    throw error;
  }
  const started = {
    host,
    event: 'started',
    image: options.image.path,
    drive: options.image.kind,
    sizeBytes: image.sizeBytes,
    startMode: options.startMode,
    endpoint: channel.where,
    via: channel.where.endsWith(`:${tlsPort}`) ? 'tls' : 'http',
  };
  if (options.json) options.out(jsonLine(started));
  else
    options.err(
      `amtctl: IDE-R to ${host} (${channel.where}): ${options.image.kind} ${options.image.path}, ${formatBytes(image.sizeBytes)}, start ${options.startMode}; Ctrl-C stops`,
    );

  try {
    if (options.boot) {
      const device = openDeviceSession(host, {
        credentials: options.credentials,
        tlsPolicy: options.tlsPolicy,
        pins: options.pins,
        explicitPin: options.explicitPin,
        timeoutMs: options.timeoutMs,
        ...(options.legacyTls ? { legacyTls: true } : {}),
      });
      try {
        const result = await bootTo(device.client, options.image.kind === 'cd' ? 'ider-cd' : 'ider-floppy');
        if (options.json)
          options.out(
            jsonLine({
              host,
              event: 'boot',
              bootTarget: result.target,
              previousState: result.previousState,
              powerAction: result.powerAction,
            }),
          );
        else
          options.err(
            `amtctl: ${host}: next boot set to the redirected ${options.image.kind}, power ${result.powerAction} sent`,
          );
      } finally {
        device.close();
      }
    }
    const outcome = await Promise.race([options.stopSignal().then(() => 'stop' as const), channel.closed]);
    if (outcome instanceof AmtError) throw outcome;
    if (outcome === undefined) throw new AmtError('connection-closed', `${host} ended the IDE-R session`);
    await channel.stop().catch(() => undefined); // the session is closed either way
  } catch (error) {
    if (!(await isClosed(channel))) await channel.stop().catch(() => undefined);
    throw error;
  } finally {
    report.cancel();
    options.statusLine?.('');
  }
  const p = channel.progress;
  if (options.json) options.out(jsonLine({ host, event: 'stopped', ...p }));
  else
    options.err(
      `amtctl: IDE-R to ${host} stopped: ${formatBytes(p.bytesSent)} sent, ${p.sectorsRead} sectors, ${p.commands} commands`,
    );
  return 0;
}

interface Throttled<T> {
  offer(value: T): void;
  cancel(): void;
}

/** At most one report per `everyMs`; the last value offered inside a quiet spell is reported when it ends. */
function throttled<T>(everyMs: number, now: () => number, emit: (value: T) => void): Throttled<T> {
  let last = -Infinity;
  let pending: { value: T } | undefined;
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    timer = undefined;
    if (!pending) return;
    const { value } = pending;
    pending = undefined;
    last = now();
    emit(value);
  };
  return {
    offer(value) {
      pending = { value };
      if (timer) return;
      const wait = last + everyMs - now();
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      pending = undefined;
    },
  };
}

async function isClosed(channel: IderChannel): Promise<boolean> {
  return Promise.race([
    channel.closed.then(() => true),
    new Promise<boolean>((resolve) => setImmediate(() => resolve(false))),
  ]);
}
