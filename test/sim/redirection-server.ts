// The firmware side of the redirection protocol on 16994 for one simulated device (amt-protocols.md §3.2–3.3, §3.6):
// StartRedirectionSession (BUSY for a second SOL; refused when the type is disabled or consent is missing),
// auth query, digest type 4 and plain type 1 with the WS-Man
// account and lockout, SOL with the scripted BIOS, heartbeats at the interval the console asked for.
import type net from 'node:net';
import type { DigestAuthenticator } from './digest-auth';
import * as f from './redirection-frames';
import { SolBios } from './sol-bios';
import { IderFirmware } from './ider-firmware';
import type { SerialAttachment } from './qemu-host';

export interface RedirectionHost {
  readonly digest: DigestAuthenticator;
  readonly realm: string;
  readonly user: string;
  readonly hostPoweredOn: () => boolean;
  readonly fault: (name: 'redirectionGarbage' | 'redirectionSilent' | 'iderDropMidTransfer') => boolean;
  /** An IDE-R session got its drives enabled / ended. */
  readonly onIder?: (firmware: IderFirmware | undefined) => void;
  readonly iderReadBufferBytes?: () => number | undefined;
  /** A real serial console behind SOL (the QEMU backend) instead of the scripted BIOS. */
  readonly serialConsole?: (output: (bytes: Buffer) => void) => SerialAttachment;
  /** Whether AMT_RedirectionService and the user's consent let a session of this kind start (§2.7, §2.8). */
  readonly admits?: (kind: 'sol' | 'ider') => 'ok' | 'disabled' | 'no-consent';
  /** A session was admitted / the last open session ended (consent goes "in session", then lapses). */
  readonly onSessionStarted?: () => void;
  readonly onAllSessionsEnded?: () => void;
}

const DIGEST_URI = '/RedirectionService';
const SESSION_SOL = 'SOL ';
const SESSION_IDER = 'IDER';
/** 0x54 chunks the 'iderDropMidTransfer' fault lets through before cutting the connection. */
const DROP_AFTER_CHUNKS = 3;
const STATUS_UNSUPPORTED = 3;
/**
 * StartRedirectionSessionReply status for a session type switched off in EnabledState (unsupported) and for a
 * client-control-mode device without the user's consent (error) [unconfirmed: which status real firmware sends;
 * consoles check both services over WS-Man first, §2.7/§2.8, as MeshCommander does].
 */
const STATUS_DISABLED = STATUS_UNSUPPORTED;
const STATUS_NO_CONSENT = 0xff;
/** BIOS text follows the 0x21 reply after a pause, like a real host; amtterm 1.4 also reads 0x21 alone. */
const BIOS_START_DELAY_MS = 100;
/** Used when the console asks for 0 (no limit / no timeout). */
const DEFAULT_TX_BUFFER_BYTES = 1000;
const DEFAULT_TX_BUFFER_TIMEOUT_MS = 100;
const OFFERED_AUTH_TYPES = [f.AUTH_PLAIN, f.AUTH_DIGEST_QOP];

const quote = (s: string): string => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;

export class RedirectionServer {
  private solHolder: net.Socket | undefined;
  private iderHolder: net.Socket | undefined;
  /** Counters tests read: sessions started, auth failures, refusals (busy; disabled or no consent), keys received. */
  readonly stats = { sessions: 0, authFailures: 0, busyRefusals: 0, refusals: 0, keyMessages: 0, iderSessions: 0 };

  constructor(private readonly host: RedirectionHost) {}

  get solActive(): boolean {
    return this.solHolder !== undefined;
  }

