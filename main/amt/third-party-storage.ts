// Third Party Data Storage (3PDS, AMT_ThirdPartyDataStorageService; amt-protocols.md §2.11): register the
// application, find or allocate a named block, read and write it in fragments no larger than the device's MTU,
// unregister. Every failure is a StorageError naming the step and why. One registration per device at a time
// (Intel's guidelines: serialise all calls for one registration), which WsmanClient's one-request queue gives.

import { AmtError, type StorageFailure } from '../../shared/domain';
import type { WsmanClient, MethodResult } from './wsman-client';
import { PT_STATUS } from './pt-status';
import { readNumber, readOptionalString, readStrings, readString } from './wsman-record';
import { FAULT_DESTINATION_UNREACHABLE } from './wsman-constants';

export const CLASS_THIRD_PARTY_STORAGE = 'AMT_ThirdPartyDataStorageService';

/** Who registers: Intel asks applications to always register with the same UUID (§2.11). */
export interface StorageApplication {
  /** 32 hex digits, no dashes (CallerUUID). */
  readonly uuid: string;
  readonly vendorName: string;
  readonly applicationName: string;
  readonly enterpriseName: string;
}

/**
 * The console's fixed identity in 3PDS. The UUID is this project's own constant (random, generated once);
 * changing any of these would orphan every host ID already written to a fleet.
 */
export const CONSOLE_STORAGE_APPLICATION: StorageApplication = {
  uuid: '6D1F0C3A9B2E4E57A0C4D3B8E1F27A65',
  vendorName: 'amt-console',
  applicationName: 'host-id',
  enterpriseName: 'amt-console',
};

/** Largest payload one call carries: the 4 KB API buffer (§2.11), whatever MTU a device reports. */
export const API_BUFFER_BYTES = 4096;
/** Intel's sample reads 4095 bytes at a time; never ask for more than this in one ReadBlock. */
export const MAX_FRAGMENT_BYTES = 4095;
/** What unwritten flash reads as (§2.11). */
export const UNWRITTEN_BYTE = 0xff;

/** PT_STATUS → why, for the storage calls (§1.5). */
const FAILURE_BY_STATUS: ReadonlyMap<number, StorageFailure> = new Map([
  [PT_STATUS.APPLICATION_NOT_REGISTERED, 'registration'],
  [PT_STATUS.INVALID_REGISTRATION_DATA, 'registration'],
  [PT_STATUS.INVALID_NAME, 'registration'],
  [PT_STATUS.NOT_ENOUGH_STORAGE, 'storage-full'],
  [PT_STATUS.MAX_LIMIT_REACHED, 'storage-full'],
  [PT_STATUS.FLASH_WRITE_LIMIT_EXCEEDED, 'write-limit'],
  [PT_STATUS.NOT_OWNER, 'not-owner'],
  [PT_STATUS.NOT_PERMITTED, 'not-owner'],
  [PT_STATUS.BLOCK_DOES_NOT_EXIST, 'block-missing'],
]);

const FAILURE_WORDS: Readonly<Record<StorageFailure, string>> = {
  'not-available': 'this device has no Third Party Data Storage',
  registration: 'the storage registration was refused or has expired',
  'storage-full': 'the storage is full (no room for another block)',
  'write-limit': "the block's flash reached its write limit",
  'not-owner': 'the block belongs to another application',
  'block-missing': 'the block does not exist',
  'wrong-block-size': 'the block has an unexpected size',
  'bad-record': 'the block holds data that is not a host ID record',
  'partial-write': 'the write stopped part-way',
  status: 'the storage service refused the call',
};

/** An AmtError with code 'storage' and the reason; `message` says which step and the device's words. */
export class StorageError extends AmtError {
  constructor(
    readonly reason: StorageFailure,
    step: string,
    extra?: string,
    detail: { readonly returnValue?: number } = {},
  ) {
    super('storage', `${step}: ${FAILURE_WORDS[reason]}${extra ? ` (${extra})` : ''}`, {
      ...detail,
      storageFailure: reason,
    });
  }
}

export function isStorageError(error: unknown): error is StorageError {
  return error instanceof StorageError;
}

/** One registration: the handles every later call needs, and the device's limits. */
export interface StorageSession {
  readonly sessionHandle: string;
  readonly applicationHandle: string;
  /** The device's fragment limit (GetMTU), capped at MAX_FRAGMENT_BYTES. */
  readonly fragmentBytes: number;
  /** GetMTU as reported; AllocateBlock sizes must be a multiple of it. */
  readonly mtu: number;
}

