// "Import clients from CSV": pick a file, the renderer reads its text (FileReader; no file system access)
// and main parses it. Good rows are kept; each bad row is listed as "Line N: message".
import { useRef, useState } from 'react';
import type { Relay, RelayId } from '../../shared/domain';
import type { CsvImportResult } from '../../shared/ipc';
import { IPC_LIMITS } from '../../shared/ipc/limits';
import { Dialog } from './dialog';
import { Icon } from './icons/icon';
import { RelaySelect } from './relay-select';

export interface ImportCsvDialogProps {
  readonly relays: readonly Relay[];
  readonly onImport: (csv: string, relayId: RelayId | null) => Promise<CsvImportResult | string>;
  readonly onClose: () => void;
}

const EXPECTED_COLUMNS = 'host name, IP, MAC, subnet mask, relay, OS, agent version, DHCP, AMT firmware version';

function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () =>
      reject(new Error('The file could not be read. Check that it is not open in another program.'));
    reader.readAsText(file);
  });
}

export function ImportCsvDialog({ relays, onImport, onClose }: ImportCsvDialogProps) {
  const fileRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [relayId, setRelayId] = useState<RelayId | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<CsvImportResult | null>(null);

  const tooBig = file !== null && file.size > IPC_LIMITS.maxCsvBytes;

  const run = async (): Promise<void> => {
    if (file === null || tooBig) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const text = await readText(file);
      const outcome = await onImport(text, relayId);
      if (typeof outcome === 'string') setError(outcome);
      else setResult(outcome);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'The file could not be read.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="Import clients from CSV"
      testId="import-csv-dialog"
      widthPx={560}
      onClose={onClose}
      footer={
        result === null ? (
          <>
            <button
              type="button"
              className="button accent"
              data-testid="import-csv-submit"
              disabled={file === null || tooBig || busy}
              onClick={() => void run()}
            >
              {busy ? 'Importing…' : 'Import'}
            </button>
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
          </>
        ) : (
          <button
            type="button"
            className="button accent"
            data-testid="import-csv-close"
            data-autofocus
            onClick={onClose}
          >
            Close
          </button>
        )
      }
    >
      <p className="muted small">
        Columns: {EXPECTED_COLUMNS}. Rows with problems are skipped and listed by line; all other rows are imported.
      </p>
      <div className="form-grid">
        <label htmlFor="csv-file-button">File</label>
        <div className="file-row">
          <button
            id="csv-file-button"
            type="button"
            className="button"
            data-autofocus
            onClick={() => fileRef.current?.click()}
          >
            Choose file…
          </button>
          <span className="file-name" data-testid="import-csv-file-name">
            {file === null ? 'No file chosen' : `${file.name} (${Math.ceil(file.size / 1024).toLocaleString()} KB)`}
          </span>
          <input
            ref={fileRef}
            type="file"
            accept=".csv,text/csv,text/plain"
            className="visually-hidden"
            tabIndex={-1}
            data-testid="import-csv-file"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setResult(null);
              setError(null);
            }}
          />
        </div>
        <label htmlFor="csv-relay">Relay</label>
        <RelaySelect id="csv-relay" relays={relays} value={relayId} onChange={setRelayId} />
      </div>
      {tooBig && (
        <div className="inline-error" role="alert">
          <Icon name="error" className="tone-error" /> This file is larger than {IPC_LIMITS.maxCsvBytes / (1024 * 1024)}{' '}
          MB. Split it into smaller files.
        </div>
      )}
      {error !== null && (
        <div className="inline-error" role="alert" data-testid="import-csv-error">
          <Icon name="error" className="tone-error" /> {error}
        </div>
      )}
      {result !== null && (
        <div className="import-result" data-testid="import-csv-result">
          <div className={`banner ${result.errors.length > 0 ? 'warning' : 'success'}`}>
            <Icon
              name={result.errors.length > 0 ? 'warning' : 'check'}
              className={result.errors.length > 0 ? 'tone-warning' : 'tone-ok'}
            />
            <div data-testid="import-csv-counts">
              {result.added.toLocaleString()} added, {result.updated.toLocaleString()} updated
              {result.errors.length > 0 &&
                `, ${result.errors.length.toLocaleString()} ${result.errors.length === 1 ? 'row' : 'rows'} skipped`}
            </div>
          </div>
          {result.errors.length > 0 && (
            <ul className="line-errors" aria-label="Rows that were skipped" data-testid="import-csv-errors">
              {result.errors.map((e) => (
                <li key={`${e.line}-${e.message}`} data-testid="import-csv-error-line" data-line={e.line}>
                  Line {e.line}: {e.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </Dialog>
  );
}