  accept(socket: net.Socket): void {
    const reader = new f.ClientMessageReader();
    let phase: 'start' | 'auth' | 'ready' | 'sol' | 'ider' = 'start';
    let kind: 'sol' | 'ider' = 'sol';
    let ider: IderFirmware | undefined;
    let heartbeatTimer: NodeJS.Timeout | undefined;
    let biosTimer: NodeJS.Timeout | undefined;
    let seq = 0;
    let bios: Pick<SolBios, 'input'> | undefined;
    let serial: SerialAttachment | undefined;
    let txBuffering = { maxBytes: DEFAULT_TX_BUFFER_BYTES, timeoutMs: DEFAULT_TX_BUFFER_TIMEOUT_MS };
    let txPending = Buffer.alloc(0);
    let txTimer: NodeJS.Timeout | undefined;
    const stop = (): void => {
      clearInterval(heartbeatTimer);
      clearTimeout(biosTimer);
      clearTimeout(txTimer);
      serial?.detach();
      serial = undefined;
      const held = this.solHolder === socket || this.iderHolder === socket;
      if (this.solHolder === socket) this.solHolder = undefined;
      if (this.iderHolder === socket) this.iderHolder = undefined;
      if (held && this.solHolder === undefined && this.iderHolder === undefined) this.host.onAllSessionsEnded?.();
    };
    socket.once('close', stop);
    const send = (bytes: Buffer): void => {
      if (!socket.destroyed) socket.write(bytes);
    };
    // Like the firmware, host output is batched: one 0x2A per TxBufferTimeout or per MaxTxBuffer bytes (§3.3).
    const flush = (): void => {
      txTimer = undefined;
      while (txPending.length > 0) {
        const chunk = txPending.subarray(0, txBuffering.maxBytes);
        txPending = txPending.subarray(chunk.length);
        send(f.solDataFromHost(++seq, chunk));
      }
    };
    const hostBytes = (bytes: Buffer): void => {
      txPending = Buffer.concat([txPending, bytes]);
      txTimer ??= setTimeout(flush, txBuffering.timeoutMs);
    };
    const hostText = (text: string): void => {
      txPending = Buffer.concat([txPending, Buffer.from(text, 'latin1')]);
      txTimer ??= setTimeout(flush, txBuffering.timeoutMs);
    };

    const handle = (m: Buffer): void => {
      const type = m[0];
      if (type === f.START_SESSION) {
        if (phase !== 'start') return void socket.destroy();
        const id = m.subarray(4, 8).toString('latin1');
        if (id !== SESSION_SOL && id !== SESSION_IDER) return void socket.end(f.startSessionReply(STATUS_UNSUPPORTED));
        kind = id === SESSION_IDER ? 'ider' : 'sol';
        const holder = kind === 'ider' ? this.iderHolder : this.solHolder;
        if (holder && !holder.destroyed) {
          this.stats.busyRefusals += 1;
          return void socket.end(f.startSessionReply(f.STATUS_BUSY));
        }
        const admission = this.host.admits?.(kind) ?? 'ok';
        if (admission !== 'ok') {
          this.stats.refusals += 1;
          return void socket.end(f.startSessionReply(admission === 'disabled' ? STATUS_DISABLED : STATUS_NO_CONSENT));
        }
        this.host.onSessionStarted?.();
        if (kind === 'ider') this.iderHolder = socket;
        else this.solHolder = socket;
        phase = 'auth';
        return send(f.startSessionReply(f.STATUS_OK));
      }
      if (type === f.AUTHENTICATE) return authenticate(m);
      if (phase === 'start' || phase === 'auth') return void socket.destroy(); // nothing else before auth
      if (phase === 'ider' && ider) {
        if (type === f.END_SESSION) return void socket.end();
        ider.handle(m);
        return;
      }
      if (type === f.START_IDER) {
        if (phase !== 'ready' || kind !== 'ider') return void socket.destroy();
        phase = 'ider';
        this.stats.iderSessions += 1;
        const readBufferBytes = this.host.iderReadBufferBytes?.();
        ider = new IderFirmware(socket, {
          ...(readBufferBytes !== undefined ? { readBufferBytes } : {}),
          ...(this.host.fault('iderDropMidTransfer') ? { dropAfterChunks: DROP_AFTER_CHUNKS } : {}),
          onEnabled: (firmware) => this.host.onIder?.(firmware),
          onClosed: () => this.host.onIder?.(undefined),
        });
        ider.handle(m);
        return;
      }
      switch (type) {
        case f.START_SOL:
          if (phase !== 'ready' || kind !== 'sol') return void socket.destroy();
          phase = 'sol';
          this.stats.sessions += 1;
          send(f.startSolReply(f.STATUS_OK));
          {
            const asked = f.startSolTxBuffering(m);
            txBuffering = {
              maxBytes: asked.maxBytes || DEFAULT_TX_BUFFER_BYTES,
              timeoutMs: asked.timeoutMs || DEFAULT_TX_BUFFER_TIMEOUT_MS,
            };
          }
          return startSol(f.startSolHeartbeatMs(m));
        case f.SOL_DATA_TO_HOST:
          this.stats.keyMessages += 1;
          bios?.input(Buffer.from(f.solDataToHost(m)));
          return;
        case f.END_SOL:
          clearInterval(heartbeatTimer);
          clearTimeout(biosTimer);
          serial?.detach();
          serial = undefined;
          phase = 'ready';
          return send(f.endSolReply());
        case f.END_SESSION:
          return void socket.end();
        case f.KEEPALIVE_PING: {
          const pong = Buffer.from(m);
          pong[0] = f.KEEPALIVE_PONG;
          return send(pong);
        }
        default:
          return; // 0x2B echoes and MC's 0x27 need no answer
      }
    };

    const authenticate = (m: Buffer): void => {
      if (phase !== 'auth') return void socket.destroy();
      const authType = m[4];
      const data = m.subarray(9);
      if (authType === f.AUTH_QUERY)
        return send(f.authReply(f.STATUS_OK, f.AUTH_QUERY, Buffer.from(OFFERED_AUTH_TYPES)));
      const fields = f.readLengthPrefixed(data);
      if (authType === f.AUTH_PLAIN && fields?.length === 2) {
        return verdict(this.host.digest.checkPlain(fields[0] as string, fields[1] as string), f.AUTH_PLAIN);
      }
      if (authType === f.AUTH_DIGEST_QOP && fields?.length === 8) {
        const [user, realm, nonce, uri, cnonce, nc, response, qop] = fields as [
          string,
          string,
          string,
          string,
          string,
          string,
          string,
          string,
        ];
        if (realm === '' && nonce === '') {
          const challenge = f.lengthPrefixed([this.host.realm, this.host.digest.issueNonce(), 'auth']);
          return send(f.authReply(f.AUTH_FAIL_OR_CHALLENGE, f.AUTH_DIGEST_QOP, challenge));
        }
        const header =
          `Digest username=${quote(user)}, realm=${quote(realm)}, nonce=${quote(nonce)}, uri=${quote(uri)}, ` +
          `cnonce=${quote(cnonce)}, nc=${nc}, response=${quote(response)}, qop=${qop}`;
        const result = this.host.digest.check({
          method: 'POST',
          path: DIGEST_URI,
          authorization: header,
          staleNonceFault: false,
        });
        return verdict(result.ok, f.AUTH_DIGEST_QOP);
      }
      return verdict(false, authType ?? 0);
    };

    const verdict = (ok: boolean, authType: number): void => {
      if (ok) {
        phase = 'ready';
        return send(f.authReply(f.STATUS_OK, authType));
      }
      this.stats.authFailures += 1;
      socket.end(f.authReply(f.AUTH_FAIL_OR_CHALLENGE, authType));
    };

    const startSol = (heartbeatMs: number): void => {
      if (this.host.fault('redirectionSilent')) return;
      if (this.host.serialConsole) {
        // The VM's COM1 as it is: whatever it prints from now on, keys straight to it.
        const attached = this.host.serialConsole(hostBytes);
        serial = attached;
        bios = { input: (bytes) => attached.input(bytes) };
        send(f.solControls(0, this.host.hostPoweredOn() ? f.STATUS_BIT_POWER : 0));
        if (heartbeatMs > 0) {
          heartbeatTimer = setInterval(() => send(f.heartbeat(++seq)), heartbeatMs);
          heartbeatTimer.unref();
        }
        return;
      }
      // The BIOS exists from the start so keys sent right after 0x21 are not lost; its text follows a little later.
      const thisBios = new SolBios(hostText);
      bios = thisBios;
      biosTimer = setTimeout(() => {
        if (this.host.fault('redirectionGarbage')) {
          send(Buffer.from([0x99, 0x00, 0xff, 0x13, 0x47, 0x41, 0x52, 0x42, 0x41, 0x47, 0x45]));
          return;
        }
        send(f.solControls(0, this.host.hostPoweredOn() ? f.STATUS_BIT_POWER : 0));
        thisBios.boot();
      }, BIOS_START_DELAY_MS);
      if (heartbeatMs > 0) {
        heartbeatTimer = setInterval(() => send(f.heartbeat(++seq)), heartbeatMs);
        heartbeatTimer.unref();
      }
    };

    socket.on('data', (chunk: Buffer) => {
      let messages: Buffer[];
      try {
        messages = reader.push(chunk);
      } catch {
        socket.destroy(); // a console that sends nonsense is cut off, like the firmware does
        return;
      }
      for (const m of messages) {
        if (socket.destroyed) return;
        handle(m);
      }
    });
  }
}
