import type { Hex } from 'viem';
import { AUTO_LOCK_ALARM, isValidAutoLockMinutes } from '../session/auto-lock';
import { VAULT_KEY } from '../storage/schema';
import {
  AUTO_LOCK_SETTING,
  BACKUP_PENDING_SETTING,
  getAccountRecord,
  getAutoLockMinutes,
  getSelectedAddress,
  listAccountRecords,
  parseAccountName,
  parseAddress,
  SELECTED_ADDRESS_SETTING,
  toView,
} from './account-book';
import { InvalidInputError, KeyringError } from './errors';
import {
  type AccountsListener,
  checkNewPassword,
  createKeyringCore,
  type KeyringServiceParameters,
  type LockListener,
} from './keyring-core';
import { normalizeMnemonic } from './keys';
import { reconcileAccounts } from './reconcile';
import { ethSignDisabled, type SignableTransaction, signPersonal, signTx, signTyped } from './signing';
import type { AnyTypedDataVersion } from './typed-data';
import type { AccountView, KeyringStatus, VaultSecrets } from './types';
import { UnlockedKeyring } from './unlocked';
import { openVaultWithKey, sealVault } from './vault';
import { createWalletSetup } from './wallet-setup';

export type { KeyringServiceParameters } from './keyring-core';
export type KeyringService = ReturnType<typeof createKeyringService>;

