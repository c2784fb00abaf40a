import { describe, expect, it } from 'vitest';
import {
  clickSelect,
  initialSelection,
  moveFocusTo,
  pruneSelection,
  selectAll,
  toggleFocused,
  type SelectionState,
} from '../../../../renderer/model/selection-model';

const KEYS = ['server', 'r:1', 'c:1', 'c:2', 'c:3', 'c:4', 'r:2', 'c:5'];
const plain = { ctrl: false, shift: false };
const sel = (s: SelectionState) => [...s.selected].sort();

describe('selection model', () => {
  it('a plain click selects only that row and sets anchor and focus', () => {
    const s = clickSelect(clickSelect(initialSelection(), KEYS, 'c:1', plain), KEYS, 'c:3', plain);
    expect(sel(s)).toEqual(['c:3']);
    expect(s.anchorKey).toBe('c:3');
    expect(s.focusKey).toBe('c:3');
  });

  it('Ctrl+click toggles a row in and out of the selection', () => {
    let s = clickSelect(initialSelection(), KEYS, 'c:1', plain);
    s = clickSelect(s, KEYS, 'c:3', { ctrl: true, shift: false });
    expect(sel(s)).toEqual(['c:1', 'c:3']);
    s = clickSelect(s, KEYS, 'c:1', { ctrl: true, shift: false });
    expect(sel(s)).toEqual(['c:3']);
  });

  it('Shift+click selects the range from the anchor in either direction, keeping the anchor', () => {
    let s = clickSelect(initialSelection(), KEYS, 'c:2', plain);
    s = clickSelect(s, KEYS, 'c:4', { ctrl: false, shift: true });
    expect(sel(s)).toEqual(['c:2', 'c:3', 'c:4']);
    s = clickSelect(s, KEYS, 'r:1', { ctrl: false, shift: true });
    expect(sel(s)).toEqual(['c:1', 'c:2', 'r:1']);
    expect(s.anchorKey).toBe('c:2');
  });

  it('Ctrl+Shift+click adds a range to the existing selection', () => {
    let s = clickSelect(initialSelection(), KEYS, 'c:5', plain);
    s = clickSelect(s, KEYS, 'c:1', { ctrl: true, shift: false });
    s = clickSelect(s, KEYS, 'c:3', { ctrl: true, shift: true });
    expect(sel(s)).toEqual(['c:1', 'c:2', 'c:3', 'c:5']);
  });

  it('arrows move focus and selection; Shift+arrows extend; Ctrl+arrows move focus only', () => {
    let s = moveFocusTo(initialSelection(), KEYS, 2, plain);
    expect(sel(s)).toEqual(['c:1']);
    s = moveFocusTo(s, KEYS, 3, { ctrl: false, shift: true });
    s = moveFocusTo(s, KEYS, 4, { ctrl: false, shift: true });
    expect(sel(s)).toEqual(['c:1', 'c:2', 'c:3']);
    s = moveFocusTo(s, KEYS, 7, { ctrl: true, shift: false });
    expect(sel(s)).toEqual(['c:1', 'c:2', 'c:3']);
    expect(s.focusKey).toBe('c:5');
    s = toggleFocused(s);
    expect(sel(s)).toEqual(['c:1', 'c:2', 'c:3', 'c:5']);
  });

  it('clamps movement at both ends', () => {
    expect(moveFocusTo(initialSelection(), KEYS, -5, plain).focusKey).toBe('server');
    expect(moveFocusTo(initialSelection(), KEYS, 99, plain).focusKey).toBe('c:5');
    expect(moveFocusTo(initialSelection(), [], 1, plain)).toEqual(initialSelection());
  });

  it('Ctrl+A selects every visible row the predicate accepts', () => {
    const s = selectAll(initialSelection(), KEYS, (k) => k.startsWith('c:'));
    expect(sel(s)).toEqual(['c:1', 'c:2', 'c:3', 'c:4', 'c:5']);
  });

  it('pruning drops rows that went away and returns the same object when nothing did', () => {
    const s = clickSelect(clickSelect(initialSelection(), KEYS, 'c:1', plain), KEYS, 'c:4', {
      ctrl: false,
      shift: true,
    });
    expect(pruneSelection(s, () => true)).toBe(s);
    const pruned = pruneSelection(s, (k) => k !== 'c:2' && k !== 'c:4');
    expect(sel(pruned)).toEqual(['c:1', 'c:3']);
    expect(pruned.focusKey).toBeNull();
    expect(pruned.anchorKey).toBe('c:1');
  });
});
