import { type IDBPDatabase, wrap } from 'idb';
import { DB_VERSION, runMigrations } from './migrations';
import type { AccordDbSchema } from './schema';

export type AccordDb = IDBPDatabase<AccordDbSchema>;

export interface OpenAccordDbParameters {
  /** The IndexedDB factory: `indexedDB` in the extension, `new IDBFactory()` from fake-indexeddb in tests. */
  indexedDB: IDBFactory;
  /** Database name; tests may use their own. */
  name?: string;
}

export const ACCORD_DB_NAME = 'accord';

/**
 * Opens (and creates or upgrades) the Accord database. The background owns it; if another context ever
 * asks for a newer version, this connection closes instead of blocking the upgrade.
 */
export async function openAccordDb({ indexedDB, name = ACCORD_DB_NAME }: OpenAccordDbParameters): Promise<AccordDb> {
  const request = indexedDB.open(name, DB_VERSION);
  request.addEventListener('upgradeneeded', (event) => {
    const db = wrap(request.result) as AccordDb;
    const tx = wrap(request.transaction!) as unknown as Parameters<typeof runMigrations>[1];
    runMigrations(db, tx, event.oldVersion, event.newVersion ?? DB_VERSION);
  });
  const db = (await wrap(request)) as unknown as AccordDb;
  db.addEventListener('versionchange', () => db.close());
  return db;
}

/** Every record of every store, for tests that check what reaches disk. */
export async function dumpAccordDb(db: AccordDb): Promise<Record<string, unknown[]>> {
  const dump: Record<string, unknown[]> = {};
  for (const store of Array.from(db.objectStoreNames)) dump[store] = await db.getAll(store);
  return dump;
}