/** The keyring the background owns. See index.ts for how to wire it. */
export function createKeyringService(parameters: KeyringServiceParameters) {
  const core = createKeyringCore(parameters);
  const { db, now, policy, session, attempts, timer, serial, emitAccounts, openWithPassword } = core;
  const { lockInternal, startSession, current, requireUnlocked, touch } = core;
  const setup = createWalletSetup(core);

  return {
    async status(): Promise<KeyringStatus> {
      const [stored, keyring, records, autoLockMinutes, backupPending] = await Promise.all([
        db.get('vault', VAULT_KEY),
        current().catch(() => null),
        listAccountRecords(db),
        getAutoLockMinutes(db),
        db.get('settings', BACKUP_PENDING_SETTING),
      ]);
      return {
        initialized: stored !== undefined,
        unlocked: keyring !== null,
        accounts: records.map(toView),
        selectedAddress: await getSelectedAddress(db, records),
        autoLockMinutes,
        backupPending: stored !== undefined && backupPending === true,
      };
    },

    ...setup,

    async renameAccount(address: string, name: string): Promise<AccountView> {
      const record = await getAccountRecord(db, parseAddress(address));
      const renamed = { ...record, name: parseAccountName(name) };
      await db.put('accounts', renamed);
      await emitAccounts();
      return toView(renamed);
    },

    async selectAccount(address: string): Promise<void> {
      const record = await getAccountRecord(db, parseAddress(address));
      await db.put('settings', record.address, SELECTED_ADDRESS_SETTING);
      await emitAccounts();
    },

    unlock(password: string): Promise<void> {
      return serial(async () => {
        const opened = await openWithPassword(password);
        const keyring = new UnlockedKeyring(opened.secrets, opened.dataKey);
        const changed = await reconcileAccounts(db, keyring, now);
        await startSession(opened, keyring);
        if (changed) await emitAccounts();
      });
    },

    lock(): Promise<void> {
      return serial(lockInternal);
    },

    /** Re-seals the vault under the new password. The old record stays until the new one is written. */
    changePassword(oldPassword: string, newPassword: string): Promise<void> {
      return serial(async () => {
        checkNewPassword(newPassword);
        const opened = await openWithPassword(oldPassword);
        const sealed = await sealVault(opened.secrets, newPassword, policy.iterations);
        const check = await openVaultWithKey(sealed.record, sealed.dataKey, policy.bounds);
        if (JSON.stringify(check.secrets) !== JSON.stringify(opened.secrets)) {
          throw new KeyringError('reseal_failed', 'The re-encrypted vault did not verify; nothing was changed');
        }
        const wasUnlocked = (await current()) !== null;
        const tx = db.transaction('vault', 'readwrite');
        await Promise.all([tx.store.put(sealed.record, VAULT_KEY), tx.done]);
        if (core.loaded()?.dataKey !== opened.dataKey) opened.dataKey.fill(0);
        if (wasUnlocked) await startSession(sealed);
        else sealed.dataKey.fill(0);
      });
    },

    /** The recovery phrase, only with the password (entered again even while unlocked). */
    revealMnemonic(password: string, keychainId?: string): Promise<{ mnemonic: string }> {
      return serial(async () => {
        const opened = await openWithPassword(password);
        opened.dataKey.fill(0);
        const keychain = opened.secrets.keychains.find((k) => k.type === 'hd' && (!keychainId || k.id === keychainId));
        if (keychain?.type !== 'hd') throw new InvalidInputError('This keychain has no recovery phrase');
        return { mnemonic: keychain.mnemonic };
      });
    },

    /**
     * The user proved they kept the new phrase (picked its words in order): the reminder goes. The phrase
     * must be the wallet's own, so a popup bug cannot clear the reminder for words that were never shown.
     */
    confirmBackup(mnemonic: string): Promise<void> {
      return serial(async () => {
        const keyring = await requireUnlocked('confirm the backup');
        const phrase = keyring.secrets.keychains.find((k) => k.type === 'hd');
        if (phrase?.type !== 'hd' || phrase.mnemonic !== normalizeMnemonic(mnemonic)) {
          throw new InvalidInputError("These words are not this wallet's recovery phrase");
        }
        await db.delete('settings', BACKUP_PENDING_SETTING);
      });
    },

    /**
     * Removes an imported key and its account, only with the password. Accounts of a recovery phrase stay
     * (the phrase brings them back anyway), and the wallet's last key stays (erase the wallet instead).
     */
    removeImportedAccount(address: string, password: string): Promise<void> {
      return serial(async () => {
        const record = await getAccountRecord(db, parseAddress(address));
        if (record.type !== 'imported') {
          throw new InvalidInputError('Only imported keys can be removed; accounts of a recovery phrase stay with it');
        }
        const opened = await openWithPassword(password);
        const keychains = opened.secrets.keychains.filter((k) => k.id !== record.keychainId);
        if (!keychains.length) {
          opened.dataKey.fill(0);
          throw new InvalidInputError("This key is the wallet's only account; erase the wallet to remove it");
        }
        const secrets: VaultSecrets = { version: 1, keychains };
        const sealed = await sealVault(secrets, password, policy.iterations);
        const wasUnlocked = (await current()) !== null;
        const records = (await listAccountRecords(db)).filter((r) => r.keychainId !== record.keychainId);
        const selected = await getSelectedAddress(db, await listAccountRecords(db));
        const tx = db.transaction(['vault', 'accounts', 'settings'], 'readwrite');
        await Promise.all([
          tx.objectStore('vault').put(sealed.record, VAULT_KEY),
          tx.objectStore('accounts').delete(record.address),
          ...(selected === record.address && records[0]
            ? [tx.objectStore('settings').put(records[0].address, SELECTED_ADDRESS_SETTING)]
            : []),
          tx.done,
        ]);
        if (core.loaded()?.dataKey !== opened.dataKey) opened.dataKey.fill(0);
        if (wasUnlocked) await startSession(sealed);
        else sealed.dataKey.fill(0);
        await emitAccounts();
      });
    },

    /** One account's private key, only with the password. */
    exportPrivateKey(address: string, password: string): Promise<{ privateKey: Hex }> {
      return serial(async () => {
        const record = await getAccountRecord(db, parseAddress(address));
        const opened = await openWithPassword(password);
        const keyring = new UnlockedKeyring(opened.secrets, opened.dataKey);
        try {
          keyring.signerFor(record);
          return { privateKey: keyring.privateKey(record.keychainId, record.index) };
        } finally {
          keyring.wipe();
        }
      });
    },

    async signPersonalMessage(address: string, message: string): Promise<Hex> {
      const keyring = await requireUnlocked('sign');
      const signature = await signPersonal(
        keyring.signerFor(await getAccountRecord(db, parseAddress(address))),
        message,
      );
      await touch();
      return signature;
    },

    async signTypedData(address: string, data: unknown, version: AnyTypedDataVersion): Promise<Hex> {
      if (version !== 'V1' && version !== 'V3' && version !== 'V4') {
        throw new InvalidInputError('Typed data version must be V1, V3 or V4');
      }
      const keyring = await requireUnlocked('sign');
      const signature = await signTyped(
        keyring.signerFor(await getAccountRecord(db, parseAddress(address))),
        data,
        version,
      );
      await touch();
      return signature;
    },

    async signTransaction(address: string, tx: SignableTransaction): Promise<Hex> {
      const keyring = await requireUnlocked('sign');
      const signed = await signTx(keyring.signerFor(await getAccountRecord(db, parseAddress(address))), tx);
      await touch();
      return signed;
    },

    /** eth_sign: always refused. */
    ethSign(): never {
      return ethSignDisabled();
    },

    /** Call on user or dapp activity: pushes the idle auto-lock back. */
    touch,

    async setAutoLockMinutes(minutes: number): Promise<void> {
      if (!isValidAutoLockMinutes(minutes)) throw new InvalidInputError('Auto-lock is 1 to 1440 whole minutes');
      await db.put('settings', minutes, AUTO_LOCK_SETTING);
      await touch();
    },

    /** Route browser.alarms.onAlarm here. Returns true when the alarm was the keyring's. */
    async handleAlarm(name: string): Promise<boolean> {
      if (!timer.owns(name)) return false;
      await serial(async () => {
        const material = await session.read();
        // Activity after the alarm was set re-armed it for later; an early or stale firing re-arms.
        if (material && material.lockAt > now()) await timer.arm(material.lockAt);
        else await lockInternal();
      });
      return true;
    },

    /** Explicit wipe by the user: vault, accounts, settings, transactions, session. */
    reset(): Promise<void> {
      return serial(async () => {
        await lockInternal();
        const stores = ['vault', 'accounts', 'settings', 'transactions'] as const;
        const tx = db.transaction(stores, 'readwrite');
        await Promise.all([...stores.map((name) => tx.objectStore(name).clear()), tx.done]);
        await attempts.reset();
        await emitAccounts();
      });
    },

    onLockChange(listener: LockListener): () => void {
      core.lockListeners.add(listener);
      return () => core.lockListeners.delete(listener);
    },

    onAccountsChange(listener: AccountsListener): () => void {
      core.accountListeners.add(listener);
      return () => core.accountListeners.delete(listener);
    },

    alarmName: AUTO_LOCK_ALARM,
  };
}
