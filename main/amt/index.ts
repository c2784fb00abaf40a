// Public face of the AMT driver (main/amt): other modules import only from here (style-anchors.md §6 rule 6).
// The wire layer (endpoint, digest, pins, HTTP transport, pool) and, alongside, the WS-Man client.

export * from './transport-types';
export { parseEndpoint, parseTarget, formatEndpoint, AMT_HTTP_PORT, AMT_TLS_PORT, type ParsedTarget } from './endpoint';
export {
  computeDigestResponse,
  parseDigestChallenge,
  formatDigestAuthorization,
  formatNonceCount,
  newCnonce,
  DigestSession,
  DIGEST_QOP_AUTH,
  type DigestChallenge,
  type DigestResponseInput,
  type DigestAuthorizationFields,
} from './digest';
export { certificateFingerprint, parseFingerprint, pinKey, checkCertificatePin, MemoryPinStore, type PinCheck } from './tls-pin';
export { FilePinStore } from './file-pin-store';
export { createWsmanTransport, WSMAN_PATH, WSMAN_CONTENT_TYPE } from './transport';
export { TransportPool, type TransportPoolOptions } from './transport-pool';
