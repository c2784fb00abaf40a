// The command bar above the panes: icon-and-text buttons for adding clients and for actions on the
// selected clients; the rarer power actions sit behind the "More power" drop-down.
import { useRef, useState } from 'react';
import { Icon, type IconName } from './icons/icon';
import { Menu, type MenuEntry } from './menu';

export interface ToolbarProps {
  readonly selectedClientCount: number;
  /** Rows selected of any kind: a relay alone is a job's whole subtree. */
  readonly selectedRowCount: number;
  readonly powerMenu: readonly MenuEntry[];
  readonly onCommand: (id: string) => void;
}

interface ButtonSpec {
  readonly id: string;
  readonly label: string;
  readonly icon: IconName;
  readonly needsSelection: boolean;
  readonly tone?: string;
  readonly title: string;
  readonly testId?: string;
}

const LEFT: readonly ButtonSpec[] = [
  {
    id: 'add-client',
    label: 'Add client',
    icon: 'add',
    needsSelection: false,
    title: 'Add one client by host name and address',
  },
  {
    id: 'import-csv',
    label: 'Import CSV',
    icon: 'import',
    needsSelection: false,
    title: 'Import clients from a CSV file',
  },
  {
    id: 'discover',
    label: 'Discover',
    icon: 'discover',
    needsSelection: false,
    title: 'Scan an address range for AMT',
  },
  {
    id: 'credentials',
    label: 'Credentials',
    icon: 'key',
    needsSelection: false,
    title: 'AMT credentials: the default, per relay subtree and per client',
  },
];
const RIGHT: readonly ButtonSpec[] = [
  {
    id: 'refresh',
    label: 'Refresh',
    icon: 'refresh',
    needsSelection: true,
    title: 'Read the power state of the selected clients again',
  },
  {
    id: 'power-on',
    label: 'Power on',
    icon: 'power-on',
    needsSelection: true,
    tone: 'tone-ok',
    title: 'Power on the selected clients',
  },
  {
    id: 'power-soft-off',
    label: 'Shut down',
    icon: 'shutdown',
    needsSelection: true,
    title: 'Shut the operating system down (asks first)',
  },
  {
    id: 'power-graceful-reset',
    label: 'Restart',
    icon: 'restart',
    needsSelection: true,
    title: 'Restart the operating system (asks first)',
  },
];

export function Toolbar({ selectedClientCount, selectedRowCount, powerMenu, onCommand }: ToolbarProps) {
  const [menuAt, setMenuAt] = useState<{ x: number; y: number } | null>(null);
  const moreRef = useRef<HTMLButtonElement>(null);
  const none = selectedClientCount === 0;

  const button = (b: ButtonSpec) => (
    <button
      key={b.id}
      type="button"
      className="tool-button"
      data-testid={b.testId ?? `toolbar-${b.id}`}
      disabled={b.needsSelection && none}
      title={b.title}
      onClick={() => onCommand(b.id)}
    >
      <Icon name={b.icon} className={b.tone} sizePx={16} />
      <span>{b.label}</span>
    </button>
  );

  return (
    <div className="toolbar" role="toolbar" aria-label="Commands" data-testid="toolbar">
      {LEFT.map(button)}
      <div className="toolbar-separator" role="separator" />
      {RIGHT.map(button)}
      <button
        ref={moreRef}
        type="button"
        className="tool-button"
        data-testid="toolbar-power-menu"
        aria-haspopup="menu"
        aria-expanded={menuAt !== null}
        disabled={none}
        title="All power actions"
        onClick={() => {
          const box = moreRef.current?.getBoundingClientRect();
          setMenuAt(box === undefined ? { x: 0, y: 0 } : { x: box.left, y: box.bottom + 2 });
        }}
      >
        <Icon name="power" sizePx={16} />
        <span>More power</span>
        <Icon name="caret-down" sizePx={12} />
      </button>
      <div className="toolbar-separator" role="separator" />
      {button({
        id: 'store-host-id',
        label: 'Store host ID',
        icon: 'client',
        needsSelection: true,
        testId: 'store-host-id',
        title:
          "Write each selected client's host ID into its AMT storage (restored or regenerated as registration does)",
      })}
      {button({
        id: 'boot-bios',
        label: 'Boot to BIOS',
        icon: 'bios',
        needsSelection: true,
        testId: 'boot-bios',
        title: 'Restart into BIOS setup with its console on Serial-over-LAN, then open the terminal (asks first)',
      })}
      <div className="toolbar-separator" role="separator" />
      <button
        type="button"
        className="tool-button"
        data-testid="toolbar-new-job"
        disabled={selectedRowCount === 0}
        title="Create a job (power on, collect information, …) for the selected clients or whole relay subtrees"
        onClick={() => onCommand('new-job')}
      >
        <Icon name="clock" sizePx={16} />
        <span>New job for selected…</span>
      </button>
      <div className="toolbar-separator" role="separator" />
      {button({
        id: 'remove',
        label: 'Remove',
        icon: 'remove',
        needsSelection: true,
        title: 'Remove the selected clients from the console (asks first)',
      })}
      <div className="toolbar-spacer" />
      <span className="toolbar-selection" data-testid="selection-count" aria-live="polite">
        {none ? 'No clients selected' : `${selectedClientCount.toLocaleString()} selected`}
      </span>
      {menuAt !== null && (
        <Menu
          entries={powerMenu}
          xPx={menuAt.x}
          yPx={menuAt.y}
          label="Power actions"
          testId="power-menu"
          onPick={onCommand}
          onClose={() => setMenuAt(null)}
        />
      )}
    </div>
  );
}
