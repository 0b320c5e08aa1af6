import type { Address } from 'viem';
import { type AlarmsLike, createAutoLockTimer } from '../session/auto-lock';
import { createUnlockSession } from '../session/unlock-session';
import type { KeyValueArea } from '../storage/areas';
import type { AccordDb } from '../storage/db';
import { VAULT_KEY } from '../storage/schema';
import { getAutoLockMinutes, getSelectedAddress, listAccountRecords, toView } from './account-book';
import { createAttemptLimiter } from './attempts';
import { fromBase64, toBase64 } from './bytes';
import {
  IncorrectPasswordError,
  InvalidInputError,
  KeyringError,
  LockedError,
  NoVaultError,
  WeakPasswordError,
} from './errors';
import type { AccountView } from './types';
import { UnlockedKeyring } from './unlocked';
import { type OpenedVault, openVault, openVaultWithKey, PRODUCTION_KDF_POLICY, type VaultKdfPolicy } from './vault';

// The keyring's shared state and the steps every operation builds on: the serial queue, the session
// (storage.session + in-memory keyring), the password check with its growing delay, and events.

export const MIN_PASSWORD_LENGTH = 8;

export interface KeyringServiceParameters {
  db: AccordDb;
  /** browser.storage.session: holds the unlock material (memory only). */
  sessionStorage: KeyValueArea;
  /** browser.storage.local: holds the failed-attempt counter (not secret). */
  localStorage: KeyValueArea;
  alarms: AlarmsLike;
  now?: () => number;
  /** Tests only: a cheaper PBKDF2 count. Refused unless running under vitest (import.meta.env.MODE 'test'). */
  kdfIterations?: number;
}

export type LockListener = (unlocked: boolean) => void;
export type AccountsListener = (accounts: AccountView[], selected: Address | null) => void;

/** Vite replaces import.meta.env at build time (MODE 'production' / 'development'); vitest sets 'test'. */
function isTestRuntime(): boolean {
  return (import.meta.env as unknown as { MODE?: string } | undefined)?.MODE === 'test';
}

export function kdfPolicy(iterations: number | undefined): VaultKdfPolicy {
  if (iterations === undefined) return PRODUCTION_KDF_POLICY;
  if (!isTestRuntime()) throw new InvalidInputError('kdfIterations may only be overridden in tests');
  if (!Number.isSafeInteger(iterations) || iterations < 1) {
    throw new InvalidInputError('kdfIterations must be positive');
  }
  const { bounds } = PRODUCTION_KDF_POLICY;
  return { iterations, bounds: { min: Math.min(iterations, bounds.min), max: bounds.max } };
}

export function checkNewPassword(password: unknown): asserts password is string {
  if (typeof password !== 'string' || [...password].length < MIN_PASSWORD_LENGTH) {
    throw new WeakPasswordError(MIN_PASSWORD_LENGTH);
  }
}

export function checkPassword(password: unknown): asserts password is string {
  if (typeof password !== 'string') throw new IncorrectPasswordError();
}

export type KeyringCore = ReturnType<typeof createKeyringCore>;

