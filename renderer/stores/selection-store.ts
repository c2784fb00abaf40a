// Selection slice: selected tree rows, the Shift anchor and the keyboard focus (model/selection-model.ts).
import { create } from 'zustand';
import type { ClientId } from '../../shared/domain';
import {
  clickSelect,
  initialSelection,
  moveFocusTo,
  pruneSelection,
  selectAll,
  toggleFocused,
  type Modifiers,
  type SelectionState,
} from '../model/selection-model';
import { clientIdOfKey, type RowKey } from '../model/tree-rows';

// --- state -------------------------------------------------------------------------------------------
export type { SelectionState };
export { initialSelection };

export const useSelectionStore = create<SelectionState>()(() => initialSelection());

// --- actions -----------------------------------------------------------------------------------------
export function clickRow(keys: readonly RowKey[], key: RowKey, mods: Modifiers): void {
  useSelectionStore.setState((s) => clickSelect(s, keys, key, mods));
}

export function moveFocus(keys: readonly RowKey[], toIndex: number, mods: Modifiers): void {
  useSelectionStore.setState((s) => moveFocusTo(s, keys, toIndex, mods));
}

export function selectAllClients(keys: readonly RowKey[]): void {
  useSelectionStore.setState((s) => selectAll(s, keys, (key) => clientIdOfKey(key) !== null));
}

export function toggleFocusedRow(): void {
  useSelectionStore.setState((s) => toggleFocused(s));
}

/** Right-click on a row outside the selection selects it alone (Explorer behaviour). */
export function selectForContextMenu(keys: readonly RowKey[], key: RowKey): void {
  useSelectionStore.setState((s) =>
    s.selected.has(key) ? { ...s, focusKey: key } : clickSelect(s, keys, key, { ctrl: false, shift: false }),
  );
}

export function pruneSelectedRows(exists: (key: RowKey) => boolean): void {
  useSelectionStore.setState((s) => pruneSelection(s, exists));
}

// --- selectors ---------------------------------------------------------------------------------------
/** Selected clients' ids in a stable order; compare with shallow equality in components. */
export function selectSelectedClientIds(s: SelectionState): ClientId[] {
  const ids: ClientId[] = [];
  for (const key of s.selected) {
    const id = clientIdOfKey(key);
    if (id !== null) ids.push(id);
  }
  return ids.sort((a, b) => a - b);
}
