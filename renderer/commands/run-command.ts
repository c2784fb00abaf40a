// Toolbar, context-menu and keyboard commands by id, so every entry point does the same thing.
// Power commands are `power-<action>` (see POWER_ACTIONS in shared/domain/power.ts).
import { isPowerAction, POWER_ACTIONS, type ClientId, type PowerAction } from '../../shared/domain';
import type { MenuEntry } from '../components/menu';
import type { IconName } from '../components/icons/icon';
import { openDialog } from '../stores/dialog-store';
import { showPaneTab } from '../stores/sol-store';
import { openNewJobForSelection } from './job-command';
import { refreshClients, requestPowerAction, storeHostIds } from './power-command';
import { requestBootToBios } from './sol-command';

const POWER_ORDER: readonly PowerAction[] = [
  'on',
  'soft-off',
  'graceful-reset',
  'off',
  'reset',
  'cycle',
  'sleep',
  'hibernate',
];

const POWER_ICON: Readonly<Record<PowerAction, IconName>> = {
  on: 'power-on',
  off: 'power',
  'soft-off': 'shutdown',
  reset: 'reset',
  'graceful-reset': 'restart',
  cycle: 'cycle',
  sleep: 'sleep',
  hibernate: 'hibernate',
};

const ACTION_LABEL: Readonly<Record<string, string>> = {
  refresh: 'Refresh',
  remove: 'Remove',
  'boot-bios': 'Boot to BIOS (SOL)',
  'boot-ider': 'Boot from the redirected image (SOL)',
  'store-host-id': 'Store host ID',
  ...Object.fromEntries(Object.entries(POWER_ACTIONS).map(([k, v]) => [k, v.label])),
};

export function actionLabelOf(action: string): string {
  return ACTION_LABEL[action] ?? action;
}

export function powerMenuEntries(disabled: boolean): MenuEntry[] {
  const entries: MenuEntry[] = [];
  POWER_ORDER.forEach((action, i) => {
    if (i === 3 || i === 6) entries.push({ kind: 'separator' });
    const spec = POWER_ACTIONS[action];
    entries.push({
      kind: 'item',
      id: `power-${action}`,
      label: spec.label,
      icon: POWER_ICON[action],
      disabled,
      danger: spec.destructive,
      tone: action === 'on' ? 'tone-ok' : undefined,
      hint: spec.needsOs ? 'needs OS' : undefined,
    });
  });
  return entries;
}

export function runCommand(id: string, selected: readonly ClientId[]): void {
  if (id === 'add-client' || id === 'import-csv' || id === 'discover' || id === 'credentials') {
    openDialog({ open: id });
    return;
  }
  if (id === 'new-job') {
    openNewJobForSelection();
    return;
  }
  if (id === 'refresh') {
    void refreshClients(selected);
    return;
  }
  if (id === 'store-host-id') {
    void storeHostIds(selected);
    return;
  }
  if (id === 'boot-bios') {
    requestBootToBios(selected);
    return;
  }
  if (id === 'terminal') {
    showPaneTab('terminal');
    return;
  }
  if (id === 'remove') {
    if (selected.length > 0) openDialog({ open: 'confirm-remove', clientIds: selected });
    return;
  }
  const action = id.startsWith('power-') ? id.slice('power-'.length) : '';
  if (isPowerAction(action)) requestPowerAction(action, selected);
}
