import type { DBSchema } from 'idb';
import type { AccountRecord } from '../keyring/types';
import type { TransactionRecord } from '../transactions/types';

/**
 * Everything Accord keeps in IndexedDB. Nothing here is secret in the clear: the vault record holds
 * only ciphertext, and account metadata holds public addresses and names.
 * Adding a store: declare it here and append a migration in migrations.ts.
 */
export interface AccordDbSchema extends DBSchema {
  /** One record under VAULT_KEY. Typed unknown on purpose: storage is untrusted, the keyring parses it. */
  vault: { key: string; value: unknown };
  accounts: { key: string; value: AccountRecord; indexes: { byKeychain: string } };
  /** Small public values by name (selected account, auto-lock minutes). */
  settings: { key: string; value: unknown };
  transactions: {
    key: string;
    value: TransactionRecord;
    indexes: { byStatus: string; byChainSender: [number, string] };
  };
}

export const VAULT_KEY = 'vault';
