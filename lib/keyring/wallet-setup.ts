import type { Address } from 'viem';
import { VAULT_KEY } from '../storage/schema';
import {
  BACKUP_PENDING_SETTING,
  listAccountRecords,
  nextOrder,
  parseAccountName,
  SELECTED_ADDRESS_SETTING,
  toView,
} from './account-book';
import { AccountExistsError, InvalidInputError, VaultExistsError } from './errors';
import { checkNewPassword, checkPassword, type KeyringCore } from './keyring-core';
import {
  generateRecoveryPhrase,
  hdAccount,
  hdRootFromMnemonic,
  importedAccount,
  normalizeMnemonic,
  normalizePrivateKey,
} from './keys';
import type { AccountRecord, AccountView, Keychain, VaultSecrets } from './types';
import { UnlockedKeyring } from './unlocked';
import { resealVault, sealVault } from './vault';

// Creating a wallet and adding keys and accounts to it.

export function createWalletSetup(core: KeyringCore) {
  const { db, now, policy, attempts, serial, emitAccounts, readVault, openWithPassword, startSession } = core;
  const { requireUnlocked, touchInternal } = core;

  /** Writes a first vault and its first account in one transaction; refuses to overwrite an existing one. */
  async function initialize(password: string, keychain: Keychain, backupPending = false): Promise<AccountRecord> {
    const secrets: VaultSecrets = { version: 1, keychains: [keychain] };
    const index = keychain.type === 'hd' ? 0 : undefined;
    const address = new UnlockedKeyring(secrets, new Uint8Array(0)).derive(keychain.id, index).address;
    const opened = await sealVault(secrets, password, policy.iterations);
    const record: AccountRecord = {
      address,
      name: keychain.type === 'hd' ? 'Account 1' : 'Imported 1',
      keychainId: keychain.id,
      type: keychain.type,
      order: 0,
      createdAt: now(),
    };
    if (index !== undefined) record.index = index;
    const tx = db.transaction(['vault', 'accounts', 'settings'], 'readwrite');
    if ((await tx.objectStore('vault').get(VAULT_KEY)) !== undefined) {
      tx.abort();
      await tx.done.catch(() => undefined);
      throw new VaultExistsError();
    }
    await tx.objectStore('accounts').clear();
    await Promise.all([
      tx.objectStore('vault').put(opened.record, VAULT_KEY),
      tx.objectStore('accounts').put(record),
      tx.objectStore('settings').put(address, SELECTED_ADDRESS_SETTING),
      backupPending
        ? tx.objectStore('settings').put(true, BACKUP_PENDING_SETTING)
        : tx.objectStore('settings').delete(BACKUP_PENDING_SETTING),
      tx.done,
    ]);
    await attempts.reset();
    await startSession(opened);
    await emitAccounts();
    return record;
  }

  /**
   * Adds a keychain to an existing vault. With the password the vault is re-sealed with a fresh KDF salt
   * and data key; without it (unlocked) the session's data key re-encrypts with a fresh payload salt and IV.
   */
  async function addKeychain(keychain: Keychain, password: string | undefined, record: AccountRecord): Promise<void> {
    if (password !== undefined) {
      const opened = await openWithPassword(password);
      assertNewKeychain(opened.secrets, keychain);
      await assertNewAddress(record.address);
      const secrets: VaultSecrets = { version: 1, keychains: [...opened.secrets.keychains, keychain] };
      const sealed = await sealVault(secrets, password, policy.iterations);
      opened.dataKey.fill(0);
      await writeVaultAndAccount(sealed.record, record);
      await startSession(sealed);
    } else {
      const keyring = await requireUnlocked('import');
      assertNewKeychain(keyring.secrets, keychain);
      await assertNewAddress(record.address);
      const secrets: VaultSecrets = { version: 1, keychains: [...keyring.secrets.keychains, keychain] };
      const resealed = await resealVault(await readVault(), keyring.dataKey, secrets, policy.bounds);
      await writeVaultAndAccount(resealed.record, record);
      keyring.secrets = secrets;
      await touchInternal();
    }
    await emitAccounts();
  }

  async function writeVaultAndAccount(record: unknown, account: AccountRecord): Promise<void> {
    const tx = db.transaction(['vault', 'accounts'], 'readwrite');
    await Promise.all([
      tx.objectStore('vault').put(record, VAULT_KEY),
      tx.objectStore('accounts').put(account),
      tx.done,
    ]);
  }

  async function assertNewAddress(address: Address): Promise<void> {
    if (await db.get('accounts', address)) throw new AccountExistsError(`Account ${address}`);
  }

  function assertNewKeychain(secrets: VaultSecrets, keychain: Keychain): void {
    const same = secrets.keychains.some((k) =>
      k.type === 'hd' && keychain.type === 'hd'
        ? k.mnemonic === keychain.mnemonic
        : k.type === 'imported' && keychain.type === 'imported' && k.privateKey === keychain.privateKey,
    );
    if (same) throw new AccountExistsError(keychain.type === 'hd' ? 'This recovery phrase' : 'This private key');
  }

  return {
    /** New wallet with a fresh phrase. The caller shows the phrase once and has the user confirm it. */
    createWallet({ password, words = 12 }: { password: string; words?: 12 | 24 }) {
      return serial(async () => {
        checkNewPassword(password);
        if (words !== 12 && words !== 24) throw new InvalidInputError('A recovery phrase has 12 or 24 words');
        if ((await db.get('vault', VAULT_KEY)) !== undefined) throw new VaultExistsError();
        const mnemonic = generateRecoveryPhrase(words);
        // Written with the vault: closing the popup before the phrase is confirmed leaves the reminder.
        await initialize(password, { id: crypto.randomUUID(), type: 'hd', mnemonic }, true);
        return { mnemonic };
      });
    },

    /**
     * Without a wallet: restores one from the phrase. With one: adds the phrase as another HD keychain
     * (the password must be the wallet's; the vault is re-sealed with a fresh salt).
     */
    importMnemonic({ password, mnemonic }: { password: string; mnemonic: string }): Promise<AccountView> {
      return serial(async () => {
        const keychain: Keychain = { id: crypto.randomUUID(), type: 'hd', mnemonic: normalizeMnemonic(mnemonic) };
        if ((await db.get('vault', VAULT_KEY)) === undefined) {
          checkNewPassword(password);
          return toView(await initialize(password, keychain));
        }
        checkPassword(password);
        const records = await listAccountRecords(db);
        const record: AccountRecord = {
          address: hdAccount(hdRootFromMnemonic(keychain.mnemonic), 0).address,
          name: `Account ${records.length + 1}`,
          keychainId: keychain.id,
          type: 'hd',
          index: 0,
          order: nextOrder(records),
          createdAt: now(),
        };
        await addKeychain(keychain, password, record);
        return toView(record);
      });
    },

    /**
     * Imports a raw private key as its own keychain. Without a wallet (onboarding) the password is required
     * and becomes the wallet's; with one, either the wallet is unlocked or the password is given.
     */
    importPrivateKey({ privateKey, password }: { privateKey: string; password?: string }): Promise<AccountView> {
      return serial(async () => {
        const keychain: Keychain = {
          id: crypto.randomUUID(),
          type: 'imported',
          privateKey: normalizePrivateKey(privateKey),
        };
        if ((await db.get('vault', VAULT_KEY)) === undefined) {
          checkNewPassword(password);
          return toView(await initialize(password, keychain));
        }
        if (password !== undefined) checkPassword(password);
        const records = await listAccountRecords(db);
        const imported = records.filter((r) => r.type === 'imported').length;
        const record: AccountRecord = {
          address: importedAccount(keychain.privateKey).address,
          name: `Imported ${imported + 1}`,
          keychainId: keychain.id,
          type: 'imported',
          order: nextOrder(records),
          createdAt: now(),
        };
        await addKeychain(keychain, password, record);
        return toView(record);
      });
    },

    /** Next BIP-44 account of an HD keychain (the first one unless keychainId says otherwise). */
    addAccount({ name, keychainId }: { name?: string; keychainId?: string } = {}): Promise<AccountView> {
      return serial(async () => {
        const keyring = await requireUnlocked('add an account');
        const label = name === undefined ? undefined : parseAccountName(name);
        const keychain = keychainId
          ? keyring.keychain(keychainId)
          : keyring.secrets.keychains.find((k) => k.type === 'hd');
        if (keychain?.type !== 'hd') throw new InvalidInputError('Accounts can only be added to a recovery phrase');
        const records = await listAccountRecords(db);
        const index =
          records.filter((r) => r.keychainId === keychain.id).reduce((max, r) => Math.max(max, r.index ?? -1), -1) + 1;
        const address = hdAccount(keyring.root(keychain), index).address;
        await assertNewAddress(address);
        const record: AccountRecord = {
          address,
          name: label ?? `Account ${records.length + 1}`,
          keychainId: keychain.id,
          type: 'hd',
          index,
          order: nextOrder(records),
          createdAt: now(),
        };
        await db.put('accounts', record);
        await touchInternal();
        await emitAccounts();
        return toView(record);
      });
    },
  };
}
