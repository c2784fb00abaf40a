// The command bar wired to the selection: every command acts on the selected clients.
import { useShallow } from 'zustand/react/shallow';
import { Toolbar } from '../components/toolbar';
import { powerMenuEntries, runCommand } from '../commands/run-command';
import { selectSelectedClientIds, useSelectionStore } from '../stores/selection-store';

export function ToolbarView() {
  const ids = useSelectionStore(useShallow(selectSelectedClientIds));
  return <Toolbar selectedClientCount={ids.length} powerMenu={powerMenuEntries(false)} onCommand={(id) => runCommand(id, ids)} />;
}
