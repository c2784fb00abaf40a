// Every contract channel bound to its handler: adding a channel to shared/ipc/contract.ts without a
// handler here is a type error.

import type { Handlers } from '../router';
import type { ApiDeps } from './api-deps';
import { clientDetails, refreshClients } from './client-reading-handlers';
import { auditRetention, exportAuditCsv, listAudit, setAuditRetention } from './audit-handlers';
import {
  addClient,
  addRelay,
  discover,
  fleetSnapshot,
  importCsv,
  listProfiles,
  removeClients,
  removeProfile,
  renameRelay,
  setLegacyTls,
  setProfile,
} from './fleet-handlers';
import {
  cancelJob,
  createJob,
  exportJobCsv,
  getJob,
  jobDefaults,
  jobTargets,
  listJobs,
  retryFailed,
  setJobDefaults,
} from './job-handlers';
import { bootClients } from './boot-handlers';
import { powerAction } from './power-handlers';
import { storeHostIds } from './host-id-handlers';
import { eligibility, report } from './eligibility-handlers';
import { closeSol, openSol, sendSol } from './sol-handlers';
import { startIder, stopIder } from './ider-handlers';
import { cancelClientConsent, sendClientConsentCode, startClientConsent } from './consent-handlers';
import { enableClientRedirection } from './redirection-handlers';
import { relayEnrolCode, relayLinks, relayRevoke } from './relay-handlers';

export function createHandlers(deps: ApiDeps): Handlers {
  return {
    'fleet:snapshot': () => fleetSnapshot(deps),
    'clients:add': (request) => addClient(deps, request),
    'clients:remove': (request) => removeClients(deps, request),
    'clients:import-csv': (request) => importCsv(deps, request),
    'clients:discover': (request) => discover(deps, request),
    'clients:refresh': (request) => refreshClients(deps, request),
    'clients:details': (request) => clientDetails(deps, request),
    'clients:store-host-id': (request) => storeHostIds(deps, request),
    'fleet:eligibility': () => eligibility(deps),
    'fleet:prerequisites-report': (request) => report(deps, request),
    'clients:set-legacy-tls': (request) => setLegacyTls(deps, request),
    'power:action': (request) => powerAction(deps, request),
    'relays:add': (request) => addRelay(deps, request),
    'relays:links': () => relayLinks(deps),
    'relays:enrol-code': (request) => relayEnrolCode(deps, request),
    'relays:revoke': (request) => relayRevoke(deps, request),
    'relays:rename': (request) => renameRelay(deps, request),
    'profiles:list': () => listProfiles(deps),
    'profiles:set': (request) => setProfile(deps, request),
    'profiles:remove': (request) => removeProfile(deps, request),
    'audit:list': (request) => listAudit(deps, request),
    'audit:export-csv': (request) => exportAuditCsv(deps, request),
    'audit:retention': () => auditRetention(deps),
    'audit:set-retention': (request) => setAuditRetention(deps, request),
    'jobs:create': (request) => createJob(deps, request),
    'jobs:list': () => listJobs(deps),
    'jobs:get': (request) => getJob(deps, request),
    'jobs:targets': (request) => jobTargets(deps, request),
    'jobs:cancel': (request) => cancelJob(deps, request),
    'jobs:retry-failed': (request) => retryFailed(deps, request),
    'jobs:export-csv': (request) => exportJobCsv(deps, request),
    'jobs:defaults': () => jobDefaults(deps),
    'jobs:set-defaults': (request) => setJobDefaults(deps, request),
    'clients:boot': (request) => bootClients(deps, request),
    'sol:open': (request, context) => openSol(deps, request, context),
    'sol:send': (request, context) => sendSol(deps, request, context),
    'sol:close': (request, context) => closeSol(deps, request, context),
    'ider:start': (request, context) => startIder(deps, request, context),
    'ider:stop': (request, context) => stopIder(deps, request, context),
    'consent:start': (request) => startClientConsent(deps, request),
    'consent:send-code': (request) => sendClientConsentCode(deps, request),
    'consent:cancel': (request) => cancelClientConsent(deps, request),
    'redirection:enable': (request) => enableClientRedirection(deps, request),
  };
}
