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
export const SOL_STATUS_BIT = {
  txOverflow: 0x01,
  loopback: 0x02,
  systemPower: 0x04,
  rxFlushTimeout: 0x08,
  testMode: 0x10,
} as const;

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

// ---- IDE-R, §3.4 ----
// Every IDE-R message carries a LE u32 sequence number at [4..7] (SEQUENCE_OFFSET). Byte [3] of console messages
// is an attribute byte (IDER_ATTRIBUTE). Verified against Intel's ui-toolkit (AMTIDER.ts, IDERDataProcessor.ts).
/** C→F, 18 bytes: [8..9] RxTimeout ms, [10..11] TxTimeout ms, [12..13] Heartbeat ms, [14..17] version. */
export const MSG_START_IDER = 0x40;
export const START_IDER_LENGTH = 18;
/**
 * F→C, 30 + n: [1] status, [8] protocol major, [9] minor, [10] FW major, [11] FW minor, [16..17] read buffer,
 * [18..19] write buffer, [21] protocol/feature byte (0), [25..28] IANA, [29] n, then n OEM bytes.
 */
export const MSG_START_IDER_REPLY = 0x41;
export const START_IDER_REPLY_MIN_LENGTH = 30;
export const START_IDER_REPLY_OEM_LENGTH_OFFSET = 29;
export const START_IDER_REPLY_OFFSET = {
  protocolMajor: 8,
  protocolMinor: 9,
  firmwareMajor: 10,
  firmwareMinor: 11,
  readBuffer: 16,
  writeBuffer: 18,
  featureByte: 21,
  iana: 25,
} as const;
/** C→F, 8 bytes. */
export const MSG_END_IDER = 0x42;
/** F→C, 8 bytes: the firmware closed the IDE-R session. */
export const MSG_END_IDER_REPLY = 0x43;
/** Both directions, 8 bytes; a ping is answered with a pong. */
export const MSG_IDER_KEEPALIVE_PING = 0x44;
export const MSG_IDER_KEEPALIVE_PONG = 0x45;
/** F→C, 9 bytes: [8] reset mask; the host reset its IDE bus. */
export const MSG_IDER_RESET_OCCURRED = 0x46;
export const IDER_RESET_OCCURRED_LENGTH = 9;
/** C→F, 8 bytes: sent once the in-flight transfer finished; queued commands are dropped. */
export const MSG_IDER_RESET_OCCURRED_RESPONSE = 0x47;
/** C→F, 13 bytes: [8] subcommand, [9..12] LE u32 value. */
export const MSG_IDER_DISABLE_ENABLE_FEATURES = 0x48;
/** F→C, 13 bytes: [8] subcommand echo, [9..12] LE u32 value. */
export const MSG_IDER_DISABLE_ENABLE_FEATURES_REPLY = 0x49;
export const IDER_FEATURES_LENGTH = 13;
export const IDER_FEATURES_SUBCOMMAND_OFFSET = 8;
export const IDER_FEATURES_VALUE_OFFSET = 9;
/** F→C, 11 bytes: [8] error code. */
export const MSG_IDER_ERROR_OCCURRED = 0x4a;
export const IDER_ERROR_OCCURRED_LENGTH = 11;
export const IDER_ERROR_CODE_OFFSET = 8;
/** F→C, 8 bytes. */
export const MSG_IDER_HEARTBEAT = 0x4b;
/** Length of every 8-byte IDE-R message (0x42–0x45, 0x47, 0x4B). */
export const IDER_SHORT_LENGTH = 8;
/** F→C, 28 bytes: an ATAPI command from the host (offsets in IDER_COMMAND_OFFSET). */
export const MSG_IDER_COMMAND_WRITTEN = 0x50;
export const IDER_COMMAND_WRITTEN_LENGTH = 28;
export const IDER_COMMAND_OFFSET = {
  cableSelect: 8,
  feature: 9,
  sectorCount: 10,
  sectorNumber: 11,
  byteCount: 12,
  driveSelect: 14,
  ataCommand: 15,
  cdb: 16,
} as const;
export const ATAPI_CDB_LENGTH = 12;
/** C→F, 31 bytes: final status without data. */
export const MSG_IDER_COMMAND_END_RESPONSE = 0x51;
export const IDER_COMMAND_END_RESPONSE_LENGTH = 31;
/** C→F, 31 bytes: asks the host for write data (writes only; we refuse writes, so never sent). */
export const MSG_IDER_GET_DATA_FROM_HOST = 0x52;
/** F→C, 14 + n: [9..10] LE n, data at [14]. */
export const MSG_IDER_DATA_FROM_HOST = 0x53;
export const IDER_DATA_FROM_HOST_HEADER_LENGTH = 14;
export const IDER_DATA_FROM_HOST_LENGTH_OFFSET = 9;
/** C→F, 34 + n: read data chunk, with the command's completion on the last one. */
export const MSG_IDER_DATA_TO_HOST = 0x54;
export const IDER_DATA_TO_HOST_HEADER_LENGTH = 34;
export const IDER_DATA_TO_HOST_LENGTH_OFFSET = 9;

