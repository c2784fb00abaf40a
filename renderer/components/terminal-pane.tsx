// The Serial-over-LAN terminal pane: connect/disconnect, the session's state line, key profile and
// charset, a row of keys a browser cannot type (F1–F12, Esc, Del, Ctrl-Alt-Del) and the screen itself,
// which the view fills with xterm.js through `screenRef`. Props in, callbacks out.
import type { Ref } from 'react';
import type { HostCharset } from '../terminal/host-decoder';
import { KEY_PROFILE_LABEL, type KeyProfile } from '../terminal/keys';
import type { SolViewState } from '../stores/sol-store';
import { Icon } from './icons/icon';

export type SpecialKey = 'Escape' | 'Delete' | 'ctrl-alt-del' | `F${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12}`;

const FUNCTION_KEYS = ['F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8', 'F9', 'F10', 'F11', 'F12'] as const;

export interface TerminalPaneProps {
  readonly hostName: string | null;
  readonly state: SolViewState;
  readonly stateLine: string;
  readonly profile: KeyProfile;
  readonly charset: HostCharset;
  readonly notice: string | null;
  readonly canConnect: boolean;
  /** Keys the profile has no code for (F11/F12 outside VT100+) are shown disabled. */
  readonly hasKey: (key: SpecialKey) => boolean;
  readonly screenRef: Ref<HTMLDivElement>;
  readonly onConnect: () => void;
  readonly onDisconnect: () => void;
  readonly onProfile: (profile: KeyProfile) => void;
  readonly onCharset: (charset: HostCharset) => void;
  readonly onSpecialKey: (key: SpecialKey) => void;
}

const STATE_TONE: Readonly<Record<SolViewState, string>> = {
  idle: 'tone-muted',
  connecting: 'tone-warning',
  open: 'tone-ok',
  closed: 'tone-muted',
  failed: 'tone-error',
};

export function TerminalPane(props: TerminalPaneProps) {
  const { hostName, state, stateLine, profile, charset, notice, canConnect, hasKey, screenRef } = props;
  const live = state === 'connecting' || state === 'open';
  const keysEnabled = state === 'open';
  return (
    <div className="terminal-pane" data-testid="terminal-pane">
      <div className="terminal-bar">
        {live ? (
          <button
            type="button"
            className="button"
            data-testid="terminal-connect"
            data-action="disconnect"
            onClick={props.onDisconnect}
          >
            <Icon name="unplug" /> Disconnect
          </button>
        ) : (
          <button
            type="button"
            className="button accent"
            data-testid="terminal-connect"
            data-action="connect"
            disabled={!canConnect}
            onClick={props.onConnect}
          >
            <Icon name="plug" /> Connect
          </button>
        )}
        <span
          className="terminal-state"
          data-testid="terminal-state"
          data-state={state}
          role="status"
          aria-live="polite"
        >
          <span className={`state-dot ${STATE_TONE[state]}`} aria-hidden="true" />
          <span className="strong">{hostName ?? 'No client'}</span>
          <span className="muted">{stateLine}</span>
        </span>
        <div className="toolbar-spacer" />
        <label className="terminal-select">
          <span className="muted">Keys</span>
          <select
            data-testid="key-profile"
            value={profile}
            onChange={(e) => props.onProfile(e.target.value as KeyProfile)}
          >
            {(Object.keys(KEY_PROFILE_LABEL) as KeyProfile[]).map((p) => (
              <option key={p} value={p}>
                {KEY_PROFILE_LABEL[p]}
              </option>
            ))}
          </select>
        </label>
        <label className="terminal-select">
          <span className="muted">Charset</span>
          <select
            data-testid="charset"
            value={charset}
            onChange={(e) => props.onCharset(e.target.value as HostCharset)}
          >
            <option value="cp437">CP437 (PC-ANSI)</option>
            <option value="utf-8">UTF-8 (VT-UTF8)</option>
          </select>
        </label>
      </div>
      <div className="terminal-keys" role="toolbar" aria-label="Special keys" data-testid="terminal-keys">
        <Icon name="keyboard" className="tone-muted" />
        <KeyButton label="Esc" keyName="Escape" enabled={keysEnabled} onSpecialKey={props.onSpecialKey} />
        {FUNCTION_KEYS.map((k) => (
          <KeyButton
            key={k}
            label={k}
            keyName={k}
            enabled={keysEnabled && hasKey(k)}
            onSpecialKey={props.onSpecialKey}
          />
        ))}
        <KeyButton label="Del" keyName="Delete" enabled={keysEnabled} onSpecialKey={props.onSpecialKey} />
        <div className="toolbar-spacer" />
        <button
          type="button"
          className="key-button danger"
          data-testid="key-ctrl-alt-del"
          disabled={!keysEnabled}
          title="Sends ESC R ESC r ESC R, the serial-console warm reset most redirection BIOSes follow"
          onClick={() => props.onSpecialKey('ctrl-alt-del')}
        >
          Ctrl-Alt-Del
        </button>
      </div>
      <div className="terminal-frame">
        <div className="terminal-screen" data-testid="terminal-screen" ref={screenRef} />
        {notice !== null && (
          <div className="terminal-notice" role="status" data-testid="terminal-notice">
            <Icon name="info" /> {notice}
          </div>
        )}
      </div>
    </div>
  );
}

function KeyButton({
  label,
  keyName,
  enabled,
  onSpecialKey,
}: {
  label: string;
  keyName: SpecialKey;
  enabled: boolean;
  onSpecialKey: (key: SpecialKey) => void;
}) {
  return (
    <button
      type="button"
      className="key-button"
      data-testid={`key-${keyName}`}
      disabled={!enabled}
      onClick={() => onSpecialKey(keyName)}
    >
      {label}
    </button>
  );
}
