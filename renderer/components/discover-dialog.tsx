// "Discover clients": scan an address range for AMT ports; found clients are added with their firmware
// version. Main does the scanning; the dialog shows how many were scanned and what was found.
import { useState } from 'react';
import type { Client, Relay, RelayId } from '../../shared/domain';
import { Dialog } from './dialog';
import { Icon } from './icons/icon';
import { RelaySelect } from './relay-select';

export interface DiscoverDialogProps {
  readonly relays: readonly Relay[];
  readonly onDiscover: (
    range: string,
    relayId: RelayId | null,
  ) => Promise<{ scanned: number; found: readonly Client[] } | string>;
  readonly onClose: () => void;
}

export function DiscoverDialog({ relays, onDiscover, onClose }: DiscoverDialogProps) {
  const [range, setRange] = useState('');
  const [relayId, setRelayId] = useState<RelayId | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ scanned: number; found: readonly Client[] } | null>(null);

  const run = async (e: React.FormEvent): Promise<void> => {
    e.preventDefault();
    if (range.trim() === '' || busy) return;
    setBusy(true);
    setError(null);
    setResult(null);
    const outcome = await onDiscover(range.trim(), relayId);
    setBusy(false);
    if (typeof outcome === 'string') setError(outcome);
    else setResult(outcome);
  };

  return (
    <Dialog
      title="Discover clients"
      testId="discover-dialog"
      widthPx={520}
      onClose={onClose}
      footer={
        <>
          <button
            type="submit"
            form="discover-form"
            className="button accent"
            data-testid="discover-submit"
            disabled={range.trim() === '' || busy}
          >
            {busy ? 'Scanning…' : 'Scan'}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {result === null ? 'Cancel' : 'Close'}
          </button>
        </>
      }
    >
      <p className="muted small">
        Looks for Intel AMT on each address of the range (ports 16992 and 16993) and reads its firmware version.
      </p>
      <form id="discover-form" className="form-grid" onSubmit={(e) => void run(e)}>
        <label htmlFor="dc-range">Address range</label>
        <input
          id="dc-range"
          className="input mono"
          data-autofocus
          data-testid="discover-range"
          value={range}
          onChange={(e) => setRange(e.target.value)}
          placeholder="192.168.1.1-192.168.1.254 or 192.168.1.0/24"
          maxLength={255}
        />
        <label htmlFor="dc-relay">Relay</label>
        <RelaySelect id="dc-relay" relays={relays} value={relayId} onChange={setRelayId} />
      </form>
      {busy && (
        <div className="loading-line">
          <span className="spinner" aria-hidden="true" /> Scanning the range…
        </div>
      )}
      {error !== null && (
        <div className="inline-error" role="alert" data-testid="discover-error">
          <Icon name="error" className="tone-error" /> {error}
        </div>
      )}
      {result !== null && (
        <div data-testid="discover-result">
          <div className="banner success">
            <Icon name="check" className="tone-ok" />
            <div>
              Scanned {result.scanned.toLocaleString()} addresses, found {result.found.length.toLocaleString()}{' '}
              {result.found.length === 1 ? 'client' : 'clients'} with AMT.
            </div>
          </div>
          {result.found.length > 0 && (
            <ul className="line-errors found">
              {result.found.slice(0, 50).map((c) => (
                <li key={c.id}>
                  {c.hostName} <span className="muted mono">{c.ip}</span>{' '}
                  <span className="mono">{c.amtVersion ?? 'N/A'}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </Dialog>
  );
}
