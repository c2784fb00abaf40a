// Names of the per-device fault switches the simulator supports, settable at start and at run time.
// Each one imitates a way real AMT devices (or the network in front of them) misbehave.

export const FAULT_NAMES = [
  'slow', // delay every response by slowDelayMs
  'noAnswer', // accept TCP, read requests, never respond
  'dropMidResponse', // send about half of the response, then destroy the connection
  'malformedXml', // valid HTTP framing around a truncated envelope
  'staleNonce', // each nonce's first authenticated use is answered as expired (one retry with the new nonce works)
  'certChange', // present a newly issued certificate (new fingerprint) while on
  'busy', // power calls return the busy ReturnValue
  'wrongPassword', // the device expects a different password than the one the fleet advertises
  'garbage', // answer every request with non-HTTP bytes, then close
  'trickle', // send each response one byte per trickleIntervalMs (a peer that never goes silent but never finishes)
  'tlsReset', // the TLS port accepts TCP and resets every socket before the handshake completes
  'redirectionGarbage', // redirection port: after StartSOL's reply, send bytes of an unknown message type
  'redirectionSilent', // redirection port: after StartSOL's reply, send nothing at all (no BIOS text, no heartbeat)
  'noThirdPartyStorage', // firmware without Third Party Data Storage: the service is DestinationUnreachable
  'storageFaultMidway', // 3PDS: each WriteBlock after a registration's first writes half its bytes and fails
  'refuse', // the AMT ports refuse connections (nothing listens while on), as a PC whose AMT is unreachable
  'drop', // requests and magic packets are dropped: connections are accepted and never answered, packets ignored
  'neverUp', // a power-on or magic packet is accepted, but the host never reaches S0 (a PC hung before the OS)
  'iderDropMidTransfer', // IDE-R: cut the connection after a few 0x54 data chunks of a transfer
] as const;

export type FaultName = (typeof FAULT_NAMES)[number];

export function isFaultName(name: string): name is FaultName {
  return (FAULT_NAMES as readonly string[]).includes(name);
}
