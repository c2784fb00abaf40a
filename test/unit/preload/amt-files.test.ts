// The Electron preload (preload/index.ts) with a recording stand-in for `electron` (no Electron binary here):
// it exposes exactly window.amt and window.amtFiles, both frozen, and amtFiles.pathOf answers with Electron's
// webUtils.getPathForFile for the very File it was given (issue 9: an image dropped on the IDE-R panel).
import { beforeAll, describe, expect, it, vi } from 'vitest';

const exposed = new Map<string, unknown>();
const asked: unknown[] = [];

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (name: string, value: unknown) => exposed.set(name, value) },
  ipcRenderer: { on: () => undefined, invoke: () => Promise.resolve({ ok: true, value: null }) },
  webUtils: {
    getPathForFile: (file: unknown) => {
      asked.push(file);
      return '/home/helpdesk/images/diag.img';
    },
  },
}));

beforeAll(async () => {
  await import('../../../preload/index');
});

describe('preload', () => {
  it('exposes window.amt and window.amtFiles, nothing else, both frozen', () => {
    expect([...exposed.keys()].sort()).toEqual(['amt', 'amtFiles']);
    expect(Object.isFrozen(exposed.get('amt'))).toBe(true);
    const files = exposed.get('amtFiles') as { pathOf: (file: File) => string };
    expect(Object.isFrozen(files)).toBe(true);
    expect(Object.keys(files)).toEqual(['pathOf']);
  });

  it('answers pathOf with webUtils.getPathForFile for that file', () => {
    const files = exposed.get('amtFiles') as { pathOf: (file: File) => string };
    const file = new File([new Uint8Array(512)], 'diag.img');
    expect(files.pathOf(file)).toBe('/home/helpdesk/images/diag.img');
    expect(asked).toEqual([file]);
  });
});
