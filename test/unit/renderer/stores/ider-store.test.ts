// The IDE-R slice (issue 9) and the panel's progress words: a session's states as main reports them, the path's
// error when main refused the image, the form kept across sessions, and the progress line and bar.
import { beforeEach, describe, expect, it } from 'vitest';
import type { ClientId, IderSessionId } from '../../../../shared/domain';
import type { IderProgressView } from '../../../../shared/ipc';
import { bytesWords, iderPercent, iderProgressWords } from '../../../../renderer/model/ider-progress-words';
import {
  applyIderProgress,
  applyIderSession,
  applyIderState,
  beginIderSession,
  initialIder,
  refuseIderPath,
  selectIderLive,
  selectIderStateLine,
  setIderForm,
  useIderStore,
} from '../../../../renderer/stores/ider-store';

const client = 4 as ClientId;
const session = 'ider-session-1234' as IderSessionId;
const FLOPPY_BYTES = 1_474_560;

describe('ider-store', () => {
  beforeEach(() => useIderStore.setState(initialIder(), true));

  it('starts idle with a floppy, no path and start mode now', () => {
    const s = useIderStore.getState();
    expect([s.state, s.media, s.path, s.startMode]).toEqual(['idle', 'floppy', '', 'now']);
    expect(selectIderStateLine(s)).toBe('Not serving an image');
    expect(selectIderLive(s)).toBe(false);
  });

  it('follows a session from starting to active to stopped, keeping the form', () => {
    setIderForm({ media: 'cd', path: '/images/diag.iso' });
    beginIderSession(client, 'cd');
    expect(selectIderStateLine(useIderStore.getState())).toBe('Starting IDE-R…');
    applyIderSession(session);
    applyIderState({ state: 'active' });
    expect(selectIderLive(useIderStore.getState())).toBe(true);
    expect(selectIderStateLine(useIderStore.getState())).toBe('Serving the CD image over IDE-R');
    applyIderState({ state: 'stopped', words: 'Stopped: stopped by the user.' });
    const s = useIderStore.getState();
    expect([s.sessionId, s.state, s.path, s.media]).toEqual([null, 'stopped', '/images/diag.iso', 'cd']);
    expect(selectIderStateLine(s)).toBe('Stopped: stopped by the user.');
  });

  it('puts a refused image at the path and clears it when the path or medium changes', () => {
    beginIderSession(client, 'floppy');
    refuseIderPath('The floppy image: /x.img does not exist.');
    expect(useIderStore.getState()).toMatchObject({
      state: 'idle',
      pathError: 'The floppy image: /x.img does not exist.',
    });
    setIderForm({ startMode: 'reboot' });
    expect(useIderStore.getState().pathError).not.toBeNull();
    setIderForm({ path: '/y.img' });
    expect(useIderStore.getState().pathError).toBeNull();
  });

  it('a failure says why', () => {
    beginIderSession(client, 'floppy');
    applyIderState({ state: 'failed', words: 'Wrong user name or password.' });
    expect(selectIderStateLine(useIderStore.getState())).toBe('Failed: Wrong user name or password.');
  });

  it('keeps the latest progress', () => {
    const progress: IderProgressView = {
      bytesSent: 9216,
      sectorsRead: 18,
      sectorsPerSecond: 1000,
      bytesPerSecond: 512_000,
      commands: 20,
      lastCommand: 'READ(10) floppy LBA 1 × 17',
      imageBytes: FLOPPY_BYTES,
    };
    applyIderProgress(progress);
    expect(useIderStore.getState().progress).toEqual(progress);
  });
});

describe('IDE-R progress words', () => {
  const base: IderProgressView = {
    bytesSent: 0,
    sectorsRead: 0,
    sectorsPerSecond: 0,
    bytesPerSecond: 0,
    commands: 0,
    lastCommand: '',
    imageBytes: FLOPPY_BYTES,
  };

  it('names bytes served, the image, the speed of the last read and sectors per second', () => {
    expect(iderProgressWords({ ...base, bytesSent: 9216, bytesPerSecond: 512_000, sectorsPerSecond: 1000 })).toBe(
      '9.0 KiB served of a 1.4 MiB image · 500.0 KiB/s · 1,000 sectors/s',
    );
    expect(bytesWords(100)).toBe('100 bytes');
  });

  it('the bar is the share of the image served, never above 100 % when sectors are read twice', () => {
    expect(iderPercent({ ...base, bytesSent: FLOPPY_BYTES / 2 })).toBe(50);
    expect(iderPercent({ ...base, bytesSent: FLOPPY_BYTES * 3 })).toBe(100);
    expect(iderPercent({ ...base, imageBytes: 0 })).toBe(0);
  });
});
