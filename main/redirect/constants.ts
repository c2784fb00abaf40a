// Every byte of the AMT redirection protocol this module speaks (amt-protocols.md §3.1–3.3): message types with
// their direction (C→F console to firmware, F→C firmware to console) and fixed lengths, statuses, auth types, SOL bits.

// ---- Session manager, §3.2 ----
/** C→F, 8 bytes: [1] 0, [2..3] 0, [4..7] ASCII session id. */
export const MSG_START_REDIRECTION_SESSION = 0x10;
export const START_REDIRECTION_SESSION_LENGTH = 8;
/** F→C, 13 + n bytes: [1] status, [2..11] version/OEM fields [unconfirmed layout], [12] n, then n OEM bytes. */
export const MSG_START_REDIRECTION_SESSION_REPLY = 0x11;
export const START_REDIRECTION_SESSION_REPLY_MIN_LENGTH = 13;
/** Offset of the OEM data length byte in 0x11. */
export const START_REPLY_OEM_LENGTH_OFFSET = 12;
/** C→F, 4 bytes: [1..3] 0. */
export const MSG_END_REDIRECTION_SESSION = 0x12;
export const END_REDIRECTION_SESSION_LENGTH = 4;
/** C→F, 9 + len: [4] auth type, [5..8] LE u32 len, [9..] data. */
export const MSG_AUTHENTICATE_SESSION = 0x13;
/** F→C, 9 + len: [1] status, [4] auth type, [5..8] LE u32 len, [9..] data. */
export const MSG_AUTHENTICATE_SESSION_REPLY = 0x14;
export const AUTHENTICATE_HEADER_LENGTH = 9;
/** Offset of the LE u32 auth data length in 0x13/0x14. */
export const AUTH_DATA_LENGTH_OFFSET = 5;
/**
 * Upper bound we accept for auth data: the longest real payload is the digest challenge (three short strings,
 * each at most 255 bytes by its one-byte length prefix). Anything longer is a broken or hostile peer.
 */
export const MAX_AUTH_DATA_BYTES = 3 * 256;

/** Session ids in 0x10 [4..7]: ASCII 'SOL ', 'IDER', 'KVMR'. */
export const SESSION_ID_SOL = Uint8Array.of(0x53, 0x4f, 0x4c, 0x20);
export const SESSION_ID_IDER = Uint8Array.of(0x49, 0x44, 0x45, 0x52);

/** 0x11 [1] status values (§3.2). */
export const START_STATUS = { ok: 0x00, busy: 0x02, unsupported: 0x03, error: 0xff } as const;
/** 0x14 [1] status values: 1 = failure, or "challenge follows" in the digest exchange. */
export const AUTH_STATUS = { success: 0x00, failureOrChallenge: 0x01 } as const;

/** 0x13/0x14 [4] auth types (§3.2). This client speaks only query and digest-with-qop. */
export const AUTH_TYPE = { query: 0x00, plain: 0x01, kerberos: 0x02, digest: 0x03, digestQop: 0x04 } as const;

/** The URI the redirection digest is computed over, with method POST (§3.2 step 4). */
export const REDIRECTION_DIGEST_URI = '/RedirectionService';
export const REDIRECTION_DIGEST_METHOD = 'POST';
/** nc both reference consoles send (§3.2): the firmware evidently accepts it on every session. */
export const REDIRECTION_DIGEST_NC = '00000002';

// ---- SOL, §3.3 ----
/** C→F, 24 bytes: [4..7] seq, then six LE u16 settings ([8..19]), [20..23] 0. */
export const MSG_START_SOL = 0x20;
export const START_SOL_LENGTH = 24;
/** F→C, 23 bytes: [1] status (0 ok); the rest is not interpreted [unconfirmed layout, §7]. */
export const MSG_START_SOL_REPLY = 0x21;
export const START_SOL_REPLY_LENGTH = 23;
/** C→F, 8 bytes: [4..7] seq. */
export const MSG_END_SOL = 0x22;
export const END_SOL_LENGTH = 8;
/** F→C, 8 bytes. */
export const MSG_END_SOL_REPLY = 0x23;
export const END_SOL_REPLY_LENGTH = 8;
/** C→F keep-alive ping, 8 bytes; firmware may send it too (amtterm echoes it). */
export const MSG_SOL_KEEPALIVE_PING = 0x24;
/** F→C keep-alive pong, 8 bytes. */
export const MSG_SOL_KEEPALIVE_PONG = 0x25;
export const SOL_KEEPALIVE_LENGTH = 8;
/** C→F, 10 + n: [4..7] seq, [8..9] LE n, [10..] keyboard bytes. */
export const MSG_SOL_DATA_TO_HOST = 0x28;
/** F→C, 10 bytes: [8] control bits, [9] status bits. */
export const MSG_SOL_CONTROLS_FROM_HOST = 0x29;
export const SOL_CONTROLS_LENGTH = 10;
/** F→C, 10 + n: [8..9] LE n, [10..] screen bytes. */
export const MSG_SOL_DATA_FROM_HOST = 0x2a;
export const SOL_DATA_HEADER_LENGTH = 10;
/** Offset of the LE u16 data length in 0x28/0x2A. */
export const SOL_DATA_LENGTH_OFFSET = 8;
/** Both directions, 8 bytes: [4..7] seq. */
export const MSG_SOL_HEARTBEAT = 0x2b;
export const SOL_HEARTBEAT_LENGTH = 8;
/** Most post-auth messages carry a LE u32 sequence number here (§3.1). */
export const SEQUENCE_OFFSET = 4;
/** Largest keyboard chunk per 0x28: the length field is a u16. */
export const MAX_SOL_DATA_BYTES = 0xffff;

/** 0x29 [8] control bits (§3.3). */
export const SOL_CONTROL_BIT = { rts: 0x01, dtr: 0x02, break: 0x04 } as const;
/** 0x29 [9] status bits (§3.3); `systemPower` clear means the host is powered off. */
export const SOL_STATUS_BIT = { txOverflow: 0x01, loopback: 0x02, systemPower: 0x04, rxFlushTimeout: 0x08, testMode: 0x10 } as const;

/** 0x20 settings (all LE u16). */
export interface SolSettings {
  readonly maxTxBufferBytes: number;
  readonly txBufferTimeoutMs: number;
  readonly txOverflowTimeoutMs: number;
  readonly hostSessionRxTimeoutMs: number;
  readonly hostFifoRxFlushTimeoutMs: number;
  /** Interval at which the firmware sends 0x2B; we echo each and treat 4 silent intervals as a dead link. */
  readonly heartbeatIntervalMs: number;
}

/**
 * amtterm's values (§3.3), which ask the firmware for a 5 s heartbeat: we detect a dead link by its absence
 * (see sol.ts for why we echo rather than send our own 2 s heartbeat).
 */
export const DEFAULT_SOL_SETTINGS: SolSettings = {
  maxTxBufferBytes: 1000,
  txBufferTimeoutMs: 100,
  txOverflowTimeoutMs: 0,
  hostSessionRxTimeoutMs: 10_000,
  hostFifoRxFlushTimeoutMs: 0,
  heartbeatIntervalMs: 5000,
};
/** amtterm gives up after 4 heartbeat intervals without any byte from the firmware (§6 pitfall 10). */
export const SILENT_HEARTBEATS_BEFORE_FAILURE = 4;

/** Ports (§1.1): plain and TLS redirection. */
export const AMT_REDIRECTION_PORT = 16994;
export const AMT_REDIRECTION_TLS_PORT = 16995;
