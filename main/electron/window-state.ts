// The main window's size and position, remembered in a small JSON file in userData. A damaged file or a
// position on a screen that is gone falls back to the defaults rather than opening off-screen.

import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Rectangle } from 'electron';

export const WINDOW_STATE_FILE = 'window-state.json';
const DEFAULT_SIZE = { width: 1280, height: 800 } as const;
const MIN_SIZE = { width: 800, height: 500 } as const;
const MAX_COORDINATE = 100_000;

export interface WindowState {
  readonly x?: number;
  readonly y?: number;
  readonly width: number;
  readonly height: number;
  readonly maximized: boolean;
}

function isCoordinate(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= MAX_COORDINATE;
}

/** `displays`: the work areas of the screens attached now; the saved position must overlap one of them. */
export function loadWindowState(userDataDir: string, displays: readonly Rectangle[]): WindowState {
  const fallback: WindowState = { ...DEFAULT_SIZE, maximized: false };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(join(userDataDir, WINDOW_STATE_FILE), 'utf8'));
  } catch {
    return fallback;
  }
  if (parsed === null || typeof parsed !== 'object') return fallback;
  const { x, y, width, height, maximized } = parsed as Record<string, unknown>;
  if (!isCoordinate(width) || !isCoordinate(height) || width < MIN_SIZE.width || height < MIN_SIZE.height)
    return fallback;
  const state: WindowState = { width, height, maximized: maximized === true };
  if (!isCoordinate(x) || !isCoordinate(y)) return state;
  const visible = displays.some((d) => x < d.x + d.width && x + width > d.x && y < d.y + d.height && y + height > d.y);
  return visible ? { ...state, x, y } : state;
}

export function saveWindowState(userDataDir: string, state: WindowState): void {
  const path = join(userDataDir, WINDOW_STATE_FILE);
  // Temp file and rename: a crash mid-write leaves the old state, never half a file.
  writeFileSync(`${path}.tmp`, JSON.stringify(state));
  renameSync(`${path}.tmp`, path);
}

export { MIN_SIZE as WINDOW_MIN_SIZE };
