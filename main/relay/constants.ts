// Every field of the relay channel (issue 8): the framed protocol the console and a relay speak over mutually
// authenticated TLS. Directions: C→R console to relay, R→C relay to console. The layout is ours, version 1.
//
// Frame (all integers big-endian):
//   offset  size  meaning
//   0       2     FRAME_MAGIC, ASCII "RL"
//   2       1     PROTOCOL_VERSION
//   3       1     message type (MSG_*)
//   4       4     payload length in bytes, 0..MAX_PAYLOAD_BYTES
//   8       n     payload: one UTF-8 JSON object whose fields each message type lists (messages.ts)

// ---- Frame header ----
export const FRAME_MAGIC = Uint8Array.of(0x52, 0x4c);
export const MAGIC_OFFSET = 0;
export const MAGIC_LENGTH = 2;
export const VERSION_OFFSET = 2;
export const TYPE_OFFSET = 3;
export const PAYLOAD_LENGTH_OFFSET = 4;
export const FRAME_HEADER_LENGTH = 8;
export const PROTOCOL_VERSION = 1;
/**
 * Upper bound on one payload. The largest real message is a collect-info result (a few hundred bytes) or a
 * HELLO with its subnets; 64 KiB leaves room and bounds what a hostile peer can make either side hold.
 */
export const MAX_PAYLOAD_BYTES = 64 * 1024;
/** Upper bound on one decoded text field (host names, words, user names). */
export const MAX_TEXT_LENGTH = 1024;
/** Upper bound on list fields (a relay's subnets). */
export const MAX_LIST_LENGTH = 64;

// ---- Session, before any work ----
/** R→C: an enrolled relay says who it is; the console answers WELCOME or REFUSED. */
export const MSG_HELLO = 0x01;
/** R→C: a relay not enrolled yet proves it holds the one-time code; WELCOME (with the console's proof) or REFUSED. */
export const MSG_ENROL = 0x02;
/** C→R: the relay is accepted; carries its id and name in the console's tree. */
export const MSG_WELCOME = 0x03;
/** C→R: the relay is refused (REFUSAL_CODES); the console closes the connection after it. */
export const MSG_REFUSED = 0x04;

// ---- Work ----
/** C→R: one AMT or Wake-on-LAN step for a client below the relay (WORK_OPS). */
export const MSG_WORK = 0x10;
/** R→C: the outcome of one WORK, by its request id. */
export const MSG_RESULT = 0x11;

// ---- Credentials, asked per client, kept in the relay's memory only ----
/** R→C: the relay asks for the AMT credentials of one client. */
export const MSG_CREDENTIALS_ASK = 0x20;
/** C→R: the credentials of a client below the relay. */
export const MSG_CREDENTIALS = 0x21;
/** C→R: the console refuses (the client is not below this relay, or has none). */
export const MSG_CREDENTIALS_REFUSED = 0x22;

// ---- Liveness ----
/** Either way: are you there? */
export const MSG_PING = 0x30;
/** Either way: the answer to PING, with its nonce. */
export const MSG_PONG = 0x31;

export const MESSAGE_TYPE_NAMES: Readonly<Record<number, string>> = {
  [MSG_HELLO]: 'HELLO',
  [MSG_ENROL]: 'ENROL',
  [MSG_WELCOME]: 'WELCOME',
  [MSG_REFUSED]: 'REFUSED',
  [MSG_WORK]: 'WORK',
  [MSG_RESULT]: 'RESULT',
  [MSG_CREDENTIALS_ASK]: 'CREDENTIALS_ASK',
  [MSG_CREDENTIALS]: 'CREDENTIALS',
  [MSG_CREDENTIALS_REFUSED]: 'CREDENTIALS_REFUSED',
  [MSG_PING]: 'PING',
  [MSG_PONG]: 'PONG',
};

/** What a WORK asks the relay to do (one DeviceChannel call each). */
export const WORK_OPS = ['power-state', 'power', 'boot-bios', 'collect-info', 'magic-packet', 'os-answers'] as const;
/** The ops a relay journals before sending and never repeats for the same request id. */
export const NON_IDEMPOTENT_OPS: ReadonlySet<string> = new Set(['power', 'boot-bios']);

/** Why the console refuses a relay (REFUSED.code). */
export const REFUSAL_CODES = [
  'unknown-certificate',
  'revoked',
  'bad-enrolment-code',
  'already-connected',
  'protocol',
] as const;

/** A request id: 1–64 characters of [A-Za-z0-9-]. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9-]{1,64}$/;
/** An enrolment proof: HMAC-SHA256 as 64 lower-case hex digits. */
export const PROOF_PATTERN = /^[0-9a-f]{64}$/;

/** Bounds on a job's per-relay limit as carried in WORK (job-options.ts allows 0, which never reaches a relay). */
export const MIN_PER_RELAY_LIMIT = 1;
export const MAX_PER_RELAY_LIMIT = 1000;
