import type { AccordDb } from '../storage/db';
import { listAccountRecords, nextOrder } from './account-book';
import type { AccountRecord } from './types';
import type { UnlockedKeyring } from './unlocked';

/**
 * Metadata is unencrypted, so anything that can write storage can change it. On unlock each record is
 * re-derived from the vault: records whose address does not match are corrected, records of keychains
 * that are not in the vault are dropped, and every keychain keeps at least one account.
 * Returns whether anything changed.
 */
export async function reconcileAccounts(db: AccordDb, keyring: UnlockedKeyring, now: () => number): Promise<boolean> {
  const records = await listAccountRecords(db);
  const removals: string[] = [];
  const puts: AccountRecord[] = [];
  const kept = new Map<string, AccountRecord>();
  for (const record of records) {
    const expected = keyring.expectedAddress(record);
    if (expected === record.address && !kept.has(expected)) {
      kept.set(expected, record);
      continue;
    }
    removals.push(record.address);
    if (expected && !kept.has(expected)) {
      const fixed = { ...record, address: expected };
      kept.set(expected, fixed);
      puts.push(fixed);
    }
  }
  let order = nextOrder(records);
  for (const keychain of keyring.secrets.keychains) {
    if ([...kept.values()].some((r) => r.keychainId === keychain.id)) continue;
    const index = keychain.type === 'hd' ? 0 : undefined;
    const address = keyring.derive(keychain.id, index).address;
    if (kept.has(address)) continue;
    const count = kept.size + 1;
    const record: AccountRecord = {
      address,
      name: keychain.type === 'hd' ? `Account ${count}` : `Imported ${count}`,
      keychainId: keychain.id,
      type: keychain.type,
      order: order++,
      createdAt: now(),
    };
    if (index !== undefined) record.index = index;
    kept.set(address, record);
    puts.push(record);
  }
  if (!removals.length && !puts.length) return false;
  const tx = db.transaction('accounts', 'readwrite');
  for (const address of removals) if (!puts.some((p) => p.address === address)) void tx.store.delete(address);
  for (const record of puts) void tx.store.put(record);
  await tx.done;
  return true;
}
