import { IDBFactory } from 'fake-indexeddb';
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { dumpAccordDb, openAccordDb } from './db';
import { DB_VERSION, migrations } from './migrations';

describe('accord database', () => {
  it('creates every store at the current version', async () => {
    const db = await openAccordDb({ indexedDB: new IDBFactory() });
    expect(db.name).toBe('accord');
    expect(db.version).toBe(DB_VERSION);
    expect(DB_VERSION).toBe(migrations.length);
    expect([...db.objectStoreNames].sort()).toEqual(['accounts', 'settings', 'transactions', 'vault']);
    expect([...db.transaction('transactions').store.indexNames].sort()).toEqual(['byChainSender', 'byStatus']);
    db.close();
  });

  it('upgrades an older database step by step and keeps its records', async () => {
    const factory = new IDBFactory();
    // A database as version 1 left it.
    const request = factory.open('accord', 1);
    request.onupgradeneeded = () => {
      const raw = request.result;
      raw.createObjectStore('vault');
      raw.createObjectStore('accounts', { keyPath: 'address' }).createIndex('byKeychain', 'keychainId');
      raw.createObjectStore('settings');
    };
    const v1 = await new Promise<IDBDatabase>((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    await new Promise<void>((resolve) => {
      const tx = v1.transaction('settings', 'readwrite');
      tx.objectStore('settings').put(30, 'autoLockMinutes');
      tx.oncomplete = () => resolve();
    });
    v1.close();

    const db = await openAccordDb({ indexedDB: factory });
    expect(db.version).toBe(DB_VERSION);
    expect(await db.get('settings', 'autoLockMinutes')).toBe(30);
    expect([...db.objectStoreNames]).toContain('transactions');
    expect(await dumpAccordDb(db)).toEqual({ accounts: [], settings: [30], transactions: [], vault: [] });
    db.close();
  });

  it('closes itself when another context upgrades, instead of blocking it', async () => {
    const factory = new IDBFactory();
    const db = await openAccordDb({ indexedDB: factory, name: 'upgrade-me' });
    const request = factory.open('upgrade-me', DB_VERSION + 1);
    const newer = await new Promise<IDBDatabase>((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
      setTimeout(() => reject(new Error('upgrade blocked')), 2_000);
    });
    expect(newer.version).toBe(DB_VERSION + 1);
    newer.close();
    db.close();
  });
});