export interface StorageBlock {
  readonly handle: string;
  readonly name: string;
  readonly sizeBytes: number;
  readonly hidden: boolean;
}

/** Calls one method; a fault or non-zero ReturnValue becomes a StorageError for this step. */
async function call(
  client: WsmanClient,
  method: string,
  args: ReadonlyArray<readonly [string, string]>,
): Promise<MethodResult> {
  try {
    return await client.invoke(CLASS_THIRD_PARTY_STORAGE, method, args);
  } catch (error) {
    throw storageErrorFrom(error, method);
  }
}

function storageErrorFrom(error: unknown, step: string): unknown {
  if (!(error instanceof AmtError)) return error;
  if (error.code === 'wsman-fault' && error.detail.faultSubcode === FAULT_DESTINATION_UNREACHABLE) {
    return new StorageError('not-available', step, 'AMT_ThirdPartyDataStorageService is unknown to this firmware');
  }
  // HTTP 400 with an HTML page is how some firmware says "no such class" (§2.11).
  if (error.code === 'http-status' && error.detail.httpStatus === 400)
    return new StorageError('not-available', step, 'HTTP 400');
  if (error.code === 'amt-status' && error.detail.returnValue !== undefined) {
    const reason = FAILURE_BY_STATUS.get(error.detail.returnValue) ?? 'status';
    return new StorageError(reason, step, error.message, { returnValue: error.detail.returnValue });
  }
  return error;
}

function requireHex(session: StorageSession): ReadonlyArray<readonly [string, string]> {
  return [['SessionHandle', session.sessionHandle]];
}

/** RegisterApplication, GetCurrentApplicationHandle, GetMTU. Unregister with {@link closeStorage}. */
export async function openStorage(
  client: WsmanClient,
  app: StorageApplication = CONSOLE_STORAGE_APPLICATION,
): Promise<StorageSession> {
  if (!/^[0-9a-fA-F]{32}$/.test(app.uuid))
    throw new AmtError('bad-input', 'the storage application UUID must be 32 hex digits');
  const registered = await call(client, 'RegisterApplication', [
    ['CallerUUID', app.uuid],
    ['VendorName', app.vendorName],
    ['ApplicationName', app.applicationName],
    ['EnterpriseName', app.enterpriseName],
  ]);
  const sessionHandle = readString(registered.output, 'SessionHandle', 'RegisterApplication_OUTPUT');
  const partial = { sessionHandle, applicationHandle: '', fragmentBytes: 1, mtu: 1 };
  try {
    const current = await call(client, 'GetCurrentApplicationHandle', requireHex(partial));
    const applicationHandle = readString(current.output, 'ApplicationHandle', 'GetCurrentApplicationHandle_OUTPUT');
    const mtuResult = await call(client, 'GetMTU', requireHex(partial));
    const mtu = readNumber(mtuResult.output, 'Mtu', 'GetMTU_OUTPUT');
    if (!(mtu > 0)) throw new StorageError('status', 'GetMTU', `the device reports an MTU of ${mtu}`);
    return { sessionHandle, applicationHandle, mtu, fragmentBytes: Math.min(mtu, MAX_FRAGMENT_BYTES) };
  } catch (error) {
    await closeStorage(client, partial).catch(() => undefined);
    throw error;
  }
}

/** UnregisterApplication: ends the session, keeps the data (§2.11). */
export async function closeStorage(client: WsmanClient, session: Pick<StorageSession, 'sessionHandle'>): Promise<void> {
  await call(client, 'UnregisterApplication', [['SessionHandle', session.sessionHandle]]);
}

/** Registers, runs `work`, and always unregisters (an unregister failure never hides work's own error). */
export async function withStorage<T>(
  client: WsmanClient,
  work: (session: StorageSession) => Promise<T>,
  app?: StorageApplication,
): Promise<T> {
  const session = await openStorage(client, app);
  let result: T;
  try {
    result = await work(session);
  } catch (error) {
    await closeStorage(client, session).catch(() => undefined);
    throw error;
  }
  await closeStorage(client, session);
  return result;
}

