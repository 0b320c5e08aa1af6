// IndexedDB for what the background composition keeps: connected sites (dapp permissions) and the user's
// networks. A separate database for now, because adding stores to 'accord' (lib/storage) means a migration
// its owner has to take in; moving them there is a matter of one migration and this file's opener.
import { type DBSchema, type IDBPDatabase, wrap } from 'idb';
import type { ConnectedSite } from '../messages/popup-api';
import type { NetworkConfig } from './network-config';

export interface WalletDbSchema extends DBSchema {
  /** Dapp permissions, keyed by the top-level origin that was granted them. */
  sites: { key: string; value: ConnectedSite };
  /** User networks, and built-in networks the user changed (sources, quorum), by chain id. */
  networks: { key: number; value: NetworkConfig };
  /** Small values by name: the selected chain. */
  settings: { key: string; value: unknown };
}

export type WalletDb = IDBPDatabase<WalletDbSchema>;

export const WALLET_DB_NAME = 'accord-wallet';

const migrations: ((db: IDBPDatabase<WalletDbSchema>) => void)[] = [
  (db) => {
    db.createObjectStore('sites', { keyPath: 'origin' });
    db.createObjectStore('networks', { keyPath: 'chainId' });
    db.createObjectStore('settings');
  },
];

/** Opens (creating or upgrading) the database; `indexedDB` is the factory (fake-indexeddb's in tests). */
export async function openWalletDb({
  indexedDB,
  name = WALLET_DB_NAME,
}: {
  indexedDB: IDBFactory;
  name?: string;
}): Promise<WalletDb> {
  const request = indexedDB.open(name, migrations.length);
  request.addEventListener('upgradeneeded', (event) => {
    const db = wrap(request.result) as unknown as WalletDb;
    for (let version = event.oldVersion; version < migrations.length; version++) migrations[version](db);
  });
  const db = (await wrap(request)) as unknown as WalletDb;
  db.addEventListener('versionchange', () => db.close());
  return db;
}
