// Credential profiles (mission M7): the default ("AMT Linkage" settings), one per relay, one per client.
// Passwords are stored only as vault ciphertext; views leaving the store say `hasPassword`, never the password.

import type { CredentialProfileView, ProfileId, ProfileScope } from '../../shared/domain';
import type { Database } from './database';
import { isoNow, type Clock } from './clock';
import { StoreError } from './store-error';
import type { Vault } from './vault';

export interface ProfileInput {
  readonly scope: ProfileScope;
  /** Relay id for 'relay', client id for 'client', null for 'default'. */
  readonly targetId: number | null;
  readonly user: string;
  /** Undefined keeps the stored password (changing only the user name); '' clears it. */
  readonly password?: string;
}

/** Decrypted credentials, for main's own use (building a transport). Never put into an IPC reply or a log. */
export interface StoredCredentials {
  readonly profileId: ProfileId;
  readonly scope: ProfileScope;
  readonly user: string;
  readonly password: string;
}

interface ProfileRow {
  id: number;
  scope: ProfileScope;
  relay_id: number | null;
  client_id: number | null;
  user_name: string;
  password_blob: Buffer | null;
  updated_at: string;
}

const COLUMNS = 'id, scope, relay_id, client_id, user_name, password_blob, updated_at';

function toView(row: ProfileRow): CredentialProfileView {
  return {
    id: row.id as ProfileId,
    scope: row.scope,
    targetId: row.scope === 'relay' ? row.relay_id : row.scope === 'client' ? row.client_id : null,
    user: row.user_name,
    hasPassword: row.password_blob !== null,
    updatedAt: row.updated_at,
  };
}

/** The AAD of a profile's password: a ciphertext moved to another profile's row will not decrypt. */
function secretContext(scope: ProfileScope, targetId: number | null): string {
  return `credential-profile/${scope}/${targetId ?? 0}`;
}

export interface ProfilesRepository {
  list(): CredentialProfileView[];
  find(scope: ProfileScope, targetId: number | null): CredentialProfileView | undefined;
  /** Creates or replaces the profile of this scope and target. */
  set(input: ProfileInput): CredentialProfileView;
  remove(id: ProfileId): boolean;
  /**
   * The only way a password leaves the store: decrypted, for main to hand to main/amt. Undefined when
   * there is no profile at this scope/target or it has no password.
   */
  decryptCredentials(scope: ProfileScope, targetId: number | null): StoredCredentials | undefined;
}

export function createProfilesRepository(db: Database, vault: Vault, clock: Clock): ProfilesRepository {
  const listStmt = db.prepare<[], ProfileRow>(
    `SELECT ${COLUMNS} FROM credential_profiles ORDER BY CASE scope WHEN 'default' THEN 0 WHEN 'relay' THEN 1 ELSE 2 END, relay_id, client_id`,
  );
  const findStmt = db.prepare<[string, number, number], ProfileRow>(
    `SELECT ${COLUMNS} FROM credential_profiles WHERE scope = ? AND IFNULL(relay_id, 0) = ? AND IFNULL(client_id, 0) = ?`,
  );
  const getStmt = db.prepare<[number], ProfileRow>(`SELECT ${COLUMNS} FROM credential_profiles WHERE id = ?`);
  const relayExists = db.prepare<[number], { id: number }>('SELECT id FROM relays WHERE id = ?');
  const clientExists = db.prepare<[number], { id: number }>('SELECT id FROM clients WHERE id = ?');
  const insertStmt = db.prepare(
    `INSERT INTO credential_profiles (scope, relay_id, client_id, user_name, password_blob, updated_at)
     VALUES (@scope, @relayId, @clientId, @user, @blob, @now)`,
  );
  const updateStmt = db.prepare(
    'UPDATE credential_profiles SET user_name = @user, password_blob = @blob, updated_at = @now WHERE id = @id',
  );
  const updateUserStmt = db.prepare(
    'UPDATE credential_profiles SET user_name = @user, updated_at = @now WHERE id = @id',
  );
  const removeStmt = db.prepare<[number]>('DELETE FROM credential_profiles WHERE id = ?');

  function findRow(scope: ProfileScope, targetId: number | null): ProfileRow | undefined {
    const relayId = scope === 'relay' ? (targetId ?? 0) : 0;
    const clientId = scope === 'client' ? (targetId ?? 0) : 0;
    return findStmt.get(scope, relayId, clientId);
  }

  function checkTarget(scope: ProfileScope, targetId: number | null): void {
    if (scope === 'default') {
      if (targetId !== null)
        throw new StoreError('bad-input', 'The default profile applies to every client and takes no target.');
      return;
    }
    if (targetId === null) throw new StoreError('bad-input', `A ${scope} profile needs the ${scope} it applies to.`);
    const exists = scope === 'relay' ? relayExists.get(targetId) : clientExists.get(targetId);
    if (!exists) throw new StoreError('not-found', `The ${scope} #${targetId} does not exist.`);
  }

  return {
    list: () => listStmt.all().map(toView),
    find(scope, targetId) {
      const row = findRow(scope, targetId);
      return row ? toView(row) : undefined;
    },
    set(input) {
      const user = input.user.trim();
      if (user.length === 0) throw new StoreError('bad-input', 'A credential profile needs a user name.');
      checkTarget(input.scope, input.targetId);
      const context = secretContext(input.scope, input.targetId);
      const blob =
        input.password === undefined
          ? undefined
          : input.password === ''
            ? null
            : vault.encrypt(input.password, context);
      const now = isoNow(clock);
      const id = db
        .transaction((): number => {
          const existing = findRow(input.scope, input.targetId);
          if (existing) {
            if (blob === undefined) updateUserStmt.run({ id: existing.id, user, now });
            else updateStmt.run({ id: existing.id, user, blob, now });
            return existing.id;
          }
          const info = insertStmt.run({
            scope: input.scope,
            relayId: input.scope === 'relay' ? input.targetId : null,
            clientId: input.scope === 'client' ? input.targetId : null,
            user,
            blob: blob ?? null,
            now,
          });
          return Number(info.lastInsertRowid);
        })
        .immediate();
      return toView(getStmt.get(id) as ProfileRow);
    },
    remove: (id) => removeStmt.run(id).changes > 0,
    decryptCredentials(scope, targetId) {
      const row = findRow(scope, targetId);
      if (!row || row.password_blob === null) return undefined;
      return {
        profileId: row.id as ProfileId,
        scope,
        user: row.user_name,
        password: vault.decrypt(row.password_blob, secretContext(scope, targetId)),
      };
    },
  };
}
