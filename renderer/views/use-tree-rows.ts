// The tree's rows for the current fleet, expansion and filter, memoised so a keystroke in the search
// box re-derives once and a scroll re-derives never.
import { useMemo } from 'react';
import { clientMatcherOf, searchWordsOf } from '../model/client-filter';
import { deriveTreeRows, type TreeRow } from '../model/tree-rows';
import { useFilterStore } from '../stores/filter-store';
import { useFleetStore } from '../stores/fleet-store';
import { useTreeStore } from '../stores/tree-store';

export interface TreeRowsView {
  readonly rows: readonly TreeRow[];
  readonly filtering: boolean;
  /** Clients matching the filter (all clients without one). */
  readonly shownClientCount: number;
}

export function useTreeRows(): TreeRowsView {
  const serverName = useFleetStore((s) => s.serverName);
  const index = useFleetStore((s) => s.index);
  const text = useFilterStore((s) => s.text);
  const statuses = useFilterStore((s) => s.statuses);
  const eligibleIds = useFilterStore((s) => (s.eligibility === null ? null : s.eligibleIds));
  const match = useMemo(() => clientMatcherOf({ text, statuses, eligibleIds }), [text, statuses, eligibleIds]);
  const filtering = match !== null;
  const collapsed = useTreeStore((s) => (filtering ? s.collapsedWhileFiltering : s.collapsed));
  return useMemo(() => {
    const words = searchWordsOf(text);
    const relayMatch =
      words.length === 0
        ? null
        : (r: { name: string; host: string }) => words.every((w) => `${r.name}\n${r.host}`.toLowerCase().includes(w));
    const rows = deriveTreeRows({ serverName, index, collapsed, match, relayMatch });
    const server = rows[0];
    return { rows, filtering, shownClientCount: server?.kind === 'server' ? server.clientCount : 0 };
  }, [serverName, index, collapsed, match, filtering, text]);
}
