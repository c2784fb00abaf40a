// The relay channel's messages (constants.ts names each type and its direction): one schema per type, one
// encoder and one decoder for all. A decoded message has exactly the fields its schema lists; anything else
// (extra fields, wrong types, values out of range, text that is not UTF-8) is a RelayProtocolError
// 'bad-message' naming the message and the field, never quoting the value.

import { z } from 'zod';
import {
  MAX_LIST_LENGTH,
  MAX_PER_RELAY_LIMIT,
  MAX_TEXT_LENGTH,
  MESSAGE_TYPE_NAMES,
  MIN_PER_RELAY_LIMIT,
  MSG_CREDENTIALS,
  MSG_CREDENTIALS_ASK,
  MSG_CREDENTIALS_REFUSED,
  MSG_ENROL,
  MSG_HELLO,
  MSG_PING,
  MSG_PONG,
  MSG_REFUSED,
  MSG_RESULT,
  MSG_WELCOME,
  MSG_WORK,
  PROOF_PATTERN,
  REFUSAL_CODES,
  REQUEST_ID_PATTERN,
  WORK_OPS,
} from './constants';
import { encodeFrame, type RawFrame } from './frames';
import { RelayProtocolError } from './relay-protocol-error';

// No control characters in any text: a peer's words end up in log lines, and a newline must not forge one.
/** True when the text holds no C0 control character and no DEL. */
function noControlCharacters(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return false;
  }
  return true;
}
const text = z.string().max(MAX_TEXT_LENGTH).refine(noControlCharacters, 'control characters are not allowed');
const name = text.min(1);
const id = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const port = z.number().int().min(1).max(65_535);
const requestId = z.string().regex(REQUEST_ID_PATTERN);
const proof = z.string().regex(PROOF_PATTERN);
const POWER_STATES = [
  'on',
  'sleep-light',
  'sleep',
  'hibernate',
  'soft-off',
  'hard-off',
  'power-cycle',
  'reset',
  'unknown',
] as const;
const POWER_ACTIONS = ['on', 'off', 'soft-off', 'reset', 'graceful-reset', 'cycle', 'sleep', 'hibernate'] as const;

const relayFacts = {
  relayVersion: name,
  hostName: name,
  subnets: z.array(text).max(MAX_LIST_LENGTH),
};

/** What a relay needs to reach one client; never its credentials (those come by MSG_CREDENTIALS). */
const workTarget = z.strictObject({
  clientId: id,
  hostName: name,
  ip: name,
  mac: text.nullable(),
  subnetMask: text.nullable(),
  amt: z.strictObject({ host: name, httpPort: port, tlsPort: port, usable: z.boolean(), legacyTls: z.boolean() }),
});

const collectedInfo = z.strictObject({
  amtVersion: text,
  power: z.enum(POWER_STATES),
  networkPorts: z.number().int().min(0).max(64),
  mac: text.nullable(),
  dhcp: z.boolean().nullable(),
  inventory: text,
});

const resultValue = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('power-state'), state: z.enum(POWER_STATES) }),
  z.strictObject({ op: z.literal('power') }),
  z.strictObject({ op: z.literal('boot-bios') }),
  z.strictObject({ op: z.literal('collect-info'), info: collectedInfo }),
  z.strictObject({ op: z.literal('magic-packet'), address: name, port }),
  z.strictObject({ op: z.literal('os-answers'), answers: z.boolean() }),
]);

