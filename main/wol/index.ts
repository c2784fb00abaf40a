// main/wol: Wake-on-LAN (docs amt-protocols.md §4; mission M1 fallback, M6 subnet rule). Rung 0: pure
// payload and address helpers, and one UDP sender. Client control (M1) and relays build on this.

export {
  buildMagicPacket,
  macBytes,
  parseMacOrThrow,
  parseSecureOn,
  MAGIC_PACKET_SIZE_BYTES,
  SECUREON_LENGTHS_BYTES,
} from './magic-packet';
export {
  parseSubnetMask,
  subnetBroadcast,
  MAX_BROADCAST_PREFIX_LENGTH,
  type SubnetBroadcast,
} from './broadcast-address';
export {
  sendWakePacket,
  describeSendError,
  WOL_DEFAULT_PORT,
  WOL_ECHO_PORT,
  DEFAULT_REPEAT_COUNT,
  MAX_REPEAT_COUNT,
  DEFAULT_GAP_MS,
  MAX_GAP_MS,
  DEFAULT_SEND_TIMEOUT_MS,
  type WolSendOptions,
  type WolSendResult,
} from './send';
export { wake, destinationAddress, type WolDestination, type WakeRequest, type WakeResult } from './wake';
