// Test-only: builds a keyring over fake IndexedDB and wxt's fakeBrowser. Never imported by runtime code.
import { IDBFactory } from 'fake-indexeddb';
import 'fake-indexeddb/auto';
import { privateKeyToAccount } from 'viem/accounts';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createKeyringService, type KeyringService } from '../keyring/keyring';
import { type AccordDb, openAccordDb } from '../storage/db';

export const TEST_MNEMONIC = 'test test test test test test test test test test test junk';
export const TEST_ADDRESS_0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
export const TEST_ADDRESS_1 = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
export const TEST_KEY_0 = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
/** A key outside the test phrase's first accounts. */
export const OTHER_KEY = '0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6';
export const OTHER_ADDRESS = privateKeyToAccount(OTHER_KEY).address;
export const PASSWORD = 'correct horse battery';
/** Cheap KDF for tests; production uses 900,000 (see vault.test.ts for that path). */
export const TEST_ITERATIONS = 1_000;

export interface TestKeyring {
  keyring: KeyringService;
  db: AccordDb;
  factory: IDBFactory;
  clock: { now: number };
  /** A fresh service over the same storage: what a restarted service worker builds. */
  restart(): KeyringService;
}

export async function createTestKeyring(options: { iterations?: number } = {}): Promise<TestKeyring> {
  const factory = new IDBFactory();
  const db = await openAccordDb({ indexedDB: factory, name: `accord-test-${crypto.randomUUID()}` });
  const clock = { now: Date.now() };
  const build = () =>
    createKeyringService({
      db,
      sessionStorage: fakeBrowser.storage.session,
      localStorage: fakeBrowser.storage.local,
      alarms: fakeBrowser.alarms,
      now: () => clock.now,
      kdfIterations: options.iterations ?? TEST_ITERATIONS,
    });
  return { keyring: build(), db, factory, clock, restart: build };
}
