// Whichever dialog the dialog slice says is open, wired to window.amt through the stores and commands.
import { useState } from 'react';
import { POWER_ACTIONS, type ClientId } from '../../shared/domain';
import { AddClientDialog } from '../components/add-client-dialog';
import { AuditDialog } from '../components/audit-dialog';
import { JobFormDialog } from '../components/job-form-dialog';
import { ConfirmDialog } from '../components/confirm-dialog';
import { DiscoverDialog } from '../components/discover-dialog';
import { ImportCsvDialog } from '../components/import-csv-dialog';
import { PrerequisitesReportDialog } from '../components/prerequisites-report-dialog';
import { CredentialsDialog } from '../components/credentials-dialog';
import { JobDefaultsDialog } from '../components/job-defaults-dialog';
import { Icon } from '../components/icons/icon';
import { amtApi } from '../api/amt-api';
import { removeClients, runPowerAction } from '../commands/power-command';
import { openSol, runBootToBios } from '../commands/sol-command';
import { runBootFromImage, startIderFor } from '../commands/ider-command';
import { giveConsentCode, showConsentCode, turnOnRedirection, withdrawConsentCode } from '../commands/access-command';
import { ConsentDialog } from '../components/consent-dialog';
import { EnableRedirectionDialog } from '../components/enable-redirection-dialog';
import { mediaWords, useIderStore } from '../stores/ider-store';
import { exportAuditCsv, loadAudit, loadAuditRetention, saveAuditRetention } from '../commands/audit-command';
import { createJob, saveJobDefaults } from '../commands/job-command';
import { newestFirst, useJobsStore } from '../stores/jobs-store';
import { errorWordsOf } from '../model/error-words';
import { loadProfiles, removeProfile, saveProfile } from '../commands/credentials-command';
import { selectSelectedClientIds, useSelectionStore } from '../stores/selection-store';
import { useShallow } from 'zustand/react/shallow';
import { loadActivity } from '../stores/activity-store';
import { closeDialog, useDialogStore, type AccessRetry } from '../stores/dialog-store';
import { loadFleet, useFleetStore } from '../stores/fleet-store';

async function loadReport(relayId: Parameters<ReturnType<typeof amtApi>['fleetPrerequisitesReport']>[0]['relayId']) {
  try {
    return await amtApi().fleetPrerequisitesReport({ relayId });
  } catch (error) {
    return errorWordsOf(error);
  }
}

/** The action that needed consent or redirection turned on, run again (issue 9). */
function retryAccess(retry: AccessRetry, clientId: ClientId): void {
  closeDialog();
  if (retry === 'sol') void openSol(clientId);
  else if (retry === 'ider') void startIderFor(clientId);
  else if (retry === 'boot-image') void runBootFromImage(clientId);
  else void runBootToBios([clientId]);
}

