// One wake-up: a MAC, where to send (a subnet-directed broadcast computed from the client's IP and mask,
// or an address given outright), optional SecureOn, sent by send.ts. What amtctl wake and client control call.

import type { MacAddress } from '../../shared/domain';
import { subnetBroadcast } from './broadcast-address';
import { buildMagicPacket } from './magic-packet';
import { sendWakePacket, type WolSendOptions, type WolSendResult } from './send';

/** Either the client's own address and mask (the broadcast is computed), or the address to send to. */
export type WolDestination =
  | { readonly kind: 'subnet'; readonly ip: string; readonly mask: string }
  | { readonly kind: 'address'; readonly address: string };

export interface WakeRequest extends Omit<WolSendOptions, 'address'> {
  readonly mac: MacAddress;
  readonly destination: WolDestination;
  readonly secureOn?: Uint8Array;
}

export interface WakeResult extends WolSendResult {
  readonly mac: MacAddress;
}

/** The address a destination resolves to; throws 'bad-input' for a bad IP, mask or /31–/32. */
export function destinationAddress(destination: WolDestination): string {
  return destination.kind === 'subnet'
    ? subnetBroadcast(destination.ip, destination.mask).broadcast
    : destination.address;
}

export async function wake(request: WakeRequest): Promise<WakeResult> {
  const { mac, destination, secureOn, ...sendOptions } = request;
  const packet = buildMagicPacket(mac, secureOn);
  const sent = await sendWakePacket(packet, { ...sendOptions, address: destinationAddress(destination) });
  return { ...sent, mac };
}