export function createKeyringCore(parameters: KeyringServiceParameters) {
  const { db, alarms } = parameters;
  const now = parameters.now ?? Date.now;
  const policy = kdfPolicy(parameters.kdfIterations);
  const session = createUnlockSession(parameters.sessionStorage);
  const attempts = createAttemptLimiter(parameters.localStorage, now);
  const timer = createAutoLockTimer(alarms);
  const lockListeners = new Set<LockListener>();
  const accountListeners = new Set<AccountsListener>();
  let unlocked: UnlockedKeyring | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  /** Operations that read and write the vault run one at a time. */
  function serial<T>(operation: () => Promise<T>): Promise<T> {
    const run = queue.then(operation, operation);
    queue = run.catch(() => undefined);
    return run;
  }

  function emitLock(state: boolean): void {
    for (const listener of lockListeners) listener(state);
  }

  async function emitAccounts(): Promise<void> {
    if (!accountListeners.size) return;
    const records = await listAccountRecords(db);
    const selected = await getSelectedAddress(db, records);
    const views = records.map(toView);
    for (const listener of accountListeners) listener(views, selected);
  }

  async function readVault(): Promise<unknown> {
    const stored = await db.get('vault', VAULT_KEY);
    if (stored === undefined) throw new NoVaultError();
    return stored;
  }

  /** Checks the password against the stored vault, with the growing delay after failures. */
  async function openWithPassword(password: unknown): Promise<OpenedVault> {
    checkPassword(password);
    await attempts.check();
    const stored = await readVault();
    try {
      const opened = await openVault(stored, password, policy.bounds);
      await attempts.reset();
      return opened;
    } catch (error) {
      if (error instanceof IncorrectPasswordError) await attempts.recordFailure();
      throw error;
    }
  }

  async function lockInternal(): Promise<void> {
    const wasUnlocked = unlocked !== null || (await session.read()) !== null;
    unlocked?.wipe();
    unlocked = null;
    await session.clear();
    await timer.disarm();
    if (wasUnlocked) emitLock(false);
  }

  async function startSession(opened: OpenedVault, keyring?: UnlockedKeyring): Promise<void> {
    const wasUnlocked = unlocked !== null;
    if (unlocked && unlocked.dataKey !== opened.dataKey) unlocked.wipe();
    unlocked = keyring ?? new UnlockedKeyring(opened.secrets, opened.dataKey);
    const lockAt = now() + (await getAutoLockMinutes(db)) * 60_000;
    await session.write({ v: 1, dataKey: toBase64(opened.dataKey), lockAt });
    await timer.arm(lockAt);
    if (!wasUnlocked) emitLock(true);
  }

  /** The unlocked keyring, rebuilt from storage.session after the worker restarted; null when locked. */
  async function current(): Promise<UnlockedKeyring | null> {
    const material = await session.read();
    if (!material) {
      if (unlocked) await lockInternal();
      return null;
    }
    if (now() >= material.lockAt) {
      await lockInternal();
      return null;
    }
    if (unlocked) return unlocked;
    const dataKey = fromBase64(material.dataKey);
    try {
      if (!dataKey) throw new KeyringError('session_invalid', 'The unlock session is damaged');
      const opened = await openVaultWithKey(await readVault(), dataKey, policy.bounds);
      // A lock (or another rebuild) may have happened while decrypting: the session decides.
      if (unlocked || (await session.read())?.dataKey !== material.dataKey) {
        opened.dataKey.fill(0);
        return unlocked;
      }
      unlocked = new UnlockedKeyring(opened.secrets, opened.dataKey);
      return unlocked;
    } catch (error) {
      await lockInternal();
      throw error;
    }
  }

  async function requireUnlocked(action: string): Promise<UnlockedKeyring> {
    const keyring = await current();
    if (!keyring) throw new LockedError(action);
    return keyring;
  }

  /** Pushes the idle lock back. Only inside serial(): a concurrent lock must not be undone by a late write. */
  async function touchInternal(): Promise<void> {
    const material = await session.read();
    if (!material || now() >= material.lockAt) return;
    const lockAt = now() + (await getAutoLockMinutes(db)) * 60_000;
    await session.write({ ...material, lockAt });
    await timer.arm(lockAt);
  }

  function touch(): Promise<void> {
    return serial(touchInternal);
  }

  return {
    db,
    now,
    policy,
    session,
    attempts,
    timer,
    lockListeners,
    accountListeners,
    /** The in-memory keyring if this worker has one (no session check). */
    loaded: () => unlocked,
    serial,
    emitAccounts,
    readVault,
    openWithPassword,
    lockInternal,
    startSession,
    current,
    requireUnlocked,
    touchInternal,
    touch,
  };
}
