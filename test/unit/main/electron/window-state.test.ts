// Window size and position remembered in userData (main/electron/window-state.ts): round trip, and a
// damaged file or a position on a screen that is gone falls back instead of opening off-screen.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadWindowState, saveWindowState, WINDOW_STATE_FILE } from '../../../../main/electron/window-state';

const dir = mkdtempSync(join(tmpdir(), 'window-state-'));
const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('window state', () => {
  it('starts with defaults and round-trips what was saved', () => {
    expect(loadWindowState(dir, screen)).toEqual({ width: 1280, height: 800, maximized: false });
    saveWindowState(dir, { x: 100, y: 50, width: 1000, height: 700, maximized: true });
    expect(loadWindowState(dir, screen)).toEqual({ x: 100, y: 50, width: 1000, height: 700, maximized: true });
  });

  it('drops a position no attached screen shows, keeping the size', () => {
    saveWindowState(dir, { x: 5000, y: 50, width: 1000, height: 700, maximized: false });
    expect(loadWindowState(dir, screen)).toEqual({ width: 1000, height: 700, maximized: false });
  });

  it('ignores damaged or absurd files', () => {
    for (const text of [
      '{not json',
      '{"width":"big","height":700}',
      '{"width":10,"height":10}',
      '{"width":1e9,"height":700}',
      'null',
    ]) {
      writeFileSync(join(dir, WINDOW_STATE_FILE), text);
      expect(loadWindowState(dir, screen), text).toEqual({ width: 1280, height: 800, maximized: false });
    }
  });
});
