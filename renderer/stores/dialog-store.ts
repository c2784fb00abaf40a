// Dialog slice: which modal dialog is open and, for a confirmation, what it is about to do.
import { create } from 'zustand';
import type { ClientId, JobId, PowerAction, RelayId } from '../../shared/domain';
import type { SelectedTargets } from '../model/job-target-selection';

/** What runs again once the user gave consent or turned redirection on (issue 9). */
export type AccessRetry = 'sol' | 'ider' | 'boot-image' | 'boot-bios';

export type DialogState =
  | { readonly open: 'none' }
  | { readonly open: 'add-client' }
  | { readonly open: 'import-csv' }
  | { readonly open: 'discover' }
  | { readonly open: 'credentials' }
  | { readonly open: 'job-defaults' }
  | { readonly open: 'confirm-power'; readonly action: PowerAction; readonly clientIds: readonly ClientId[] }
  | { readonly open: 'confirm-remove'; readonly clientIds: readonly ClientId[] }
  | { readonly open: 'confirm-boot'; readonly target: 'bios'; readonly clientIds: readonly ClientId[] }
  | { readonly open: 'confirm-boot-image'; readonly clientId: ClientId }
  | { readonly open: 'prerequisites-report'; readonly relayId: RelayId | null }
  | { readonly open: 'new-job'; readonly targets: SelectedTargets }
  | { readonly open: 'audit'; readonly jobId: JobId | null }
  | { readonly open: 'consent'; readonly clientId: ClientId; readonly retry: AccessRetry }
  | {
      readonly open: 'enable-redirection';
      readonly clientId: ClientId;
      readonly feature: 'sol' | 'ider';
      /** Main's words naming what is off. */
      readonly words: string;
      readonly retry: AccessRetry;
    };

export function initialDialog(): DialogState {
  return { open: 'none' };
}

export const useDialogStore = create<DialogState>()(() => initialDialog());

// --- actions -----------------------------------------------------------------------------------------
export function openDialog(state: DialogState): void {
  useDialogStore.setState(state, true);
}

export function closeDialog(): void {
  useDialogStore.setState(initialDialog(), true);
}

// --- selectors ---------------------------------------------------------------------------------------
export function selectIsOpen(s: DialogState): boolean {
  return s.open !== 'none';
}
