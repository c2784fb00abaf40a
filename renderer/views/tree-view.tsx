// Left pane: the filter bar and the virtualized client tree, wired to the fleet, filter, tree,
// selection and action-result slices; the row context menu runs the same commands as the toolbar.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ClientTree } from '../components/client-tree';
import { FilterBar } from '../components/filter-bar';
import { Menu, type MenuEntry } from '../components/menu';
import type { Modifiers } from '../model/selection-model';
import { useActionResultsStore } from '../stores/action-results-store';
import {
  clearFilter,
  setEligibilityFilter,
  setFilterText,
  toggleStatusFilter,
  useFilterStore,
} from '../stores/filter-store';
import { openDialog } from '../stores/dialog-store';
import type { RelayId } from '../../shared/domain';
import { TREE_FIRST_RENDER_MARK, useFleetStore } from '../stores/fleet-store';
import {
  clickRow,
  moveFocus,
  pruneSelectedRows,
  selectAllClients,
  selectForContextMenu,
  selectSelectedClientIds,
  toggleFocusedRow,
  useSelectionStore,
} from '../stores/selection-store';
import { resetFilterExpansion, setExpanded } from '../stores/tree-store';
import { powerMenuEntries, runCommand } from '../commands/run-command';
import { useTreeRows } from './use-tree-rows';

/** The relay the report covers: the focused or first selected relay row; none selected = the whole fleet. */
function selectedRelayId(): RelayId | null {
  const { selected, focusKey } = useSelectionStore.getState();
  const keys = [...(focusKey !== null && selected.has(focusKey) ? [focusKey] : []), ...selected];
  const relay = keys.find((k) => k.startsWith('r:'));
  return relay === undefined ? null : (Number(relay.slice(2)) as RelayId);
}

export function TreeView() {
  const { rows, filtering, shownClientCount } = useTreeRows();
  const keys = useMemo(() => rows.map((r) => r.key), [rows]);
  const selected = useSelectionStore((s) => s.selected);
  const focusKey = useSelectionStore((s) => s.focusKey);
  const selectedIds = useSelectionStore(useShallow(selectSelectedClientIds));
  const resultsByClient = useActionResultsStore((s) => s.byClient);
  const text = useFilterStore((s) => s.text);
  const statuses = useFilterStore((s) => s.statuses);
  const eligibility = useFilterStore((s) => s.eligibility);
  const totalCount = useFleetStore((s) => s.clientsById.size);
  const fleetStatus = useFleetStore((s) => s.status);
  const fleetError = useFleetStore((s) => s.error);
  const [menu, setMenu] = useState<{ x: number; y: number; entries: MenuEntry[] } | null>(null);

  // What is selected is what is visible: a client hidden by a filter or a collapse is not acted on.
  useEffect(() => {
    const visible = new Set(keys);
    pruneSelectedRows((key) => visible.has(key));
  }, [keys]);

  useEffect(() => {
    resetFilterExpansion();
  }, [text, statuses]);

  // Marks the first commit with the loaded fleet, for the bench's time-to-first-render.
  const marked = useRef(false);
  useEffect(() => {
    if (!marked.current && fleetStatus === 'ready') {
      marked.current = true;
      performance.mark(TREE_FIRST_RENDER_MARK);
    }
  }, [fleetStatus]);

  const onSelectRow = useCallback(
    (index: number, mods: Modifiers) => {
      const key = keys[index];
      if (key !== undefined) clickRow(keys, key, mods);
    },
    [keys],
  );
  const onMoveFocus = useCallback((index: number, mods: Modifiers) => moveFocus(keys, index, mods), [keys]);
  const onSetExpanded = useCallback(
    (index: number, expanded: boolean) => {
      const key = keys[index];
      if (key !== undefined) setExpanded(key, expanded, filtering);
    },
    [keys, filtering],
  );
  const onSelectAll = useCallback(() => selectAllClients(keys), [keys]);
  const onContextMenu = useCallback(
    (index: number, x: number, y: number) => {
      const key = keys[index];
      if (key === undefined) return;
      selectForContextMenu(keys, key);
      const row = rows[index];
      const entries: MenuEntry[] = [];
      if (row !== undefined && row.kind !== 'client' && row.hasChildren) {
        entries.push({
          kind: 'item',
          id: row.expanded ? 'tree-collapse' : 'tree-expand',
          label: row.expanded ? 'Collapse' : 'Expand',
        });
        entries.push({ kind: 'separator' });
      }
      const noClients = selectSelectedClientIds(useSelectionStore.getState()).length === 0;
      // A relay row stands for its whole subtree: the job resolves every client below it.
      entries.push({ kind: 'item', id: 'new-job', label: 'New job for selected…', icon: 'clock' });
      entries.push({ kind: 'separator' });
      entries.push(...powerMenuEntries(noClients));
      entries.push({ kind: 'separator' });
      entries.push({ kind: 'item', id: 'refresh', label: 'Refresh', icon: 'refresh', disabled: noClients });
      entries.push({
        kind: 'item',
        id: 'boot-bios',
        label: 'Boot to BIOS (SOL)…',
        icon: 'bios',
        disabled: noClients,
        danger: true,
      });
      entries.push({ kind: 'item', id: 'remove', label: 'Remove from console…', icon: 'remove', disabled: noClients });
      setMenu({ x, y, entries });
    },
    [keys, rows],
  );

  const onPick = (id: string): void => {
    const focus = useSelectionStore.getState().focusKey;
    if (id === 'tree-expand' || id === 'tree-collapse') {
      if (focus !== null) setExpanded(focus, id === 'tree-expand', filtering);
      return;
    }
    runCommand(id, selectSelectedClientIds(useSelectionStore.getState()));
  };

  const emptyMessage =
    fleetStatus === 'failed'
      ? `The client list could not be loaded. ${fleetError ?? ''}`
      : fleetStatus === 'loading'
        ? 'Loading clients…'
        : filtering && shownClientCount === 0
          ? 'No clients match this search.'
          : totalCount === 0
            ? 'No clients yet. Add one, import a CSV file or discover an address range.'
            : null;

  return (
    <section className="tree-pane" aria-label="Clients" data-selected-count={selectedIds.length}>
      <FilterBar
        text={text}
        statuses={statuses}
        shownCount={shownClientCount}
        totalCount={totalCount}
        onText={setFilterText}
        onToggleStatus={toggleStatusFilter}
        onClear={clearFilter}
        eligibility={eligibility}
        onEligibility={(f) => void setEligibilityFilter(f)}
        onReport={() => openDialog({ open: 'prerequisites-report', relayId: selectedRelayId() })}
      />
      <ClientTree
        rows={rows}
        selected={selected}
        focusKey={focusKey}
        resultsByClient={resultsByClient}
        emptyMessage={emptyMessage}
        onSelectRow={onSelectRow}
        onMoveFocus={onMoveFocus}
        onSetExpanded={onSetExpanded}
        onSelectAll={onSelectAll}
        onToggleFocused={toggleFocusedRow}
        onContextMenu={onContextMenu}
      />
      {menu !== null && (
        <Menu
          entries={menu.entries}
          xPx={menu.x}
          yPx={menu.y}
          label="Client actions"
          testId="context-menu"
          onPick={onPick}
          onClose={() => setMenu(null)}
        />
      )}
    </section>
  );
}
