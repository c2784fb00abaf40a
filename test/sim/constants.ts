// Protocol constants of the AMT simulator (amt-protocols.md §1–2, fixtures README "What real AMT WS-Man XML
// looks like"). Written independently of main/: the simulator is a separate peer on purpose.

// --- Ports (§1.1). Redirection ports 16994/16995 are reserved for a later issue and not bound.
export const AMT_HTTP_PORT = 16992;
export const AMT_TLS_PORT = 16993;
/** Single-address mode: device i uses basePort + PORT_STRIDE * i (HTTP), +1 (TLS), +2/+3 (redirection, later). */
export const PORT_STRIDE = 4;

// --- Namespaces (§1.3, §2.0).
export const NS_SOAP = 'http://www.w3.org/2003/05/soap-envelope';
export const NS_ADDRESSING = 'http://schemas.xmlsoap.org/ws/2004/08/addressing';
export const NS_WSMAN = 'http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd';
export const NS_TRUST = 'http://schemas.xmlsoap.org/ws/2005/02/trust';
export const NS_SECEXT = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
export const NS_CIMBINDING = 'http://schemas.dmtf.org/wbem/wsman/1/cimbinding.xsd';
export const NS_ENUMERATION = 'http://schemas.xmlsoap.org/ws/2004/09/enumeration';
export const NS_TRANSFER = 'http://schemas.xmlsoap.org/ws/2004/09/transfer';
export const NS_EVENTING = 'http://schemas.xmlsoap.org/ws/2004/08/eventing';
export const NS_CIM_COMMON = 'http://schemas.dmtf.org/wbem/wscim/1/common';
export const NS_XSI = 'http://www.w3.org/2001/XMLSchema-instance';
export const ADDRESS_ANONYMOUS = 'http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous';

export const PREFIX_AMT = 'http://intel.com/wbem/wscim/1/amt-schema/1/';
export const PREFIX_CIM = 'http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/';
export const PREFIX_IPS = 'http://intel.com/wbem/wscim/1/ips-schema/1/';

// --- Actions (§1.4).
export const ACTION_GET = 'http://schemas.xmlsoap.org/ws/2004/09/transfer/Get';
export const ACTION_PUT = 'http://schemas.xmlsoap.org/ws/2004/09/transfer/Put';
export const ACTION_ENUMERATE = 'http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate';
export const ACTION_PULL = 'http://schemas.xmlsoap.org/ws/2004/09/enumeration/Pull';
export const ACTION_RELEASE = 'http://schemas.xmlsoap.org/ws/2004/09/enumeration/Release';
export const RESPONSE_SUFFIX = 'Response';

// --- Fault actions and subcodes (§1.6; fixture Fault.*).
export const ACTION_FAULT_ADDRESSING = 'http://schemas.xmlsoap.org/ws/2004/08/addressing/fault';
export const ACTION_FAULT_WSMAN = 'http://schemas.dmtf.org/wbem/wsman/1/wsman/fault';
export const ACTION_FAULT_ENUMERATION = 'http://schemas.xmlsoap.org/ws/2004/09/enumeration/fault';

// --- MessageIDs the firmware writes: this prefix + 12 upper-case hex digits of a per-device counter.
export const MESSAGE_ID_PREFIX = 'uuid:00000000-8086-8086-8086-';

// --- HTTP (§1.2, fixture HTTP.401Unauthorized.http).
export const SOAP_CONTENT_TYPE = 'application/soap+xml; charset=UTF-8';
/** What the AMT 11.8 capture (fixture AMT_GeneralSettings.Get.amt11.http) sends instead; the simulator does the same for 11.x. */
export const LEGACY_SOAP_CONTENT_TYPE = 'application/octet-stream';
/** Firmware majors below this only speak TLS 1.0/1.1 (§1.8: AMT 12.0 added TLS 1.2). */
export const FIRST_TLS12_MAJOR = 12;
export const SERVER_HEADER_PREFIX = 'Intel(R) Active Management Technology ';
export const WSMAN_PATH = '/wsman';
export const MAX_REQUEST_HEAD_BYTES = 16 * 1024;
export const MAX_REQUEST_BODY_BYTES = 512 * 1024;
/** Chunk sizes seen in captures range from 0x3C up to 0x514; the simulator draws from a similar range. */
export const MIN_CHUNK_BYTES = 0x40;
export const MAX_CHUNK_BYTES = 0x520;

// --- Digest and lockout (§1.7, §1.9).
export const ADMIN_USER = 'admin';
export const DIGEST_QOP = 'auth';
export const LOCKOUT_FAILURE_THRESHOLD = 10;
export const LOCKOUT_INITIAL_MS = 5_000;
export const LOCKOUT_MAX_MS = 80_000;
export const LOCKOUT_RESET_AFTER_MS = 60 * 60 * 1000;
export const DEFAULT_NONCE_LIFETIME_MS = 5 * 60 * 1000;
/** Nonces remembered per device; older ones are forgotten (a client then gets a fresh challenge). */
export const MAX_NONCES_PER_DEVICE = 64;

// --- Power (§2.4, §2.5). DMTF PowerState numbers.
export const POWER_ON = 2;
export const POWER_SLEEP_DEEP = 4;
export const POWER_CYCLE_OFF_SOFT = 5;
export const POWER_HIBERNATE = 7;
export const POWER_OFF_SOFT = 8;
export const POWER_MASTER_BUS_RESET = 10;
export const POWER_NMI = 11;
export const POWER_OFF_SOFT_GRACEFUL = 12;
export const POWER_MASTER_BUS_RESET_GRACEFUL = 14;

// --- Method return values (§1.5). Real AMT's value for each refusal is [unconfirmed]; the simulator uses 2
// (DMTF "unknown error", PT_STATUS NOT_READY) for all three, as the issue suggests.
export const RETURN_SUCCESS = 0;
export const RETURN_UNSUPPORTED = 2;
export const RETURN_INVALID_STATE = 2;
export const RETURN_BUSY = 2;

// --- Boot sources (§2.6).
export const BOOT_SOURCE_PREFIX = 'Intel(r) AMT: ';
export const BOOT_CONFIG_INSTANCE = 'Intel(r) AMT: Boot Configuration 0';
export const BOOT_SETTING_INSTANCE = 'Intel(r) AMT:BootSettingData 0';
/** Read-only AMT_BootSettingData fields: a Put that carries any of them is refused (§2.6). */
export const BOOT_SETTING_READ_ONLY_FIELDS: readonly string[] = [
  'WinREBootEnabled',
  'UEFILocalPBABootEnabled',
  'UEFIHTTPSBootEnabled',
  'SecureBootControlEnabled',
  'BootguardStatus',
  'OptionsCleared',
  'BIOSLastStatus',
  'RPEEnabled',
];

/** What AMT 11.x offers under `legacyTlsForAmt11` (amt-protocols.md §1.8): RSA key exchange, AES-CBC, SHA-1 MAC. */
export const LEGACY_FIRMWARE_CIPHERS = 'AES128-SHA:AES256-SHA:@SECLEVEL=0';
