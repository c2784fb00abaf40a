// Serial-over-LAN on an authenticated redirection session (amt-protocols.md §3.3, §3.6, §6 pitfalls 9–10, 21):
// StartSOLRedirection, keyboard and screen bytes, host control/status bits, heartbeats, EndSOL → EndSession → close.
//
// Heartbeat choice: we ask the firmware for a heartbeat (0x20 HeartbeatInterval), echo every 0x2B/0x24 it
// sends (amtterm's way) and fail after SILENT_HEARTBEATS_BEFORE_FAILURE intervals without any byte. Sending our
// own 0x2B every 2 s (MC's way) keeps the firmware's side alive but cannot notice a dead link: only the
// firmware's heartbeat lets the console fail in bounded time instead of waiting for TCP retransmission to give up.

import { AmtError } from '../../shared/domain';
import {
  DEFAULT_SOL_SETTINGS,
  MAX_SOL_DATA_BYTES,
  MSG_END_SOL_REPLY,
  MSG_SOL_CONTROLS_FROM_HOST,
  MSG_SOL_DATA_FROM_HOST,
  MSG_SOL_HEARTBEAT,
  MSG_SOL_KEEPALIVE_PING,
  MSG_SOL_KEEPALIVE_PONG,
  MSG_START_SOL_REPLY,
  SILENT_HEARTBEATS_BEFORE_FAILURE,
  type SolSettings,
} from './constants';
import {
  decodeSolControls,
  decodeSolDataFromHost,
  decodeStartSolReply,
  encodeEndSol,
  encodeSolData,
  encodeStartSol,
  type SolControls,
} from './frames';
import { DEFAULT_REPLY_TIMEOUT_MS, type RedirectionSession } from './session';

export interface SolHandlers {
  /** Screen bytes from the host (BIOS/OS console), exactly as sent: decoding (CP437, UTF-8) is the terminal's job. */
  readonly onData?: (bytes: Uint8Array) => void;
  /** Every 0x29: host control lines and status, e.g. `hostPoweredOn`. */
  readonly onControls?: (controls: SolControls) => void;
}

export interface SolOptions {
  readonly settings?: SolSettings;
  readonly replyTimeoutMs?: number;
  /**
   * No byte from the firmware for this long fails the session with 'timeout'. Default: 4 × the heartbeat
   * interval asked for in the settings (amtterm's bound); required when that interval is 0.
   */
  readonly silenceTimeoutMs?: number;
}

/** One active SOL redirection. */
export class SolChannel {
  private seq = 0;
  private lastControls: SolControls | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private lastByteMs = Date.now();

  constructor(
    private readonly session: RedirectionSession,
    private readonly handlers: SolHandlers,
    private readonly replyTimeoutMs: number,
  ) {}

  /** Resolves when the connection is gone: undefined after end(), the error otherwise. */
  get closed(): Promise<AmtError | undefined> {
    return this.session.closed;
  }

  /** The most recent 0x29, if any arrived. */
  get controls(): SolControls | undefined {
    return this.lastControls;
  }

  /** MC numbers every message it sends from 1; the firmware evidently does not check SOL sequence numbers [inferred]. */
  nextSeq(): number {
    this.seq = (this.seq + 1) >>> 0;
    return this.seq;
  }

  /** @internal started by startSol once 0x21 arrived. */
  run(silenceTimeoutMs: number): void {
    this.session.onBytes = () => {
      this.lastByteMs = Date.now();
    };
    this.session.setMessageHandler((message) => this.dispatch(message));
    const checkEveryMs = Math.max(50, Math.floor(silenceTimeoutMs / 4));
    this.watchdog = setInterval(() => {
      if (Date.now() - this.lastByteMs > silenceTimeoutMs) {
        this.stopWatchdog();
        this.session.fail(
          new AmtError(
            'timeout',
            `${this.session.where} sent nothing for ${silenceTimeoutMs} ms (SOL heartbeat lost).`,
            { endpoint: this.session.where },
          ),
        );
      }
    }, checkEveryMs);
    this.watchdog.unref();
    void this.session.closed.then(() => this.stopWatchdog());
  }

