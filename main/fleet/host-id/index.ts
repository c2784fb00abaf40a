// Host IDs (mission M4): the record in the console's 3PDS block and reading/writing it on a device.
export {
  HOST_ID_RECORD_MARKER,
  HOST_ID_RECORD_VERSION,
  encodeHostIdRecord,
  decodeHostIdRecord,
  type DecodedRecord,
} from './host-id-record';
export {
  HOST_ID_BLOCK_NAME,
  HOST_ID_BLOCK_BYTES,
  readStoredHostId,
  writeHostId,
  clearHostId,
  type StoredHostId,
  type WriteHostIdOptions,
  type WriteHostIdResult,
} from './device-host-id';
export {
  readDeviceIdentity,
  findAsset,
  attachOsRecord,
  settleHostId,
  registerOsRecord,
  newHostId,
  writerFor,
  type OsRecord,
  type DeviceIdentity,
  type HostIdWriter,
  type AssetMatch,
  type MatchVia,
  type AttachResult,
  type RegisterInput,
  type RegisterResult,
} from './registration';
