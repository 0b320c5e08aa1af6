import { type Address, getAddress, isAddress } from 'viem';
import { DEFAULT_AUTO_LOCK_MINUTES, isValidAutoLockMinutes } from '../session/auto-lock';
import type { AccordDb } from '../storage/db';
import { InvalidInputError, UnknownAccountError } from './errors';
import type { AccountRecord, AccountView } from './types';

// Public account metadata and settings in IndexedDB. Readable while locked; never trusted for signing
// (the keyring re-derives each address from the vault before it signs).

export const SELECTED_ADDRESS_SETTING = 'selectedAddress';
export const AUTO_LOCK_SETTING = 'autoLockMinutes';
/** Set while a newly created phrase has not been confirmed by the user (cleared by confirmBackup). */
export const BACKUP_PENDING_SETTING = 'backupPending';
export const MAX_ACCOUNT_NAME_LENGTH = 40;

export function toView(record: AccountRecord): AccountView {
  const view: AccountView = {
    address: record.address,
    name: record.name,
    keychainId: record.keychainId,
    type: record.type,
  };
  if (record.index !== undefined) view.index = record.index;
  return view;
}

/** Checksums an address from outside; errors name the bad input (an address is public). */
export function parseAddress(input: unknown): Address {
  if (typeof input !== 'string' || !isAddress(input, { strict: false })) {
    throw new InvalidInputError(`Not an address: ${String(input).slice(0, 64)}`);
  }
  return getAddress(input);
}

export function parseAccountName(input: unknown): string {
  const name = typeof input === 'string' ? input.trim() : '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (!name || [...name].length > MAX_ACCOUNT_NAME_LENGTH || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new InvalidInputError(`Account names are 1 to ${MAX_ACCOUNT_NAME_LENGTH} characters`);
  }
  return name;
}

export async function listAccountRecords(db: AccordDb): Promise<AccountRecord[]> {
  const records = await db.getAll('accounts');
  return records.sort((a, b) => a.order - b.order || a.createdAt - b.createdAt);
}

export async function getAccountRecord(db: AccordDb, address: Address): Promise<AccountRecord> {
  const record = await db.get('accounts', address);
  if (!record) throw new UnknownAccountError(address);
  return record;
}

export async function getSelectedAddress(db: AccordDb, accounts: AccountRecord[]): Promise<Address | null> {
  const stored = await db.get('settings', SELECTED_ADDRESS_SETTING);
  const match = accounts.find((a) => a.address === stored);
  return match?.address ?? accounts[0]?.address ?? null;
}

export async function getAutoLockMinutes(db: AccordDb): Promise<number> {
  const stored = await db.get('settings', AUTO_LOCK_SETTING);
  return isValidAutoLockMinutes(stored) ? stored : DEFAULT_AUTO_LOCK_MINUTES;
}

export function nextOrder(accounts: AccountRecord[]): number {
  return accounts.reduce((max, a) => Math.max(max, a.order), -1) + 1;
}
