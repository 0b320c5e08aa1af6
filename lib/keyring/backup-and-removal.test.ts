import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  createTestKeyring,
  OTHER_ADDRESS,
  OTHER_KEY,
  PASSWORD,
  TEST_ADDRESS_0,
  TEST_KEY_0,
  TEST_MNEMONIC,
} from '../testing/keyring';
import { IncorrectPasswordError, InvalidInputError, LockedError } from './errors';

beforeEach(() => {
  fakeBrowser.reset();
});

describe('the backup reminder', () => {
  it('a created wallet is pending backup until the user confirms its own phrase; it survives a restart', async () => {
    const { keyring, restart } = await createTestKeyring();
    const { mnemonic } = await keyring.createWallet({ password: PASSWORD });
    expect((await keyring.status()).backupPending).toBe(true);
    // The popup closing is a worker-independent event: a fresh service over the same storage still knows.
    const again = restart();
    expect((await again.status()).backupPending).toBe(true);
    await expect(again.confirmBackup(TEST_MNEMONIC)).rejects.toThrow(InvalidInputError);
    expect((await again.status()).backupPending).toBe(true);
    await again.confirmBackup(`  ${mnemonic.toUpperCase()} `);
    expect((await again.status()).backupPending).toBe(false);
  });

  it('confirming needs the wallet unlocked', async () => {
    const { keyring } = await createTestKeyring();
    const { mnemonic } = await keyring.createWallet({ password: PASSWORD });
    await keyring.lock();
    await expect(keyring.confirmBackup(mnemonic)).rejects.toThrow(LockedError);
    expect((await keyring.status()).backupPending).toBe(true);
  });

  it('an imported phrase or key needs no reminder, and erasing the wallet clears it', async () => {
    const imported = await createTestKeyring();
    await imported.keyring.importMnemonic({ password: PASSWORD, mnemonic: TEST_MNEMONIC });
    expect((await imported.keyring.status()).backupPending).toBe(false);

    const created = await createTestKeyring();
    await created.keyring.createWallet({ password: PASSWORD });
    await created.keyring.reset();
    expect((await created.keyring.status()).backupPending).toBe(false);
    await created.keyring.importPrivateKey({ privateKey: OTHER_KEY, password: PASSWORD });
    expect((await created.keyring.status()).backupPending).toBe(false);
  });
});

describe('removing an imported key', () => {
  it('removes the key from the vault and its account, with the password; the phrase accounts stay', async () => {
    const { keyring, restart } = await createTestKeyring();
    await keyring.importMnemonic({ password: PASSWORD, mnemonic: TEST_MNEMONIC });
    await keyring.importPrivateKey({ privateKey: OTHER_KEY });
    await keyring.selectAccount(OTHER_ADDRESS);

    await expect(keyring.removeImportedAccount(OTHER_ADDRESS, 'wrong password')).rejects.toThrow(
      IncorrectPasswordError,
    );
    await expect(keyring.removeImportedAccount(TEST_ADDRESS_0, PASSWORD)).rejects.toThrow(/Only imported keys/);
    expect((await keyring.status()).accounts).toHaveLength(2);

    await keyring.removeImportedAccount(OTHER_ADDRESS, PASSWORD);
    const status = await keyring.status();
    expect(status.accounts.map((a) => a.address)).toEqual([TEST_ADDRESS_0]);
    expect(status.selectedAddress).toBe(TEST_ADDRESS_0);
    expect(status.unlocked).toBe(true);
    await expect(keyring.exportPrivateKey(OTHER_ADDRESS, PASSWORD)).rejects.toThrow();
    // Still signs with what is left, and the vault (re-sealed) opens with the same password after a restart.
    await expect(keyring.signPersonalMessage(TEST_ADDRESS_0, 'hello')).resolves.toMatch(/^0x/);
    const again = restart();
    await again.lock();
    await again.unlock(PASSWORD);
    expect((await again.status()).accounts).toHaveLength(1);
    await expect(again.exportPrivateKey(TEST_ADDRESS_0, PASSWORD)).resolves.toEqual({ privateKey: TEST_KEY_0 });
  });

  it("refuses to remove the wallet's only key", async () => {
    const { keyring } = await createTestKeyring();
    await keyring.importPrivateKey({ privateKey: OTHER_KEY, password: PASSWORD });
    await expect(keyring.removeImportedAccount(OTHER_ADDRESS, PASSWORD)).rejects.toThrow(/only account/);
    expect((await keyring.status()).accounts).toHaveLength(1);
  });
});