/** Shared offsets of 0x51 / 0x54: [12..19] input registers, [20..27] output registers, [28..30] sense. */
export const IDER_INPUT_REGISTERS_OFFSET = 12;
export const IDER_OUTPUT_REGISTERS_OFFSET = 20;
export const IDER_SENSE_OFFSET = 28;

/** Byte [3] of console messages. */
export const IDER_ATTRIBUTE = { dma: 0x01, completed: 0x02 } as const;

/** ATA register block byte 0: which registers are valid. */
export const ATA_REGISTER_MASK = {
  interrupt: 0x01,
  error: 0x02,
  sectorCount: 0x04,
  sectorNumber: 0x08,
  byteCountLow: 0x10,
  byteCountHigh: 0x20,
  driveSelect: 0x40,
  status: 0x80,
} as const;
/** ATA status register bits. */
export const ATA_STATUS = {
  busy: 0x80,
  ready: 0x40,
  fault: 0x20,
  seekComplete: 0x10,
  dataRequest: 0x08,
  corrected: 0x04,
  index: 0x02,
  error: 0x01,
} as const;
/** ATAPI interrupt reason (sector count register): bit 0 C/D, bit 1 I/O. */
export const ATAPI_INTERRUPT_REASON = { dataFromHost: 0x00, dataToHost: 0x02, commandComplete: 0x03 } as const;
/** Register block masks the reference consoles send (§3.4). */
export const IDER_MASK_GOOD = 0xc5;
export const IDER_MASK_CHECK_CONDITION = 0x87;
export const IDER_MASK_DATA_PIO = 0xb5;
export const IDER_MASK_DATA_DMA = 0xb4;
export const IDER_MASK_DATA_COMPLETE = 0x85;
/** 0x50 [9] feature register bit 0: the host wants DMA. */
export const ATA_FEATURE_DMA = 0x01;
/** 0x50 [15]: the only ATA command consoles handle. */
export const ATA_COMMAND_PACKET = 0xa0;
/** 0x50 [14] bit 4: slave = CD-ROM. */
export const ATA_DRIVE_SELECT_SLAVE = 0x10;
/** Drive select values the consoles answer with: master floppy, slave CD. */
export const IDER_DRIVE = { floppy: 0xa0, cd: 0xb0 } as const;

/** 0x48 subcommands. */
export const IDER_FEATURE_SUBCOMMAND = { getSupported: 1, getRegisterState: 2, setRegisterState: 3 } as const;
/** 0x48 sub 3 value: enable bit | start mode. Reply value 1 = success. */
export const IDER_FEATURE_ENABLE = 0x01;
export const IDER_START_MODE_BITS = { reboot: 0x08, graceful: 0x10, now: 0x18 } as const;
export type IderStartMode = keyof typeof IDER_START_MODE_BITS;
export const IDER_SET_REGISTER_STATE_OK = 1;

/** 0x40 settings (all LE u16, version LE u32). */
export interface IderSettings {
  readonly rxTimeoutMs: number;
  readonly txTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly version: number;
}
/** What MC and DMT send (§3.4); the firmware sends 0x4B at the heartbeat interval. */
export const DEFAULT_IDER_SETTINGS: IderSettings = {
  rxTimeoutMs: 30_000,
  txTimeoutMs: 0,
  heartbeatIntervalMs: 20_000,
  version: 1,
};
/** Largest read buffer we accept in 0x41 (MC and DMT refuse more than 8192). */
export const MAX_IDER_READ_BUFFER = 8192;
/** The protocol/feature byte [21] of 0x41 must be 0 (MC, DMT). */
export const IDER_FEATURE_BYTE_EXPECTED = 0;
