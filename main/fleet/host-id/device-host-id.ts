// The host ID on the device (mission M4): read, write and clear the console's named 3PDS block through main/amt.
// Nothing here overwrites a block it cannot read unless the caller says so, and a block of the wrong size or
// another application's block is never written (3PDS refuses the latter anyway: NOT_OWNER).

import type { HostId } from '../../../shared/domain';
import {
  StorageError,
  allocateBlock,
  deallocateBlock,
  findBlock,
  readBlock,
  withStorage,
  writeBlock,
  type StorageBlock,
  type StorageSession,
  type WsmanClient,
} from '../../amt/index';
import { decodeHostIdRecord, encodeHostIdRecord } from './host-id-record';

/** The console's block: one per device, named so the console finds it among its application's blocks. */
export const HOST_ID_BLOCK_NAME = 'amt-console.host-id';
/** The size the console allocates (Intel's sample allocates 4096); a block of our name with another size is refused. */
export const HOST_ID_BLOCK_BYTES = 4096;

export type StoredHostId =
  | { readonly state: 'stored'; readonly hostId: HostId }
  | { readonly state: 'blank' }
  | { readonly state: 'no-block' }
  /** The block exists but cannot be used: wrong size, or bytes that are not our record. */
  | { readonly state: 'unusable'; readonly error: StorageError };

async function inspect(
  client: WsmanClient,
  session: StorageSession,
): Promise<{ block: StorageBlock | undefined; stored: StoredHostId }> {
  const block = await findBlock(client, session, HOST_ID_BLOCK_NAME);
  if (!block) return { block, stored: { state: 'no-block' } };
  if (block.sizeBytes !== HOST_ID_BLOCK_BYTES) {
    const error = new StorageError(
      'wrong-block-size',
      `block "${HOST_ID_BLOCK_NAME}"`,
      `${block.sizeBytes} bytes, the console uses ${HOST_ID_BLOCK_BYTES}; left as it is`,
    );
    return { block, stored: { state: 'unusable', error } };
  }
  const decoded = decodeHostIdRecord(await readBlock(client, session, block));
  if (decoded.kind === 'record') return { block, stored: { state: 'stored', hostId: decoded.hostId } };
  if (decoded.kind === 'blank') return { block, stored: { state: 'blank' } };
  return {
    block,
    stored: { state: 'unusable', error: new StorageError('bad-record', `block "${HOST_ID_BLOCK_NAME}"`, decoded.why) },
  };
}

/** What the device holds now. Throws StorageError for a device without 3PDS ('not-available') or a failing call. */
export async function readStoredHostId(client: WsmanClient): Promise<StoredHostId> {
  return withStorage(client, async (session) => (await inspect(client, session)).stored);
}

export interface WriteHostIdOptions {
  /** Replace a record holding another host ID (a deliberate new ID). Default false: refused with 'bad-record'. */
  readonly replaceOther?: boolean;
  /** Replace bytes that are not a host-ID record (the console's own garbled block). Default false. */
  readonly replaceUnreadable?: boolean;
}

export interface WriteHostIdResult {
  readonly before: StoredHostId;
  /** The block was allocated by this write. */
  readonly allocated: boolean;
  /** The device already held this host ID: nothing was written. */
  readonly unchanged: boolean;
}

/** Writes `hostId` into the console's block (allocating it first when missing), then reads it back. */
export async function writeHostId(
  client: WsmanClient,
  hostId: HostId,
  options: WriteHostIdOptions = {},
): Promise<WriteHostIdResult> {
  return withStorage(client, async (session) => {
    const { block: found, stored } = await inspect(client, session);
    if (stored.state === 'stored' && stored.hostId === hostId)
      return { before: stored, allocated: false, unchanged: true };
    if (stored.state === 'stored' && options.replaceOther !== true) {
      throw new StorageError(
        'bad-record',
        `block "${HOST_ID_BLOCK_NAME}"`,
        `it holds host ID ${stored.hostId}; not replaced`,
      );
    }
    if (
      stored.state === 'unusable' &&
      (stored.error.reason === 'wrong-block-size' || options.replaceUnreadable !== true)
    )
      throw stored.error;
    const block = found ?? (await allocateBlock(client, session, HOST_ID_BLOCK_NAME, HOST_ID_BLOCK_BYTES));
    const bytes = encodeHostIdRecord(hostId, block.sizeBytes);
    await writeBlock(client, session, block, bytes);
    const back = decodeHostIdRecord(await readBlock(client, session, block));
    if (back.kind !== 'record' || back.hostId !== hostId) {
      throw new StorageError('partial-write', 'WriteBlock', 'the block does not read back as the record just written');
    }
    return { before: stored, allocated: found === undefined, unchanged: false };
  });
}

/** Frees the console's block (the host ID is gone from the device). False when there was none. */
export async function clearHostId(client: WsmanClient): Promise<boolean> {
  return withStorage(client, async (session) => {
    const block = await findBlock(client, session, HOST_ID_BLOCK_NAME);
    if (!block) return false;
    await deallocateBlock(client, session, block);
    return true;
  });
}
