// Multi-selection over the tree's visible rows, the way Windows list views behave: click selects one,
// Ctrl+click toggles, Shift+click selects the range from the anchor, arrows move the focus. Pure.
import type { RowKey } from './tree-rows';

export interface SelectionState {
  readonly selected: ReadonlySet<RowKey>;
  /** Where a Shift range starts. */
  readonly anchorKey: RowKey | null;
  /** The row the keyboard is on (aria-activedescendant). */
  readonly focusKey: RowKey | null;
}

export interface Modifiers {
  readonly ctrl: boolean;
  readonly shift: boolean;
}

export function initialSelection(): SelectionState {
  return { selected: new Set(), anchorKey: null, focusKey: null };
}

function range(keys: readonly RowKey[], from: RowKey | null, to: RowKey): Set<RowKey> {
  const b = keys.indexOf(to);
  const a = from === null ? -1 : keys.indexOf(from);
  if (b < 0) return new Set();
  if (a < 0) return new Set([to]);
  const [lo, hi] = a <= b ? [a, b] : [b, a];
  return new Set(keys.slice(lo, hi + 1));
}

/** A mouse click on `key`; `keys` are the visible rows in order. */
export function clickSelect(
  state: SelectionState,
  keys: readonly RowKey[],
  key: RowKey,
  mods: Modifiers,
): SelectionState {
  if (mods.shift) {
    const anchor = state.anchorKey ?? key;
    const span = range(keys, anchor, key);
    const selected = mods.ctrl ? new Set([...state.selected, ...span]) : span;
    return { selected, anchorKey: anchor, focusKey: key };
  }
  if (mods.ctrl) {
    const selected = new Set(state.selected);
    if (selected.has(key)) selected.delete(key);
    else selected.add(key);
    return { selected, anchorKey: key, focusKey: key };
  }
  return { selected: new Set([key]), anchorKey: key, focusKey: key };
}

/** Up/Down/Home/End/PageUp/PageDown: `toIndex` is where the focus lands (clamped). */
export function moveFocusTo(
  state: SelectionState,
  keys: readonly RowKey[],
  toIndex: number,
  mods: Modifiers,
): SelectionState {
  if (keys.length === 0) return state;
  const index = Math.min(keys.length - 1, Math.max(0, toIndex));
  const key = keys[index] as RowKey;
  // Ctrl+arrow moves the focus alone, so Ctrl+Space can then add rows one by one.
  if (mods.ctrl && !mods.shift) return { ...state, focusKey: key };
  return clickSelect(state, keys, key, { ctrl: false, shift: mods.shift });
}

export function focusIndexOf(state: SelectionState, keys: readonly RowKey[]): number {
  return state.focusKey === null ? -1 : keys.indexOf(state.focusKey);
}

/** Ctrl+A: every visible row that `selectable` accepts (clients, for actions on many). */
export function selectAll(
  state: SelectionState,
  keys: readonly RowKey[],
  selectable: (key: RowKey) => boolean,
): SelectionState {
  const selected = new Set(keys.filter(selectable));
  return { selected, anchorKey: state.anchorKey, focusKey: state.focusKey ?? keys.find(selectable) ?? null };
}

/** Ctrl+Space: toggles the focused row. */
export function toggleFocused(state: SelectionState): SelectionState {
  if (state.focusKey === null) return state;
  const selected = new Set(state.selected);
  if (selected.has(state.focusKey)) selected.delete(state.focusKey);
  else selected.add(state.focusKey);
  return { selected, anchorKey: state.focusKey, focusKey: state.focusKey };
}

/** Drops keys whose rows no longer exist (clients removed); unchanged state when nothing went. */
export function pruneSelection(state: SelectionState, exists: (key: RowKey) => boolean): SelectionState {
  let changed = false;
  const selected = new Set<RowKey>();
  for (const key of state.selected) {
    if (exists(key)) selected.add(key);
    else changed = true;
  }
  const anchorKey = state.anchorKey !== null && exists(state.anchorKey) ? state.anchorKey : null;
  const focusKey = state.focusKey !== null && exists(state.focusKey) ? state.focusKey : null;
  if (!changed && anchorKey === state.anchorKey && focusKey === state.focusKey) return state;
  return { selected, anchorKey, focusKey };
}