  private stopWatchdog(): void {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = undefined;
  }

  /** Messages the firmware may send at any time while SOL is active. */
  private dispatch(message: Uint8Array): void {
    switch (message[0]) {
      case MSG_SOL_DATA_FROM_HOST:
        this.handlers.onData?.(decodeSolDataFromHost(message));
        return;
      case MSG_SOL_CONTROLS_FROM_HOST:
        this.lastControls = decodeSolControls(message);
        this.handlers.onControls?.(this.lastControls);
        return;
      case MSG_SOL_HEARTBEAT:
      case MSG_SOL_KEEPALIVE_PING:
        this.session.send(message); // echoed unchanged, as amtterm does
        return;
      case MSG_SOL_KEEPALIVE_PONG:
        return;
      default:
        this.session.fail(
          new AmtError(
            'malformed-frame',
            `${this.session.where} sent message type 0x${(message[0] ?? 0).toString(16)} during SOL.`,
            { endpoint: this.session.where },
          ),
        );
    }
  }

  /**
   * Keyboard bytes to the host. One call = one 0x28 message (so an escape sequence stays together, §6 pitfall 21);
   * longer input is split at MAX_SOL_DATA_BYTES.
   */
  send(bytes: Uint8Array): void {
    if (this.session.state !== 'sol-active') {
      throw new AmtError('connection-closed', `SOL to ${this.session.where} is not active (${this.session.state}).`, {
        endpoint: this.session.where,
      });
    }
    for (let at = 0; at < bytes.length; at += MAX_SOL_DATA_BYTES) {
      this.session.send(encodeSolData(this.nextSeq(), bytes.subarray(at, at + MAX_SOL_DATA_BYTES)));
    }
  }

  /** EndSOLRedirection → its reply → EndRedirectionSession → close. A device that does not reply is closed anyway. */
  async end(): Promise<void> {
    if (this.session.state !== 'sol-active') return;
    this.stopWatchdog();
    this.session.transition('sol-ending');
    const ended = this.session.expect(MSG_END_SOL_REPLY, this.replyTimeoutMs, 'EndSOLRedirectionReply');
    this.session.send(encodeEndSol(this.nextSeq()));
    try {
      await ended;
    } finally {
      this.session.close();
    }
  }
}

/** Starts SOL on an authenticated session (§3.6: 0x20 settings → 0x21 status 0). */
export async function startSol(
  session: RedirectionSession,
  handlers: SolHandlers,
  options: SolOptions = {},
): Promise<SolChannel> {
  if (session.state !== 'authenticated') {
    throw new AmtError('bad-input', `SOL needs an authenticated redirection session (it is ${session.state}).`);
  }
  const settings = options.settings ?? DEFAULT_SOL_SETTINGS;
  const silenceTimeoutMs = options.silenceTimeoutMs ?? settings.heartbeatIntervalMs * SILENT_HEARTBEATS_BEFORE_FAILURE;
  if (!(silenceTimeoutMs > 0))
    throw new AmtError(
      'bad-input',
      'SOL needs a heartbeat interval or a silence timeout, or a dead link would hang forever.',
    );
  const replyTimeoutMs = options.replyTimeoutMs ?? DEFAULT_REPLY_TIMEOUT_MS;
  const channel = new SolChannel(session, handlers, replyTimeoutMs);
  session.transition('sol-starting');
  const replied = session.expect(MSG_START_SOL_REPLY, replyTimeoutMs, 'StartSOLRedirectionReply');
  session.send(encodeStartSol(channel.nextSeq(), settings));
  const reply = decodeStartSolReply(await replied);
  if (reply.status !== 0) {
    const error = new AmtError(
      'unsupported',
      `${session.where} refused to start SOL (status 0x${reply.status.toString(16)}).`,
      { endpoint: session.where },
    );
    session.fail(error);
    throw error;
  }
  session.transition('sol-active');
  channel.run(silenceTimeoutMs);
  return channel;
}
