// "AMT credentials" (M7): the profiles the console reaches AMT with — the managing server's default, a relay's
// (for its whole subtree, relays below it included) and a client's own — with who they apply to, whether a
// password is stored (never the password), a form to set one and a button to remove a relay's or client's own.
import { useCallback, useEffect, useState } from 'react';
import type { Client, CredentialProfileView, Relay, RelayId } from '../../shared/domain';
import type { RequestOf } from '../../shared/ipc';
import { Dialog } from './dialog';
import { Icon } from './icons/icon';

/** AMT's own limit for a user name (ADMIN_USER_NAME and digest users). */
const MAX_USER_LENGTH = 16;
const DEFAULT_VALUE = 'default';

export interface CredentialsDialogProps {
  readonly relays: readonly Relay[];
  /** The one client selected in the tree, offered as a target for its own profile. */
  readonly selectedClient: Client | null;
  readonly clientNameOf: (id: number) => string | undefined;
  readonly load: () => Promise<readonly CredentialProfileView[] | string>;
  /** Each resolves with null when done, else the words of why not. */
  readonly onSave: (request: RequestOf<'profiles:set'>) => Promise<string | null>;
  readonly onRemove: (request: RequestOf<'profiles:remove'>) => Promise<string | null>;
  readonly onClose: () => void;
}

/** "default", "relay:3", "client:12": the form's choice of what a profile applies to. */
function targetOf(value: string): Pick<RequestOf<'profiles:set'>, 'scope' | 'targetId'> {
  const [scope, id] = value.split(':');
  if (scope === 'relay' || scope === 'client') return { scope, targetId: Number(id) };
  return { scope: 'default', targetId: null };
}

export function CredentialsDialog({
  relays,
  selectedClient,
  clientNameOf,
  load,
  onSave,
  onRemove,
  onClose,
}: CredentialsDialogProps) {
  const [profiles, setProfiles] = useState<readonly CredentialProfileView[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [target, setTarget] = useState(DEFAULT_VALUE);
  const [user, setUser] = useState('admin');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const relayName = (id: number): string => relays.find((r) => r.id === id)?.name ?? `relay #${id}`;
  const appliesTo = (p: Pick<CredentialProfileView, 'scope' | 'targetId'>): string => {
    if (p.scope === 'default') return 'Managing server (default for every client)';
    if (p.scope === 'relay') return `Relay “${relayName(p.targetId as number)}” and every client below it`;
    return `Client ${clientNameOf(p.targetId as number) ?? `#${p.targetId}`} only`;
  };

  const reload = useCallback(async (): Promise<void> => {
    const result = await load();
    if (typeof result === 'string') setLoadError(result);
    else {
      setLoadError(null);
      setProfiles(result);
    }
  }, [load]);
  useEffect(() => void reload(), [reload]);

  const userBad = user.trim() === '' || user.trim().length > MAX_USER_LENGTH;
  const canSave = !userBad && password !== '' && !busy;

  const save = async (e: React.FormEvent): Promise<void> => {
    e.preventDefault();
    if (!canSave) return;
    setBusy(true);
    setError(null);
    setSaved(null);
    const where = targetOf(target);
    const failed = await onSave({ ...where, user: user.trim(), password });
    setBusy(false);
    if (failed !== null) return setError(failed);
    setPassword('');
    setSaved(`Saved for ${appliesTo(where)}.`);
    await reload();
  };

  const remove = async (p: CredentialProfileView): Promise<void> => {
    if (p.scope === 'default' || p.targetId === null) return;
    setError(null);
    setSaved(null);
    const failed = await onRemove({ scope: p.scope, targetId: p.targetId });
    if (failed !== null) setError(failed);
    else setSaved(`Removed: ${appliesTo(p)} now use the profile above.`);
    await reload();
  };

  return (
    <Dialog
      title="AMT credentials"
      testId="credentials-dialog"
      onClose={onClose}
      footer={
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      }
    >
      <p className="muted small">
        A client is reached with its own profile, else the profile of the nearest relay above it, else the managing
        server&apos;s default. Passwords are stored encrypted and never shown again.
      </p>
      {loadError !== null && (
        <div className="inline-error" role="alert" data-testid="credentials-load-error">
          <Icon name="error" className="tone-error" /> {loadError}
        </div>
      )}
      <table className="grid small" data-testid="credentials-table">
        <thead>
          <tr>
            <th scope="col">Applies to</th>
            <th scope="col">User</th>
            <th scope="col">Password</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {profiles === null && (
            <tr>
              <td colSpan={4} className="muted">
                Loading…
              </td>
            </tr>
          )}
          {profiles?.length === 0 && (
            <tr>
              <td colSpan={4} className="muted" data-testid="credentials-none">
                No credentials yet: the console cannot reach any AMT device until a profile is set.
              </td>
            </tr>
          )}
          {profiles?.map((p) => (
            <tr key={p.id} data-testid="credentials-row" data-scope={p.scope} data-target={p.targetId ?? ''}>
              <td>{appliesTo(p)}</td>
              <td className="mono">{p.user}</td>
              <td>{p.hasPassword ? 'Stored' : <span className="muted">None</span>}</td>
              <td>
                {p.scope !== 'default' && (
                  <button
                    type="button"
                    className="button subtle"
                    data-testid="credentials-remove"
                    onClick={() => void remove(p)}
                  >
                    Remove
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form id="credentials-form" className="form-grid" onSubmit={(e) => void save(e)}>
        <label htmlFor="cr-target">Set for</label>
        <select
          id="cr-target"
          className="input"
          data-testid="credentials-target"
          value={target}
          onChange={(e) => setTarget(e.target.value)}
        >
          <option value={DEFAULT_VALUE}>Managing server (default)</option>
          {relays.map((r: Relay) => (
            <option key={r.id} value={`relay:${r.id as RelayId}`}>
              Relay “{r.name}” (its subtree)
            </option>
          ))}
          {selectedClient !== null && (
            <option value={`client:${selectedClient.id}`}>Client {selectedClient.hostName} only</option>
          )}
        </select>
        <label htmlFor="cr-user">User</label>
        <div>
          <input
            id="cr-user"
            className="input mono"
            data-testid="credentials-user"
            value={user}
            onChange={(e) => setUser(e.target.value)}
            aria-invalid={userBad}
            autoComplete="off"
          />
          {userBad && <div className="field-error">An AMT user name has 1 to {MAX_USER_LENGTH} characters.</div>}
        </div>
        <label htmlFor="cr-password">Password</label>
        <input
          id="cr-password"
          type="password"
          className="input"
          data-testid="credentials-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="new-password"
        />
        <span />
        <div>
          <button type="submit" className="button accent" data-testid="credentials-save" disabled={!canSave}>
            {busy ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
      {error !== null && (
        <div className="inline-error" role="alert" data-testid="credentials-error">
          <Icon name="error" className="tone-error" /> {error}
        </div>
      )}
      {saved !== null && (
        <div className="inline-ok" role="status" data-testid="credentials-saved">
          <Icon name="check" className="tone-ok" /> {saved}
        </div>
      )}
    </Dialog>
  );
}
