// One relay-channel connection over an established TLS socket: bytes in through FrameReader and decodeMessage,
// messages out through encodeMessage, a bound on what may wait to be written (a peer that stops reading is
// dropped, not buffered for), and a liveness check (PING each heartbeat; nothing heard for
// SILENT_HEARTBEATS_LIMIT heartbeats ends it). Any protocol error ends the connection with its words.

import type { TLSSocket } from 'node:tls';
import { FrameReader } from './frames';
import { decodeMessage, encodeMessage, type RelayMessage } from './messages';
import { isRelayProtocolError } from './relay-protocol-error';

/** Bytes waiting in the socket's write buffer beyond which the peer counts as not reading. */
export const MAX_PENDING_WRITE_BYTES = 4 * 1024 * 1024;
export const SILENT_HEARTBEATS_LIMIT = 3;

export interface ConnectionEvents {
  message(message: RelayMessage): void;
  /** Once, with why: 'closed by peer', a protocol error's words, 'silent for …', or the caller's reason. */
  closed(why: string): void;
}

export class MessageConnection {
  /** Frame bytes sent and received on this connection (the bench's bytes per target). */
  bytesOut = 0;
  bytesIn = 0;
  private readonly reader = new FrameReader();
  private ended = false;
  private heartbeat: NodeJS.Timeout | undefined;
  private lastHeardMs = Date.now();
  private nonce = 0;

  constructor(
    readonly socket: TLSSocket,
    private readonly events: ConnectionEvents,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => this.close(`connection error: ${error.message}`));
    socket.on('close', () => this.close('closed by the peer'));
    socket.on('end', () => {
      try {
        this.reader.end();
        this.close('closed by the peer');
      } catch (error) {
        this.close(error instanceof Error ? error.message : String(error));
      }
    });
  }

  get open(): boolean {
    return !this.ended;
  }

  /** The peer's address as "host:port". */
  get peer(): string {
    return `${this.socket.remoteAddress ?? '?'}:${this.socket.remotePort ?? '?'}`;
  }

  /** Starts pinging every `intervalMs`; ends the connection when nothing was heard for the limit. */
  startHeartbeat(intervalMs: number): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.lastHeardMs = Date.now();
    this.heartbeat = setInterval(() => {
      if (Date.now() - this.lastHeardMs > intervalMs * SILENT_HEARTBEATS_LIMIT) {
        this.close(`nothing heard for ${SILENT_HEARTBEATS_LIMIT} heartbeats of ${intervalMs} ms`);
        return;
      }
      this.nonce = (this.nonce + 1) >>> 0;
      this.send({ kind: 'ping', nonce: this.nonce });
    }, intervalMs);
    this.heartbeat.unref();
  }

  /** False when the connection is closed or was closed because the peer does not read. */
  send(message: RelayMessage): boolean {
    if (this.ended) return false;
    if (this.socket.writableLength > MAX_PENDING_WRITE_BYTES) {
      this.close(`the peer stopped reading (${this.socket.writableLength} bytes waiting)`);
      return false;
    }
    const frame = encodeMessage(message);
    this.bytesOut += frame.length;
    this.socket.write(frame);
    return true;
  }

  /** Ends the connection once; `why` reaches the closed event (and the log), never a secret. */
  close(why: string): void {
    if (this.ended) return;
    this.ended = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.socket.end();
    this.socket.destroySoon();
    // A peer that never completes the close is cut off.
    setTimeout(() => this.socket.destroy(), 2_000).unref();
    this.events.closed(why);
  }

  private onData(chunk: Buffer): void {
    if (this.ended) return;
    this.lastHeardMs = Date.now();
    this.bytesIn += chunk.length;
    try {
      for (const frame of this.reader.push(chunk)) {
        const message = decodeMessage(frame);
        if (message.kind === 'ping') this.send({ kind: 'pong', nonce: message.nonce });
        else if (message.kind !== 'pong') this.events.message(message);
        if (this.ended) return;
      }
    } catch (error) {
      const words = isRelayProtocolError(error) ? `protocol error (${error.code}): ${error.message}` : String(error);
      this.close(words);
    }
  }
}
