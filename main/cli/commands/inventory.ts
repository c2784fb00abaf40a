// `amtctl inventory HOST…` (issue spec "amtctl", inventory): system UUID, BIOS, CPUs, memory, chassis and
// baseboard, as one block per host for people or one JSON line per host.

import { getHardwareInventory, type HardwareInventory, type PhysicalPackageInfo } from '../../amt/index';
import type { HostCommand } from '../host-command';
import { formatBytes, formatSection } from '../output';

export interface InventoryResult {
  readonly inventory: HardwareInventory;
  readonly via: string | undefined;
}

function packageWords(p: PhysicalPackageInfo): string {
  const parts = [p.manufacturer, p.model, p.version].map((s) => s?.trim()).filter((s): s is string => !!s);
  const serial = p.serialNumber?.trim();
  return `${parts.join(' ') || '-'}${serial ? `, serial ${serial}` : ''}`;
}

function clock(mhz: number | undefined): string {
  return mhz === undefined ? '' : `${mhz} MHz`;
}

export function inventoryEntries(inv: HardwareInventory): [string, string][] {
  const entries: [string, string][] = [['System UUID', inv.system.uuid]];
  const bios = [inv.bios.manufacturer, inv.bios.version].filter((s): s is string => !!s).join(' ');
  entries.push([
    'BIOS',
    `${bios || '-'}${inv.bios.releaseDate ? `, released ${inv.bios.releaseDate.slice(0, 10)}` : ''}`,
  ]);
  inv.processors.forEach((cpu, i) => {
    const family = cpu.family === undefined ? 'family ?' : `family ${cpu.family}`;
    const speeds = [
      clock(cpu.maxClockSpeedMhz) && `max ${clock(cpu.maxClockSpeedMhz)}`,
      clock(cpu.currentClockSpeedMhz) && `now ${clock(cpu.currentClockSpeedMhz)}`,
    ]
      .filter(Boolean)
      .join(', ');
    entries.push([`CPU ${i + 1}`, `${family}${speeds ? `, ${speeds}` : ''}`]);
  });
  const totalBytes = inv.memory.reduce((sum, m) => sum + (m.capacityBytes ?? 0), 0);
  entries.push([
    'Memory',
    `${formatBytes(totalBytes)} in ${inv.memory.length} module${inv.memory.length === 1 ? '' : 's'}`,
  ]);
  inv.memory.forEach((m, i) => {
    const size = m.capacityBytes === undefined ? '?' : formatBytes(m.capacityBytes);
    const what = [
      m.bankLabel?.trim(),
      m.manufacturer?.trim(),
      m.partNumber?.trim(),
      m.speedMhz ? `${m.speedMhz} MHz` : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    entries.push([`  DIMM ${i + 1}`, `${size}${what ? ` (${what})` : ''}`]);
  });
  entries.push(['Chassis', packageWords(inv.chassis)]);
  entries.push(['Baseboard', packageWords(inv.baseboard)]);
  return entries;
}

export function inventoryCommand(): HostCommand<InventoryResult> {
  return {
    headers: [],
    async run(session) {
      return { inventory: await getHardwareInventory(session.client), via: session.via() };
    },
    toJson: (r) => ({ ...r.inventory, via: r.via }),
    toCells: () => [],
    toBlock: (host, r) => formatSection(host, inventoryEntries(r.inventory)),
  };
}
