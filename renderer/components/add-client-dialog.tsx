// "Add client": host name and address are required; the rest is optional and can come later from CSV
// or discovery. Main validates again; its words are shown under the form.
import { useState } from 'react';
import { normaliseClientAddress, type Relay, type RelayId } from '../../shared/domain';
import type { RequestOf } from '../../shared/ipc';
import { Dialog } from './dialog';
import { Icon } from './icons/icon';
import { RelaySelect } from './relay-select';

export interface AddClientDialogProps {
  readonly relays: readonly Relay[];
  /** Resolves to null on success or the words of why it failed. */
  readonly onSubmit: (request: RequestOf<'clients:add'>) => Promise<string | null>;
  readonly onClose: () => void;
}

/** The words of why the typed address is refused (the same rule main applies), or null. */
function addressError(ip: string): string | null {
  try {
    normaliseClientAddress(ip);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export function AddClientDialog({ relays, onSubmit, onClose }: AddClientDialogProps) {
  const [hostName, setHostName] = useState('');
  const [ip, setIp] = useState('');
  const [mac, setMac] = useState('');
  const [amtPort, setAmtPort] = useState('');
  const [os, setOs] = useState('');
  const [amtVersion, setAmtVersion] = useState('');
  const [relayId, setRelayId] = useState<RelayId | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const portNumber = amtPort.trim() === '' ? null : Number(amtPort);
  const portBad = portNumber !== null && !(Number.isInteger(portNumber) && portNumber >= 1 && portNumber <= 65535);
  const ipError = ip.trim() === '' ? null : addressError(ip);
  const canSubmit = hostName.trim() !== '' && ip.trim() !== '' && ipError === null && !portBad && !busy;

  const submit = async (e: React.FormEvent): Promise<void> => {
    e.preventDefault();
    if (!canSubmit) return;
    setBusy(true);
    setError(null);
    const opt = (v: string): string | null => (v.trim() === '' ? null : v.trim());
    const failed = await onSubmit({
      hostName: hostName.trim(),
      ip: ip.trim(),
      amtPort: portNumber,
      mac: opt(mac),
      os: opt(os),
      amtVersion: opt(amtVersion),
      relayId,
    });
    setBusy(false);
    if (failed === null) onClose();
    else setError(failed);
  };

  return (
    <Dialog
      title="Add client"
      testId="add-client-dialog"
      onClose={onClose}
      footer={
        <>
          <button
            type="submit"
            form="add-client-form"
            className="button accent"
            data-testid="add-client-submit"
            disabled={!canSubmit}
          >
            {busy ? 'Adding…' : 'Add'}
          </button>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        </>
      }
    >
      <form id="add-client-form" className="form-grid" onSubmit={(e) => void submit(e)}>
        <label htmlFor="ac-host">Host name</label>
        <input
          id="ac-host"
          className="input"
          data-autofocus
          data-testid="add-client-host"
          value={hostName}
          onChange={(e) => setHostName(e.target.value)}
          required
          maxLength={255}
        />
        <label htmlFor="ac-ip">IP address</label>
        <div>
          <input
            id="ac-ip"
            className="input mono"
            data-testid="add-client-ip"
            value={ip}
            onChange={(e) => setIp(e.target.value)}
            required
            maxLength={255}
            placeholder="192.168.1.20 or fd00::20"
            aria-invalid={ipError !== null}
          />
          {ipError !== null && (
            <div className="field-error" role="alert" data-testid="add-client-ip-error">
              {ipError}
            </div>
          )}
        </div>
        <label htmlFor="ac-port">AMT port</label>
        <div>
          <input
            id="ac-port"
            className="input mono narrow"
            value={amtPort}
            onChange={(e) => setAmtPort(e.target.value)}
            placeholder="16993"
            aria-invalid={portBad}
            inputMode="numeric"
          />
          {portBad && <div className="field-error">A port is a whole number from 1 to 65535.</div>}
        </div>
        <label htmlFor="ac-mac">MAC address</label>
        <input
          id="ac-mac"
          className="input mono"
          value={mac}
          onChange={(e) => setMac(e.target.value)}
          maxLength={255}
          placeholder="a4:ae:11:1c:02:4d"
        />
        <label htmlFor="ac-os">Operating system</label>
        <input id="ac-os" className="input" value={os} onChange={(e) => setOs(e.target.value)} maxLength={255} />
        <label htmlFor="ac-amt">AMT firmware version</label>
        <input
          id="ac-amt"
          className="input mono"
          value={amtVersion}
          onChange={(e) => setAmtVersion(e.target.value)}
          maxLength={255}
          placeholder="Empty if the PC has no AMT"
        />
        <label htmlFor="ac-relay">Relay</label>
        <RelaySelect id="ac-relay" relays={relays} value={relayId} onChange={setRelayId} />
      </form>
      {error !== null && (
        <div className="inline-error" role="alert" data-testid="add-client-error">
          <Icon name="error" className="tone-error" /> {error}
        </div>
      )}
    </Dialog>
  );
}
