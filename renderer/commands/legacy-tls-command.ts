// Turns a client's old-TLS setting on or off (clients:set-legacy-tls). Main answers with the changed client
// and also pushes client:changed; the reply is applied at once so the pane does not wait for the event batch.
import type { ClientId } from '../../shared/domain';
import { amtApi } from '../api/amt-api';
import { errorWordsOf } from '../model/error-words';
import { applyClientsChanged } from '../stores/fleet-store';

/** Resolves with null on success, else the words of why the setting did not change. */
export async function setLegacyTls(id: ClientId, enabled: boolean): Promise<string | null> {
  try {
    const { clients } = await amtApi().clientsSetLegacyTls({ ids: [id], enabled });
    applyClientsChanged(clients);
    return null;
  } catch (error) {
    return errorWordsOf(error);
  }
}
