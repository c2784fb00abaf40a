// The vault_meta table as the vault's VaultMeta: non-secret key material (salts, check values, wrapped keys).

import type { Database } from './database';
import type { VaultMeta } from './vault';

export function vaultMetaTable(db: Database): VaultMeta {
  const getStmt = db.prepare<[string], { value: string }>('SELECT value FROM vault_meta WHERE name = ?');
  const setStmt = db.prepare<[string, string]>(
    'INSERT INTO vault_meta (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value',
  );
  return {
    get: (name) => getStmt.get(name)?.value,
    set: (name, value) => {
      setStmt.run(name, value);
    },
  };
}
