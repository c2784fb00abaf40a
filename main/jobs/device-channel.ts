// How a job reaches one client: the AMT calls and the magic packet, behind one interface. The console sends
// them itself today (local-device-channel.ts); a relay (issue 8) implements the same interface for the
// clients below it, and the scheduler does not change.

import type { ClientId, JobId, PowerAction, PowerState, RegistrationOutcome, RelayId } from '../../shared/domain';
import type { AmtCredentials, AmtEndpoint } from '../amt/index';
import type { AmtUnusable } from '../control/index';

/** What a job needs to know of a client at the moment it works on it (re-read from the fleet each step). */
export interface JobDevice {
  readonly clientId: ClientId;
  readonly hostName: string;
  readonly ip: string;
  readonly mac: string | null;
  readonly subnetMask: string | null;
  readonly relayId: RelayId | null;
  readonly amt:
    | {
        readonly usable: true;
        readonly endpoint: AmtEndpoint;
        readonly credentials: AmtCredentials;
        /** The client's old-TLS setting (TLS 1.0/1.1 for AMT 11 and older); absent means off. */
        readonly legacyTls?: boolean;
      }
    | { readonly usable: false; readonly why: AmtUnusable; readonly endpoint: AmtEndpoint };
}

/** What "collect system information" reads and stores on the client. */
export interface CollectedInfo {
  readonly amtVersion: string;
  readonly power: PowerState;
  readonly networkPorts: number;
  readonly mac: string | null;
  readonly dhcp: boolean | null;
  readonly inventory: string;
}

export interface MagicPacketSent {
  /** "192.168.20.255" */
  readonly address: string;
  readonly port: number;
}

export interface DeviceChannel {
  /** Throws AmtError. */
  readPowerState(device: JobDevice): Promise<PowerState>;
  /** RequestPowerStateChange; throws AmtError (a refusal is 'amt-status'). */
  requestPower(device: JobDevice, action: PowerAction): Promise<void>;
  /** Sets the next boot to BIOS setup (no power action). */
  setBootToBiosSetup(device: JobDevice): Promise<void>;
  collectInfo(device: JobDevice): Promise<CollectedInfo>;
  /**
   * Settles the client's host ID with its AMT storage (mission M4: restore, write, or a new ID said so) and
   * records where it is kept. Absent on channels that have no store behind them. Throws AmtError when AMT fails.
   */
  storeHostId?(device: JobDevice): Promise<RegistrationOutcome>;
  /** Sends the magic packet to the client's subnet; throws when it cannot be sent. */
  sendMagicPacket(device: JobDevice): Promise<MagicPacketSent>;
  /** Does the client's OS accept a TCP connection on `port`? Never throws. */
  osAnswers(device: JobDevice, port: number): Promise<boolean>;
  /**
   * For a channel that can be away (a relay offline or revoked, issue 8): resolves undefined once it can carry
   * the target's next step, or with why not after waiting as long as the job allows. Absent: always ready.
   */
  ready?(device: JobDevice, signal: AbortSignal): Promise<string | undefined>;
}

/** The job a channel works for: a relay enforces its per-relay limit and waits for an offline relay its wait time. */
export interface ChannelJob {
  readonly id: JobId;
  readonly maxPerRelay: number;
  readonly waitSec: number;
}

/** Which channel reaches a client: the console's own, or the relay that serves the client's relay group. */
export type ChannelFor = (relayId: RelayId | null, job?: ChannelJob) => DeviceChannel;
