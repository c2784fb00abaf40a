// A simulated NIC's Wake-on-LAN receiver (amt-protocols.md §4): a UDP socket on the device's own address
// (loopback has no broadcast) that fires when a datagram holds a magic packet for its MAC. Own parser on purpose.
import dgram from 'node:dgram';

/** The synchronization stream: six 0xFF bytes. */
const SYNC_BYTE = 0xff;
const SYNC_LENGTH_BYTES = 6;
const MAC_LENGTH_BYTES = 6;
const MAC_REPEATS = 16;
/** Sync + 16 MACs; a SecureOn password (4 or 6 bytes) may follow. */
export const MAGIC_PAYLOAD_MIN_BYTES = SYNC_LENGTH_BYTES + MAC_REPEATS * MAC_LENGTH_BYTES;
/** The UDP discard port most senders use. */
export const DEFAULT_WOL_PORT = 9;

/** "aa-bb-cc-dd-ee-ff" or "aa:bb:…" to six bytes; throws on anything else. */
export function macToBytes(mac: string): Buffer {
  const parts = mac.split(/[-:]/);
  if (parts.length !== MAC_LENGTH_BYTES || parts.some((p) => !/^[0-9a-fA-F]{2}$/.test(p)))
    throw new Error(`invalid MAC address '${mac}'`);
  return Buffer.from(parts.map((p) => parseInt(p, 16)));
}

/**
 * True when `payload` is a magic packet for `mac`: 6×FF then the MAC 16 times, with the frame scanned
 * anywhere in the datagram the way a NIC scans a frame (a header before it does not matter).
 */
export function isMagicPacketFor(payload: Uint8Array, mac: Uint8Array): boolean {
  for (let start = 0; start + MAGIC_PAYLOAD_MIN_BYTES <= payload.length; start++) {
    let ok = true;
    for (let i = 0; i < SYNC_LENGTH_BYTES && ok; i++) ok = payload[start + i] === SYNC_BYTE;
    for (let r = 0; r < MAC_REPEATS && ok; r++) {
      for (let b = 0; b < MAC_LENGTH_BYTES && ok; b++)
        ok = payload[start + SYNC_LENGTH_BYTES + r * MAC_LENGTH_BYTES + b] === mac[b];
    }
    if (ok) return true;
  }
  return false;
}

export interface WakeOnLanStats {
  /** Datagrams received. */
  datagrams: number;
  /** Magic packets for this device's MAC. */
  wakePackets: number;
}

export class WakeOnLanListener {
  readonly stats: WakeOnLanStats = { datagrams: 0, wakePackets: 0 };
  private socket: dgram.Socket | undefined;
  private boundPort = 0;
  private readonly macBytes: Buffer;

  constructor(
    private readonly host: string,
    private readonly port: number,
    mac: string,
    private readonly onWake: () => void,
  ) {
    this.macBytes = macToBytes(mac);
  }

  get actualPort(): number {
    return this.boundPort;
  }

  start(): Promise<void> {
    const socket = dgram.createSocket({ type: 'udp4' });
    this.socket = socket;
    socket.on('message', (message) => {
      this.stats.datagrams += 1;
      if (!isMagicPacketFor(message, this.macBytes)) return;
      this.stats.wakePackets += 1;
      this.onWake();
    });
    return new Promise((resolve, reject) => {
      socket.once('error', (error) =>
        reject(new Error(`simulated Wake-on-LAN receiver cannot bind ${this.host}:${this.port}: ${error.message}`)),
      );
      socket.bind({ address: this.host, port: this.port }, () => {
        socket.removeAllListeners('error');
        socket.on('error', () => undefined);
        this.boundPort = socket.address().port;
        resolve();
      });
    });
  }

  close(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (!socket) return Promise.resolve();
    return new Promise((resolve) => socket.close(() => resolve()));
  }
}
