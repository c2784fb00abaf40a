// The command bar wired to the selection: every command acts on the selected clients.
import { useShallow } from 'zustand/react/shallow';
import { Toolbar } from '../components/toolbar';
import { powerMenuEntries, runCommand } from '../commands/run-command';
import { selectSelectedClientIds, useSelectionStore } from '../stores/selection-store';

export function ToolbarView() {
  const ids = useSelectionStore(useShallow(selectSelectedClientIds));
  const rows = useSelectionStore((s) => s.selected.size);
  return (
    <Toolbar
      selectedClientCount={ids.length}
      selectedRowCount={rows}
      powerMenu={powerMenuEntries(false)}
      onCommand={(id) => runCommand(id, ids)}
    />
  );
}