/** The application's own blocks (GetAllocatedBlocks with our application handle, then GetBlockAttributes each). */
export async function listOwnBlocks(client: WsmanClient, session: StorageSession): Promise<StorageBlock[]> {
  const allocated = await call(client, 'GetAllocatedBlocks', [
    ...requireHex(session),
    ['BlockOwnerApplication', session.applicationHandle],
  ]);
  const blocks: StorageBlock[] = [];
  for (const handle of readStrings(allocated.output, 'BlockHandles')) {
    const attributes = await call(client, 'GetBlockAttributes', [...requireHex(session), ['BlockHandle', handle]]);
    blocks.push({
      handle,
      name: readOptionalString(attributes.output, 'BlockName') ?? '',
      sizeBytes: readNumber(attributes.output, 'BlockSize', 'GetBlockAttributes_OUTPUT'),
      hidden: /^(true|1)$/i.test(readOptionalString(attributes.output, 'BlockHidden') ?? ''),
    });
  }
  return blocks;
}

export async function findBlock(
  client: WsmanClient,
  session: StorageSession,
  name: string,
): Promise<StorageBlock | undefined> {
  return (await listOwnBlocks(client, session)).find((b) => b.name === name);
}

/** AllocateBlock: `sizeBytes` rounded up to a multiple of the MTU, as the firmware demands. */
export async function allocateBlock(
  client: WsmanClient,
  session: StorageSession,
  name: string,
  sizeBytes: number,
  hidden = false,
): Promise<StorageBlock> {
  const rounded = Math.ceil(sizeBytes / session.mtu) * session.mtu;
  const result = await call(client, 'AllocateBlock', [
    ...requireHex(session),
    ['BytesRequested', String(rounded)],
    ['BlockHidden', hidden ? '1' : '0'],
    ['BlockName', name],
  ]);
  return { handle: readString(result.output, 'BlockHandle', 'AllocateBlock_OUTPUT'), name, sizeBytes: rounded, hidden };
}

export async function deallocateBlock(
  client: WsmanClient,
  session: StorageSession,
  block: Pick<StorageBlock, 'handle'>,
): Promise<void> {
  await call(client, 'DeallocateBlock', [...requireHex(session), ['BlockHandle', block.handle]]);
}

/** Reads `count` bytes from `offset` in fragments of at most the device's limit. */
export async function readBlock(
  client: WsmanClient,
  session: StorageSession,
  block: StorageBlock,
  offset = 0,
  count = block.sizeBytes,
): Promise<Uint8Array> {
  if (offset < 0 || count < 0 || offset + count > block.sizeBytes) {
    throw new AmtError(
      'bad-input',
      `read of ${count} bytes at ${offset} does not fit the ${block.sizeBytes}-byte block`,
    );
  }
  const out = new Uint8Array(count);
  for (let done = 0; done < count;) {
    const length = Math.min(session.fragmentBytes, count - done);
    const result = await call(client, 'ReadBlock', [
      ...requireHex(session),
      ['BlockHandle', block.handle],
      ['ByteOffset', String(offset + done)],
      ['ByteCount', String(length)],
    ]);
    const bytes = Buffer.from(readOptionalString(result.output, 'Data') ?? '', 'base64');
    if (bytes.length !== length) {
      throw new StorageError(
        'status',
        'ReadBlock',
        `asked for ${length} bytes at offset ${offset + done}, got ${bytes.length}`,
      );
    }
    out.set(bytes, done);
    done += length;
  }
  return out;
}

/** Writes `data` at `offset` in fragments of at most the device's limit; a short write is a 'partial-write'. */
export async function writeBlock(
  client: WsmanClient,
  session: StorageSession,
  block: StorageBlock,
  data: Uint8Array,
  offset = 0,
): Promise<void> {
  if (offset < 0 || offset + data.length > block.sizeBytes) {
    throw new AmtError(
      'bad-input',
      `write of ${data.length} bytes at ${offset} does not fit the ${block.sizeBytes}-byte block`,
    );
  }
  for (let done = 0; done < data.length;) {
    const length = Math.min(session.fragmentBytes, data.length - done);
    const fragment = Buffer.from(data.subarray(done, done + length));
    let written: number;
    try {
      const result = await call(client, 'WriteBlock', [
        ...requireHex(session),
        ['BlockHandle', block.handle],
        ['ByteOffset', String(offset + done)],
        ['Data', fragment.toString('base64')],
      ]);
      written = readNumber(result.output, 'BytesWritten', 'WriteBlock_OUTPUT');
    } catch (error) {
      // After the first fragment the block holds part of the new data: say so, whatever the device's reason.
      if (done > 0 && error instanceof StorageError && error.reason !== 'write-limit') {
        throw new StorageError(
          'partial-write',
          'WriteBlock',
          `${done} of ${data.length} bytes written; ${error.message}`,
        );
      }
      throw error;
    }
    if (written !== length) {
      throw new StorageError('partial-write', 'WriteBlock', `${done + written} of ${data.length} bytes written`);
    }
    done += length;
  }
}