const SCHEMAS = {
  [MSG_HELLO]: z.strictObject({ kind: z.literal('hello'), ...relayFacts }),
  [MSG_ENROL]: z.strictObject({ kind: z.literal('enrol'), proof, ...relayFacts }),
  [MSG_WELCOME]: z.strictObject({
    kind: z.literal('welcome'),
    relayId: id,
    relayName: name,
    heartbeatMs: z.number().int().min(100).max(600_000),
    consoleProof: proof.optional(),
  }),
  [MSG_REFUSED]: z.strictObject({ kind: z.literal('refused'), code: z.enum(REFUSAL_CODES), words: text }),
  [MSG_WORK]: z.strictObject({
    kind: z.literal('work'),
    requestId,
    jobId: id.nullable(),
    perRelayLimit: z.number().int().min(MIN_PER_RELAY_LIMIT).max(MAX_PER_RELAY_LIMIT),
    op: z.enum(WORK_OPS),
    action: z.enum(POWER_ACTIONS).optional(),
    port: port.optional(),
    target: workTarget,
  }),
  [MSG_RESULT]: z.strictObject({
    kind: z.literal('result'),
    requestId,
    outcome: z.discriminatedUnion('ok', [
      z.strictObject({ ok: z.literal(true), value: resultValue }),
      z.strictObject({ ok: z.literal(false), code: z.string().min(1).max(64), message: text }),
    ]),
  }),
  [MSG_CREDENTIALS_ASK]: z.strictObject({ kind: z.literal('credentials-ask'), askId: id, clientId: id }),
  [MSG_CREDENTIALS]: z.strictObject({
    kind: z.literal('credentials'),
    askId: id,
    clientId: id,
    user: name,
    password: text,
  }),
  [MSG_CREDENTIALS_REFUSED]: z.strictObject({
    kind: z.literal('credentials-refused'),
    askId: id,
    clientId: id,
    words: text,
  }),
  [MSG_PING]: z.strictObject({ kind: z.literal('ping'), nonce: z.number().int().min(0).max(0xffff_ffff) }),
  [MSG_PONG]: z.strictObject({ kind: z.literal('pong'), nonce: z.number().int().min(0).max(0xffff_ffff) }),
} as const;

type Schemas = typeof SCHEMAS;
export type RelayMessage = { [T in keyof Schemas]: z.infer<Schemas[T]> }[keyof Schemas];
export type MessageOfKind<K extends RelayMessage['kind']> = Extract<RelayMessage, { kind: K }>;
export type WorkMessage = MessageOfKind<'work'>;
export type WorkTarget = WorkMessage['target'];
export type WorkOp = WorkMessage['op'];
export type WorkOutcome = MessageOfKind<'result'>['outcome'];
export type WorkValue = Extract<WorkOutcome, { ok: true }>['value'];

const TYPE_OF_KIND: Readonly<Record<RelayMessage['kind'], number>> = {
  hello: MSG_HELLO,
  enrol: MSG_ENROL,
  welcome: MSG_WELCOME,
  refused: MSG_REFUSED,
  work: MSG_WORK,
  result: MSG_RESULT,
  'credentials-ask': MSG_CREDENTIALS_ASK,
  credentials: MSG_CREDENTIALS,
  'credentials-refused': MSG_CREDENTIALS_REFUSED,
  ping: MSG_PING,
  pong: MSG_PONG,
};

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

/** The frame of one message; the message is checked against its own schema first (a bug here is ours). */
export function encodeMessage(message: RelayMessage): Uint8Array {
  const type = TYPE_OF_KIND[message.kind];
  const checked = SCHEMAS[type as keyof Schemas].safeParse(message);
  if (!checked.success)
    throw new RelayProtocolError(
      'bad-message',
      `refusing to send a malformed ${MESSAGE_TYPE_NAMES[type]}: ${issueWords(checked.error)}`,
    );
  return encodeFrame(type, utf8Encoder.encode(JSON.stringify(message)));
}

/** The message a frame carries; RelayProtocolError 'bad-message' naming the field otherwise. */
export function decodeMessage(frame: RawFrame): RelayMessage {
  const typeName = MESSAGE_TYPE_NAMES[frame.type];
  const schema = SCHEMAS[frame.type as keyof Schemas] as z.ZodType<RelayMessage> | undefined;
  if (typeName === undefined || schema === undefined) {
    throw new RelayProtocolError(
      'unknown-type',
      `message type 0x${frame.type.toString(16).padStart(2, '0')} is not defined`,
    );
  }
  let textPayload: string;
  try {
    textPayload = utf8.decode(frame.payload);
  } catch {
    throw new RelayProtocolError('bad-message', `the ${typeName} payload is not valid UTF-8`);
  }
  let json: unknown;
  try {
    json = JSON.parse(textPayload);
  } catch {
    throw new RelayProtocolError('bad-message', `the ${typeName} payload is not JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new RelayProtocolError('bad-message', `the ${typeName} message is malformed: ${issueWords(parsed.error)}`);
  return parsed.data;
}

/** The first problem, by field path; zod's own words never include the value for these checks. */
function issueWords(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'unknown problem';
  const path = issue.path.length === 0 ? 'the payload' : `field ${issue.path.map(String).join('.')}`;
  return `${path}: ${issue.message}`.slice(0, 300);
}
