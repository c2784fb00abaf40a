// The IDE-R panel (issue 9): the image to serve (floppy or CD, its path on this computer, the start mode), start
// and stop, "boot from it" with the terminal, the session's state line and its progress (bytes, speed, last
// ATAPI command). Props in, callbacks out; the view wires it to the IDE-R slice and commands.
import type { IderMedia, IderProgressView, IderStartModeName } from '../../shared/ipc';
import { iderPercent, iderProgressWords } from '../model/ider-progress-words';
import type { IderViewState } from '../stores/ider-store';
import { Icon } from './icons/icon';

const MEDIA_LABEL: Readonly<Record<IderMedia, string>> = {
  floppy: 'Floppy image (512-byte sectors)',
  cd: 'CD / ISO image (2048-byte sectors)',
};
const START_MODE_LABEL: Readonly<Record<IderStartModeName, string>> = {
  now: 'Now',
  graceful: 'After the OS shuts down (graceful)',
  reboot: 'On the next reboot',
};
const STATE_TONE: Readonly<Record<IderViewState, string>> = {
  idle: 'tone-muted',
  starting: 'tone-warning',
  active: 'tone-ok',
  stopped: 'tone-muted',
  failed: 'tone-error',
};

export interface IderPanelProps {
  readonly hostName: string | null;
  readonly media: IderMedia;
  readonly path: string;
  readonly startMode: IderStartModeName;
  readonly state: IderViewState;
  readonly stateLine: string;
  readonly pathError: string | null;
  readonly progress: IderProgressView | null;
  readonly canStart: boolean;
  readonly booting: boolean;
  readonly onMedia: (media: IderMedia) => void;
  readonly onPath: (path: string) => void;
  readonly onStartMode: (mode: IderStartModeName) => void;
  readonly onStart: () => void;
  readonly onStop: () => void;
  readonly onBoot: () => void;
  /** Files dropped on the panel (while no session is live). */
  readonly onDropFiles: (files: readonly File[]) => void;
}

export function IderPanel(props: IderPanelProps) {
  const { hostName, media, path, startMode, state, stateLine, pathError, progress, canStart, booting } = props;
  const live = state === 'starting' || state === 'active';
  const mediaWord = media === 'floppy' ? 'floppy' : 'CD';
  return (
    <div
      className="ider-pane"
      data-testid="ider-pane"
      onDragOver={(e) => {
        // Only files, and only while the form can change; otherwise the browser's own handling (none) applies.
        if (live || !e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDrop={(e) => {
        e.preventDefault();
        if (!live) props.onDropFiles(Array.from(e.dataTransfer.files));
      }}
    >
      <div className="ider-form">
        <label className="ider-field">
          <span>Image</span>
          <select
            className="input"
            data-testid="ider-media"
            value={media}
            disabled={live}
            onChange={(e) => props.onMedia(e.target.value as IderMedia)}
          >
            {(Object.keys(MEDIA_LABEL) as IderMedia[]).map((m) => (
              <option key={m} value={m}>
                {MEDIA_LABEL[m]}
              </option>
            ))}
          </select>
        </label>
        <label className="ider-field">
          <span>Path on this computer (or drop the image file here)</span>
          <input
            className="input"
            data-testid="ider-path"
            value={path}
            disabled={live}
            spellCheck={false}
            placeholder={media === 'floppy' ? 'e.g. C:\\Images\\diag.img' : 'e.g. C:\\Images\\diag.iso'}
            aria-invalid={pathError !== null}
            onChange={(e) => props.onPath(e.target.value)}
          />
          {pathError !== null && (
            <div className="field-error" role="alert" data-testid="ider-path-error">
              {pathError}
            </div>
          )}
        </label>
        <label className="ider-field">
          <span>Start</span>
          <select
            className="input"
            data-testid="ider-start-mode"
            value={startMode}
            disabled={live}
            onChange={(e) => props.onStartMode(e.target.value as IderStartModeName)}
          >
            {(Object.keys(START_MODE_LABEL) as IderStartModeName[]).map((m) => (
              <option key={m} value={m}>
                {START_MODE_LABEL[m]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="terminal-bar">
        <button
          type="button"
          className="button accent"
          data-testid="ider-boot"
          disabled={!canStart || booting}
          onClick={props.onBoot}
          title={`Serve the image, open the terminal, boot ${hostName ?? 'the client'} once from the ${mediaWord}`}
        >
          <Icon name="restart" /> Boot from the {mediaWord} (SOL)
        </button>
        {live ? (
          <button type="button" className="button" data-testid="ider-stop" onClick={props.onStop}>
            <Icon name="unplug" /> Stop IDE-R
          </button>
        ) : (
          <button
            type="button"
            className="button"
            data-testid="ider-start"
            disabled={!canStart}
            onClick={props.onStart}
          >
            <Icon name="disk" /> Serve only
          </button>
        )}
        <span className="terminal-state" data-testid="ider-state" data-state={state} role="status" aria-live="polite">
          <span className={`state-dot ${STATE_TONE[state]}`} aria-hidden="true" />
          <span className="strong">{hostName ?? 'No client'}</span>
          <span className="muted">{stateLine}</span>
        </span>
      </div>
      {progress !== null && (
        <div className="ider-progress" data-testid="ider-progress">
          <div
            className="progress"
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={iderPercent(progress)}
            aria-valuetext={iderProgressWords(progress)}
          >
            <div className="progress-part part-done" style={{ width: `${iderPercent(progress)}%` }} />
          </div>
          <div data-testid="ider-progress-words">{iderProgressWords(progress)}</div>
          <div className="muted">
            Last command:{' '}
            <span className="mono" data-testid="ider-last-command">
              {progress.lastCommand || '—'}
            </span>{' '}
            · {progress.commands.toLocaleString('en-US')} commands
          </div>
        </div>
      )}
    </div>
  );
}
