import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { AccordDbSchema } from './schema';

export type AccordUpgradeTransaction = IDBPTransaction<AccordDbSchema, StoreNames<AccordDbSchema>[], 'versionchange'>;

/** One schema step. Migration i (0-based) takes the database from version i to version i + 1. */
export type Migration = (db: IDBPDatabase<AccordDbSchema>, tx: AccordUpgradeTransaction) => void;

// Append only: never edit or reorder a migration that has shipped, because installed databases have
// already run it. To add a store, add its type to AccordDbSchema (schema.ts) and append a line here:
//   (db) => { db.createObjectStore('permissions', { keyPath: 'origin' }); },
// The database version is migrations.length, so appending is the whole change.
export const migrations: readonly Migration[] = [
  // 1: the encrypted vault (one record), public account metadata, small settings.
  (db) => {
    db.createObjectStore('vault');
    const accounts = db.createObjectStore('accounts', { keyPath: 'address' });
    accounts.createIndex('byKeychain', 'keychainId');
    db.createObjectStore('settings');
  },
  // 2: signed transactions, kept until mined or replaced.
  (db) => {
    const transactions = db.createObjectStore('transactions', { keyPath: 'hash' });
    transactions.createIndex('byStatus', 'status');
    transactions.createIndex('byChainSender', ['chainId', 'from']);
  },
];

export const DB_VERSION = migrations.length;

/** Runs every migration above the version the database had. */
export function runMigrations(
  db: IDBPDatabase<AccordDbSchema>,
  tx: AccordUpgradeTransaction,
  oldVersion: number,
  newVersion: number,
): void {
  for (let version = oldVersion; version < newVersion; version++) migrations[version](db, tx);
}
