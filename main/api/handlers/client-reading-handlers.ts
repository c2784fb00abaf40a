// clients:refresh (power state of many) and clients:details (system, network, inventory and the M3 prerequisites of one), read
// from AMT on request. Reads are not out-of-band actions, so they are not audited; a failure becomes the
// client's problem and its own result.

import type { Client, ClientId } from '../../../shared/domain';
import type { ClientDetails, ParsedRequestOf, PerClientResult, ResponseOf } from '../../../shared/ipc';
import { CONSOLE_PREREQUISITE_CONTEXT, evaluatePrerequisites } from '../../fleet/index';
import {
  getEthernetPorts,
  getFirmwareVersion,
  getGeneralSettings,
  getHardwareInventory,
  getPowerState,
} from '../../amt/index';
import { ApiError } from '../api-error';
import type { ApiDeps } from './api-deps';
import { failClient, failedResult, markSeen, NOT_FOUND_WORDS, preflight } from './client-preflight';

/** Recent audit entries shown in the details pane. */
const DETAILS_AUDIT_ENTRIES = 20;
const BYTES_PER_GIB = 1024 ** 3;

export async function refreshClients(
  deps: ApiDeps,
  request: ParsedRequestOf<'clients:refresh'>,
): Promise<ResponseOf<'clients:refresh'>> {
  const ids = [...new Set(request.ids)] as ClientId[];
  const results = await Promise.all(ids.map((id) => refreshOne(deps, id)));
  return { results };
}

async function refreshOne(deps: ApiDeps, id: ClientId): Promise<PerClientResult> {
  const checked = preflight(deps, id);
  if (!checked.ok) return failedResult(id, checked.error);
  const { client, credentials } = checked;
  try {
    const reading = await deps.amt.run(client, credentials, (wsman) => getPowerState(wsman));
    return { id, ok: true, power: markSeen(deps, client, reading.state).power };
  } catch (error) {
    return failedResult(id, failClient(deps, client, error));
  }
}

export async function clientDetails(
  deps: ApiDeps,
  request: ParsedRequestOf<'clients:details'>,
): Promise<ResponseOf<'clients:details'>> {
  const id = request.id as ClientId;
  const found = deps.fleet.getClient(id);
  if (!found) throw new ApiError('not-found', NOT_FOUND_WORDS);
  const audit = deps.fleet.assetAudit(id, DETAILS_AUDIT_ENTRIES);
  const checked = preflight(deps, id);
  // Without AMT (or credentials) the pane still shows what the store knows, and the client's problem says why.
  if (!checked.ok) return storedOnly(deps, deps.fleet.getClient(id) ?? found, audit);
  const { client, credentials } = checked;
  try {
    const read = await deps.amt.run(client, credentials, async (wsman) => ({
      firmware: await getFirmwareVersion(wsman),
      settings: await getGeneralSettings(wsman),
      power: await getPowerState(wsman),
      ports: await getEthernetPorts(wsman),
      hardware: await getHardwareInventory(wsman),
    }));
    const updated = markSeen(deps, client, read.power.state);
    const amtVersion = read.firmware.version;
    const stored = updated.amtVersion === amtVersion ? updated : deps.fleet.updateClient(id, { amtVersion });
    const details: ClientDetails = {
      client: stored,
      system: {
        amtVersion,
        hostName: read.settings.hostName,
        domainName: read.settings.domainName,
        uuid: read.hardware.system.uuid || null,
      },
      network: read.ports.map((port) => ({
        kind: port.kind,
        mac: port.mac ?? null,
        dhcpEnabled: port.dhcpEnabled ?? null,
        ipAddress: port.ipAddress ?? null,
        linkUp: port.linkUp ?? null,
      })),
      inventory: {
        bios: joinDefined([read.hardware.bios.manufacturer, read.hardware.bios.version]),
        processors: read.hardware.processors.map((p) =>
          p.maxClockSpeedMhz !== undefined
            ? `${p.deviceId ?? 'CPU'} (${p.maxClockSpeedMhz} MHz)`
            : (p.deviceId ?? 'CPU'),
        ),
        memory: read.hardware.memory.map(
          (m) =>
            joinDefined([
              m.bankLabel,
              m.capacityBytes !== undefined ? `${Math.round(m.capacityBytes / BYTES_PER_GIB)} GiB` : undefined,
              m.manufacturer,
              m.partNumber?.trim(),
            ]) ?? 'module',
        ),
        chassis: joinDefined([read.hardware.chassis.manufacturer, read.hardware.chassis.model]),
      },
      audit,
      hostId: hostIdOf(deps, id),
      prerequisites: evaluatePrerequisites(stored, CONSOLE_PREREQUISITE_CONTEXT),
      credentials: credentialsOf(deps, id),
    };
    return details;
  } catch (error) {
    failClient(deps, client, error);
    return storedOnly(deps, deps.fleet.getClient(id) ?? client, audit);
  }
}

function credentialsOf(deps: ApiDeps, id: ClientId): ClientDetails['credentials'] {
  return deps.fleet.effectiveProfile(id) ?? { source: 'none', relayId: null, user: null };
}

function hostIdOf(deps: ApiDeps, id: ClientId): ClientDetails['hostId'] {
  return { identity: deps.fleet.hostIdentity(id), history: deps.fleet.clientHistory(id) };
}

/** What the store knows when AMT was not read: the prerequisites still say what is missing (M3). */
function storedOnly(deps: ApiDeps, client: Client, audit: ClientDetails['audit']): ClientDetails {
  return {
    client,
    system: null,
    network: [],
    inventory: null,
    audit,
    hostId: hostIdOf(deps, client.id),
    prerequisites: evaluatePrerequisites(client, CONSOLE_PREREQUISITE_CONTEXT),
    credentials: credentialsOf(deps, client.id),
  };
}

function joinDefined(parts: ReadonlyArray<string | undefined>): string | null {
  const present = parts.filter((p): p is string => p !== undefined && p.trim().length > 0);
  return present.length > 0 ? present.join(' ') : null;
}
