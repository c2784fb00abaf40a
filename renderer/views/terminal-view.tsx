// The terminal pane wired to the SOL slice and commands: owns one SolTerminal (xterm.js) for as long as
// the pane is mounted, feeds it host bytes from the sol:data sink and sends its keys with sol:send.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ClientId } from '../../shared/domain';
import { attachSolSink, closeSol, openSol, sendSol } from '../commands/sol-command';
import { TerminalPane, type SpecialKey } from '../components/terminal-pane';
import { useFleetStore } from '../stores/fleet-store';
import { selectIsLive, selectStateLine, setCharset, setKeyProfile, useSolStore } from '../stores/sol-store';
import type { FlowStatus } from '../terminal/flow';
import { asciiBytes, bytesForKey, CTRL_ALT_DEL_SEQUENCE, profileKeyText } from '../terminal/keys';
import { SolTerminal } from '../terminal/sol-terminal';

function noticeOf(status: FlowStatus): string | null {
  if (status.skippedChars > 0)
    return `The host sent output faster than it could be drawn; ${status.skippedChars.toLocaleString()} characters were skipped.`;
  if (status.behind) return 'Catching up with the host’s output…';
  return null;
}

/** `selectedId`: the one selected client, the terminal's client when no session is live. */
export function TerminalView({ selectedId }: { selectedId: ClientId | null }) {
  const sol = useSolStore((s) => s);
  const live = selectIsLive(sol);
  const clientId = live ? sol.clientId : (selectedId ?? sol.clientId);
  const hostName = useFleetStore((s) => (clientId === null ? null : (s.clientsById.get(clientId)?.hostName ?? null)));
  const [notice, setNotice] = useState<string | null>(null);
  const terminalRef = useRef<SolTerminal | null>(null);
  const screenRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const host = screenRef.current;
    if (host === null) return;
    const s = useSolStore.getState();
    const terminal = new SolTerminal(host, {
      profile: s.profile,
      charset: s.charset,
      onKeyBytes: sendSol,
      onFlowStatus: (status) => setNotice(noticeOf(status)),
    });
    terminalRef.current = terminal;
    const detach = attachSolSink((data) => terminal.write(data));
    return () => {
      detach();
      terminal.dispose();
      terminalRef.current = null;
    };
  }, []);

  useEffect(() => terminalRef.current?.setProfile(sol.profile), [sol.profile]);
  useEffect(() => terminalRef.current?.setCharset(sol.charset), [sol.charset]);
  // A new session starts on a clean screen.
  useEffect(() => {
    if (sol.state === 'connecting') {
      terminalRef.current?.clear();
      setNotice(null);
    }
    if (sol.state === 'open') terminalRef.current?.focus();
  }, [sol.state, sol.clientId]);

  const onSpecialKey = useCallback((key: SpecialKey) => {
    const { profile, charset } = useSolStore.getState();
    const bytes =
      key === 'ctrl-alt-del'
        ? asciiBytes(CTRL_ALT_DEL_SEQUENCE)
        : bytesForKey({ key, ctrlKey: false, altKey: false, metaKey: false }, profile, charset);
    if (bytes !== null) sendSol(bytes);
    terminalRef.current?.focus();
  }, []);

  return (
    <TerminalPane
      hostName={hostName}
      state={sol.state}
      stateLine={clientId === null ? 'Select one client to open its serial console' : selectStateLine(sol)}
      profile={sol.profile}
      charset={sol.charset}
      notice={notice}
      canConnect={clientId !== null}
      hasKey={(key) =>
        key === 'ctrl-alt-del' || key === 'Escape' || key === 'Delete' || profileKeyText(sol.profile, key) !== null
      }
      screenRef={screenRef}
      onConnect={() => {
        if (clientId !== null) void openSol(clientId);
      }}
      onDisconnect={() => void closeSol()}
      onProfile={setKeyProfile}
      onCharset={setCharset}
      onSpecialKey={onSpecialKey}
    />
  );
}
