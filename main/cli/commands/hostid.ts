// `amtctl hostid init|show|clear` (mission M4; the product's `dcmamtin {/f file | /H host | /I ip}`): the host ID
// in each client's AMT Third Party Data Storage. init keeps a valid stored ID and writes a new one only where the
// console's block is missing or blank; it never overwrites garbage, another application's data or a block of the
// wrong size (those clients fail with the reason, and `hostid clear` is the way to reset them).

import type { HostId } from '../../../shared/domain';
import { clearHostId, newHostId, readStoredHostId, writeHostId, type StoredHostId } from '../../fleet/index';
import type { HostIdVerb } from '../args';
import type { HostCommand } from '../host-command';

export interface HostIdResult {
  readonly hostId: HostId | undefined;
  /** init: 'written' or 'kept'; show: the stored state; clear: 'cleared' or 'nothing stored'. */
  readonly result: string;
}

const STATE_WORDS: Readonly<Record<Exclude<StoredHostId['state'], 'unusable'>, string>> = {
  stored: 'stored',
  blank: 'blank block (no host ID)',
  'no-block': 'no host ID stored',
};

function shown(stored: StoredHostId): HostIdResult {
  if (stored.state === 'unusable') throw stored.error;
  return { hostId: stored.state === 'stored' ? stored.hostId : undefined, result: STATE_WORDS[stored.state] };
}

export function hostIdCommand(verb: HostIdVerb, generate: () => HostId = newHostId): HostCommand<HostIdResult> {
  const run: HostCommand<HostIdResult>['run'] = async (session) => {
    if (verb === 'show') return shown(await readStoredHostId(session.client));
    if (verb === 'clear')
      return { hostId: undefined, result: (await clearHostId(session.client)) ? 'cleared' : 'nothing stored' };
    const stored = await readStoredHostId(session.client);
    if (stored.state === 'unusable') throw stored.error;
    if (stored.state === 'stored') return { hostId: stored.hostId, result: 'kept (already initialised)' };
    const hostId = generate();
    await writeHostId(session.client, hostId);
    return { hostId, result: 'written' };
  };
  return {
    headers: verb === 'clear' ? ['RESULT'] : ['HOST ID', 'RESULT'],
    run,
    toJson: (r) => ({ hostId: r.hostId ?? null, result: r.result }),
    toCells: (r) => (verb === 'clear' ? [r.result] : [r.hostId ?? '-', r.result]),
  };
}