export function DialogsView() {
  const dialog = useDialogStore((s) => s);
  const relays = useFleetStore((s) => s.relays);
  const clients = useFleetStore((s) => s.clientsById);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const jobDefaults = useJobsStore((s) => s.defaults);
  const jobsById = useJobsStore((s) => s.jobsById);
  const selectedIds = useSelectionStore(useShallow(selectSelectedClientIds));

  switch (dialog.open) {
    case 'none':
      return null;
    case 'prerequisites-report':
      return <PrerequisitesReportDialog relayId={dialog.relayId} load={loadReport} onClose={closeDialog} />;
    case 'job-defaults':
      return jobDefaults === null ? null : (
        <JobDefaultsDialog defaults={jobDefaults} onSave={saveJobDefaults} onClose={closeDialog} />
      );
    case 'credentials':
      return (
        <CredentialsDialog
          relays={relays}
          selectedClient={selectedIds.length === 1 ? (clients.get(selectedIds[0] as ClientId) ?? null) : null}
          clientNameOf={(id) => clients.get(id as ClientId)?.hostName}
          load={loadProfiles}
          onSave={saveProfile}
          onRemove={removeProfile}
          onClose={closeDialog}
        />
      );
    case 'add-client':
      return (
        <AddClientDialog
          relays={relays}
          onClose={closeDialog}
          onSubmit={async (request) => {
            try {
              await amtApi().clientsAdd(request);
              void loadFleet();
              return null;
            } catch (error) {
              return errorWordsOf(error);
            }
          }}
        />
      );
    case 'import-csv':
      return (
        <ImportCsvDialog
          relays={relays}
          onClose={closeDialog}
          onImport={async (csv, relayId) => {
            try {
              const result = await amtApi().clientsImportCsv({ csv, relayId });
              void loadFleet();
              return result;
            } catch (error) {
              return errorWordsOf(error);
            }
          }}
        />
      );
    case 'discover':
      return (
        <DiscoverDialog
          relays={relays}
          onClose={closeDialog}
          onDiscover={async (range, relayId) => {
            try {
              const result = await amtApi().clientsDiscover({ range, relayId });
              void loadFleet();
              return result;
            } catch (error) {
              return errorWordsOf(error);
            }
          }}
        />
      );
    case 'new-job':
      // The defaults come from the settings; the form waits for them (openNewJobForSelection asks).
      if (jobDefaults === null) return null;
      return (
        <JobFormDialog
          targets={dialog.targets}
          defaults={jobDefaults}
          now={() => new Date()}
          onClose={closeDialog}
          onCreate={async (spec) => {
            const outcome = await createJob(spec);
            return outcome.ok ? null : { words: outcome.words, errors: outcome.errors };
          }}
        />
      );
    case 'audit':
      return (
        <AuditDialog
          jobs={newestFirst(jobsById)}
          initialJobId={dialog.jobId}
          load={loadAudit}
          exportCsv={exportAuditCsv}
          loadRetention={loadAuditRetention}
          saveRetention={saveAuditRetention}
          onClose={closeDialog}
        />
      );
    case 'confirm-power': {
      const spec = POWER_ACTIONS[dialog.action];
      const names = dialog.clientIds.map((id) => clients.get(id)?.hostName ?? `Client ${id}`);
      const n = names.length;
      return (
        <ConfirmDialog
          testId="confirm-power-dialog"
          title={`${spec.label}?`}
          message={`${spec.label} on ${n === 1 ? 'this client' : `these ${n.toLocaleString()} clients`}. Unsaved work on ${n === 1 ? 'it' : 'them'} will be lost.`}
          confirmLabel={spec.label}
          targets={names}
          onCancel={closeDialog}
          onConfirm={() => {
            const { action, clientIds } = dialog;
            closeDialog();
            void runPowerAction(action, clientIds, true);
          }}
        />
      );
    }
    case 'confirm-boot': {
      const names = dialog.clientIds.map((id) => clients.get(id)?.hostName ?? `Client ${id}`);
      const n = names.length;
      return (
        <ConfirmDialog
          testId="confirm-boot-dialog"
          title="Boot to BIOS setup?"
          message={`${n === 1 ? 'This client restarts' : `These ${n.toLocaleString()} clients restart`} into BIOS setup once, with the BIOS console on Serial-over-LAN${n === 1 ? '; the terminal opens when it is ready' : ''}. A running operating system is reset: unsaved work will be lost.`}
          confirmLabel="Boot to BIOS"
          targets={names}
          onCancel={closeDialog}
          onConfirm={() => {
            const ids = dialog.clientIds;
            closeDialog();
            void runBootToBios(ids);
          }}
        />
      );
    }
    case 'confirm-boot-image': {
      const name = clients.get(dialog.clientId)?.hostName ?? `Client ${dialog.clientId}`;
      const what = mediaWords(useIderStore.getState().media);
      return (
        <ConfirmDialog
          testId="confirm-boot-image-dialog"
          title={`Boot from the redirected ${what}?`}
          message={`This client restarts once from the ${what} image served over IDE-R, with its console in the terminal; the boot after is the normal one. A running operating system is reset: unsaved work will be lost.`}
          confirmLabel={`Boot from the ${what}`}
          targets={[name]}
          onCancel={closeDialog}
          onConfirm={() => {
            const id = dialog.clientId;
            closeDialog();
            void runBootFromImage(id);
          }}
        />
      );
    }
    case 'consent': {
      const { clientId, retry } = dialog;
      return (
        <ConsentDialog
          key={`${clientId}-${retry}`}
          hostName={clients.get(clientId)?.hostName ?? `Client ${clientId}`}
          showCode={() => showConsentCode(clientId)}
          submit={(code) => giveConsentCode(clientId, code)}
          onDone={() => retryAccess(retry, clientId)}
          onCancel={() => {
            withdrawConsentCode(clientId);
            closeDialog();
          }}
        />
      );
    }
    case 'enable-redirection': {
      const { clientId, retry, feature, words } = dialog;
      return (
        <EnableRedirectionDialog
          hostName={clients.get(clientId)?.hostName ?? `Client ${clientId}`}
          feature={feature}
          words={words}
          turnOn={() => turnOnRedirection(clientId, feature)}
          onContinue={() => retryAccess(retry, clientId)}
          onCancel={closeDialog}
        />
      );
    }
    case 'confirm-remove': {
      const names = dialog.clientIds.map((id) => clients.get(id)?.hostName ?? `Client ${id}`);
      return (
        <>
          <ConfirmDialog
            testId="confirm-remove-dialog"
            title="Remove from the console?"
            message={`The console forgets ${names.length === 1 ? 'this client' : `these ${names.length.toLocaleString()} clients`}. Nothing is changed on the PCs themselves.`}
            confirmLabel="Remove"
            targets={names}
            onCancel={() => {
              setRemoveError(null);
              closeDialog();
            }}
            onConfirm={() => {
              const ids = dialog.clientIds;
              void removeClients(ids).then((failed) => {
                setRemoveError(failed);
                if (failed === null) {
                  closeDialog();
                  void loadActivity();
                }
              });
            }}
          />
          {removeError !== null && (
            <div className="toast error" role="alert">
              <Icon name="error" className="tone-error" /> {removeError}
            </div>
          )}
        </>
      );
    }
  }
}
