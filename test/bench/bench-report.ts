// Summaries (median of R runs) and the printed table of the power-sweep bench; JSON-ready, no credentials anywhere.
import type { SweepMeasure } from './sweep';

export type ClientName = 'baseline' | 'ours' | 'ours-tls';
export type Phase = 'cold' | 'warm';

export interface RunRecord extends SweepMeasure {
  readonly client: ClientName;
  readonly phase: Phase;
  readonly run: number;
  /** HTTP requests the client counted itself (ours: TransportStats of the pool; baseline: its own counter). */
  readonly clientRequests: number;
  /** The same, counted independently by the simulated devices. */
  readonly simRequests: number;
  readonly simUnauthorized: number;
  readonly simConnections: number;
}

export interface Summary {
  readonly client: ClientName;
  readonly phase: Phase;
  readonly runs: number;
  readonly hostsPerSecond: number;
  readonly requestsPerHost: number;
  readonly simRequestsPerHost: number;
  readonly simUnauthorizedPerHost: number;
  readonly simConnectionsPerHost: number;
  readonly peakRssDeltaMiB: number;
  readonly peakHeapDeltaMiB: number;
  readonly cpuMicrosPerHost: number;
  readonly failures: number;
}

const MIB = 1024 * 1024;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function summarize(records: readonly RunRecord[], client: ClientName, phase: Phase): Summary | undefined {
  const rs = records.filter((r) => r.client === client && r.phase === phase);
  if (rs.length === 0) return undefined;
  const m = (pick: (r: RunRecord) => number): number => median(rs.map(pick));
  return {
    client,
    phase,
    runs: rs.length,
    hostsPerSecond: m((r) => r.hostsPerSecond),
    requestsPerHost: m((r) => r.clientRequests / r.hosts),
    simRequestsPerHost: m((r) => r.simRequests / r.hosts),
    simUnauthorizedPerHost: m((r) => r.simUnauthorized / r.hosts),
    simConnectionsPerHost: m((r) => r.simConnections / r.hosts),
    peakRssDeltaMiB: m((r) => r.peakRssDeltaBytes / MIB),
    peakHeapDeltaMiB: m((r) => r.peakHeapDeltaBytes / MIB),
    cpuMicrosPerHost: m((r) => r.cpuMicrosPerHost),
    failures: rs.reduce((sum, r) => sum + r.failures, 0),
  };
}

function row(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
}

export function formatTable(summaries: readonly Summary[]): string {
  const header = [
    'client',
    'sweep',
    'hosts/s',
    'req/host',
    'sim req/host',
    'sim 401/host',
    'sim conn/host',
    'peak RSS Δ MiB',
    'peak heap Δ MiB',
    'CPU µs/host',
    'failed',
  ];
  const lines = summaries.map((s) => [
    s.client === 'ours-tls' ? 'ours (TLS)' : s.client,
    s.phase,
    s.hostsPerSecond.toFixed(0),
    s.requestsPerHost.toFixed(2),
    s.simRequestsPerHost.toFixed(2),
    s.simUnauthorizedPerHost.toFixed(2),
    s.simConnectionsPerHost.toFixed(2),
    s.peakRssDeltaMiB.toFixed(1),
    s.peakHeapDeltaMiB.toFixed(1),
    s.cpuMicrosPerHost.toFixed(0),
    String(s.failures),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] as string).length)));
  return [
    row(header, widths),
    row(
      widths.map((w) => '-'.repeat(w)),
      widths,
    ),
    ...lines.map((l) => row(l, widths)),
  ].join('\n');
}
