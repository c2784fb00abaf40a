// Public face of the AMT driver (main/amt): other modules import only from here (style-anchors.md §6 rule 6).
// The wire layer (endpoint, digest, pins, HTTP transport, pool) and, alongside, the WS-Man client.

export * from './transport-types';
export {
  parseEndpoint,
  parseTarget,
  formatEndpoint,
  formatHostPort,
  AMT_HTTP_PORT,
  AMT_TLS_PORT,
  type ParsedTarget,
} from './endpoint';
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
export {
  certificateFingerprint,
  parseFingerprint,
  pinKey,
  checkCertificatePin,
  MemoryPinStore,
  type PinCheck,
} from './tls-pin';
export { FilePinStore } from './file-pin-store';
export { createWsmanTransport, WSMAN_PATH, WSMAN_CONTENT_TYPE } from './transport';
export { TransportPool, DEFAULT_MAX_CONCURRENT_DEVICES, type TransportPoolOptions } from './transport-pool';
export { DeviceGate } from './device-gate';
export {
  legacyTlsProfile,
  legacyTlsConnectOptions,
  buildLegacyTlsProfile,
  type LegacyTlsProfile,
  type CipherProbe,
} from './legacy-tls';

// ---- WS-Management layer and AMT operations (amt-protocols.md §1.3–1.6, §2) ----
export {
  WsmanClient,
  DEFAULT_MAX_PULL_PAGES,
  DEFAULT_MAX_ENUMERATION_ITEMS,
  type WsmanClientOptions,
  type EnumerateOptions,
  type MethodResult,
  type EnvelopeBuilder,
} from './wsman-client';
export {
  getEnvelope,
  enumerateEnvelope,
  pullEnvelope,
  putEnvelope,
  invokeEnvelope,
  requestPowerStateChangeEnvelope,
  changeBootOrderEnvelope,
  setBootConfigRoleEnvelope,
  escapeXml,
  type Selectors,
  type MethodArgument,
  type MethodArguments,
  type EprArgument,
} from './envelope';
export { parseXml, DEFAULT_MAX_XML_BYTES, type XmlElement, type ParseXmlOptions } from './xml-parse';
export { parseSoapResponse, type SoapResponse, type SoapHeader } from './soap-response';
export { readSoapFault, faultToError, type SoapFault } from './soap-fault';
export { PT_STATUS, DMTF_METHOD_STATUS, returnValueName, checkReturnValue } from './pt-status';
export {
  asArray,
  readString,
  readOptionalString,
  readStrings,
  readNumber,
  readOptionalNumber,
  readBoolean,
  readOptionalBoolean,
  readOptionalDatetime,
  readEndpointReference,
  type WsmanValue,
  type WsmanRecord,
  type EndpointReference,
} from './wsman-record';
export { resourceUriOf } from './wsman-constants';
export { getPowerState, requestPowerAction, type PowerStateReading, type PowerActionResult } from './power';
export { getFirmwareVersion, versionFromServerHeader, type FirmwareVersion } from './firmware';
export { getGeneralSettings, type GeneralSettings } from './general-settings';
export { getEthernetPorts, type EthernetPort } from './network';
export { platformGuidToUuid } from './platform-uuid';
export {
  getSystemUuid,
  getBios,
  getProcessors,
  getMemoryModules,
  getChassis,
  getBaseboard,
  getHardwareInventory,
  type SystemUuid,
  type BiosInfo,
  type ProcessorInfo,
  type MemoryModule,
  type PhysicalPackageInfo,
  type HardwareInventory,
} from './inventory';
export {
  setNextBoot,
  bootTo,
  getBootCapabilities,
  isBootTarget,
  BOOT_TARGETS,
  type BootTarget,
  type BootCapabilities,
  type SetNextBootOptions,
  type BootToResult,
} from './boot';
export {
  CLASS_THIRD_PARTY_STORAGE,
  CONSOLE_STORAGE_APPLICATION,
  API_BUFFER_BYTES,
  MAX_FRAGMENT_BYTES,
  UNWRITTEN_BYTE,
  StorageError,
  isStorageError,
  openStorage,
  closeStorage,
  withStorage,
  listOwnBlocks,
  findBlock,
  allocateBlock,
  deallocateBlock,
  readBlock,
  writeBlock,
  type StorageApplication,
  type StorageSession,
  type StorageBlock,
} from './third-party-storage';
export {
  CLASS_OPT_IN_SERVICE,
  OPT_IN_REQUIRED,
  OPT_IN_STATE,
  CONSENT_CODE_PATTERN,
  getConsentStatus,
  startConsent,
  sendConsentCode,
  cancelConsent,
  consentRequiredError,
  type ConsentStatus,
} from './user-consent';
export {
  CLASS_REDIRECTION_SERVICE,
  REDIRECTION_STATE_BASE,
  getRedirectionSettings,
  enableRedirection,
  redirectionGaps,
  redirectionDisabledError,
  type RedirectionFeature,
  type RedirectionSettings,
  type EnableRedirectionResult,
} from './redirection-service';
export { checkRedirectionReady, type GuardedAction } from './redirection-readiness';
