// The status bar wired to the fleet and action-results slices.
import { useMemo } from 'react';
import { StatusBar } from '../components/status-bar';
import { powerGroupOf } from '../model/power-display';
import { selectPendingCount, useActionResultsStore } from '../stores/action-results-store';
import { useFleetStore } from '../stores/fleet-store';

export function StatusBarView({ connection }: { connection: 'connecting' | 'connected' | 'failed' }) {
  const clients = useFleetStore((s) => s.clientsById);
  const relayCount = useFleetStore((s) => s.relays.length);
  const serverName = useFleetStore((s) => s.serverName);
  const pendingCount = useActionResultsStore(selectPendingCount);
  const counts = useMemo(() => {
    let on = 0;
    let noAmt = 0;
    let problems = 0;
    for (const c of clients.values()) {
      if (powerGroupOf(c.power) === 'on') on += 1;
      if (c.amtVersion === null || c.amtVersion.trim() === '') noAmt += 1;
      if (c.problem !== null) problems += 1;
    }
    return { on, noAmt, problems };
  }, [clients]);
  return (
    <StatusBar
      connection={connection}
      serverName={serverName}
      relayCount={relayCount}
      clientCount={clients.size}
      onCount={counts.on}
      noAmtCount={counts.noAmt}
      problemCount={counts.problems}
      pendingCount={pendingCount}
    />
  );
}
