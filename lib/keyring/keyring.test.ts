import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { AUTO_LOCK_ALARM } from '../session/auto-lock';
import { VAULT_KEY } from '../storage/schema';
import {
  createTestKeyring,
  OTHER_ADDRESS,
  OTHER_KEY,
  PASSWORD,
  TEST_ADDRESS_0,
  TEST_ADDRESS_1,
  TEST_KEY_0,
  TEST_MNEMONIC,
} from '../testing/keyring';
import { ATTEMPTS_KEY } from './attempts';
import {
  AccountExistsError,
  IncorrectPasswordError,
  InvalidMnemonicError,
  InvalidPrivateKeyError,
  LockedError,
  TooManyAttemptsError,
  VaultCorruptedError,
  VaultExistsError,
  WeakPasswordError,
} from './errors';
import { createKeyringService } from './keyring';

beforeEach(() => {
  fakeBrowser.reset();
});

describe('creating and importing', () => {
  it('creates a wallet with a 12-word phrase by default and 24 on request', async () => {
    const { keyring } = await createTestKeyring();
    const before = await keyring.status();
    expect(before).toMatchObject({ initialized: false, unlocked: false, accounts: [], selectedAddress: null });
    const { mnemonic } = await keyring.createWallet({ password: PASSWORD });
    expect(mnemonic.split(' ')).toHaveLength(12);
    const status = await keyring.status();
    expect(status).toMatchObject({ initialized: true, unlocked: true, autoLockMinutes: 15 });
    expect(status.accounts).toHaveLength(1);
    expect(status.accounts[0]).toMatchObject({ name: 'Account 1', type: 'hd', index: 0 });
    expect(status.selectedAddress).toBe(status.accounts[0].address);
    await expect(keyring.revealMnemonic(PASSWORD)).resolves.toEqual({ mnemonic });

    const other = await createTestKeyring();
    const long = await other.keyring.createWallet({ password: PASSWORD, words: 24 });
    expect(long.mnemonic.split(' ')).toHaveLength(24);
  });

  it('refuses short passwords and a second wallet over an existing one', async () => {
    const { keyring } = await createTestKeyring();
    await expect(keyring.createWallet({ password: 'short' })).rejects.toThrow(WeakPasswordError);
    await expect(keyring.createWallet({ password: '1234567' })).rejects.toThrow(/at least 8 characters/);
    expect((await keyring.status()).initialized).toBe(false);
    await keyring.createWallet({ password: '12345678' });
    await expect(keyring.createWallet({ password: PASSWORD })).rejects.toThrow(VaultExistsError);
    await expect(keyring.importMnemonic({ password: PASSWORD, mnemonic: TEST_MNEMONIC })).rejects.toThrow(
      IncorrectPasswordError,
    );
  });

  it('imports the test phrase: known addresses at index 0 and 1', async () => {
    const { keyring } = await createTestKeyring();
    const first = await keyring.importMnemonic({ password: PASSWORD, mnemonic: TEST_MNEMONIC });
    expect(first.address).toBe(TEST_ADDRESS_0);
    const second = await keyring.addAccount();
    expect(second).toMatchObject({ address: TEST_ADDRESS_1, index: 1, name: 'Account 2', type: 'hd' });
    const named = await keyring.addAccount({ name: 'Savings' });
    expect(named).toMatchObject({ index: 2, name: 'Savings' });
    expect((await keyring.status()).accounts.map((a) => a.address)).toEqual([
      TEST_ADDRESS_0,
      TEST_ADDRESS_1,
      named.address,
    ]);
  });

  it('renames and selects accounts', async () => {
    const { keyring } = await createTestKeyring();
    await keyring.importMnemonic({ password: PASSWORD, mnemonic: TEST_MNEMONIC });
    await keyring.addAccount();
    const renamed = await keyring.renameAccount(TEST_ADDRESS_1.toLowerCase(), '  Trading  ');
    expect(renamed).toMatchObject({ address: TEST_ADDRESS_1, name: 'Trading' });
    await expect(keyring.renameAccount(TEST_ADDRESS_1, '')).rejects.toThrow(/1 to 40 characters/);
    await expect(keyring.renameAccount(OTHER_ADDRESS, 'x')).rejects.toThrow(/is not in this wallet/);
    await keyring.selectAccount(TEST_ADDRESS_1);
    expect((await keyring.status()).selectedAddress).toBe(TEST_ADDRESS_1);
    await expect(keyring.selectAccount('0x1234')).rejects.toThrow(/Not an address/);
  });

  it('imports a raw private key as its own keychain, and refuses duplicates', async () => {
    const { keyring } = await createTestKeyring();
    await keyring.importMnemonic({ password: PASSWORD, mnemonic: TEST_MNEMONIC });
    const imported = await keyring.importPrivateKey({ privateKey: OTHER_KEY });
    expect(imported).toMatchObject({ address: OTHER_ADDRESS, type: 'imported', name: 'Imported 1' });
    const accounts = (await keyring.status()).accounts;
    expect(new Set(accounts.map((a) => a.keychainId)).size).toBe(2);
    await expect(keyring.importPrivateKey({ privateKey: OTHER_KEY })).rejects.toThrow(AccountExistsError);
    await expect(keyring.importPrivateKey({ privateKey: TEST_KEY_0 })).rejects.toThrow(
      `Account ${TEST_ADDRESS_0} is already in this wallet`,
    );
    await expect(keyring.importPrivateKey({ privateKey: '0xabc' })).rejects.toThrow(InvalidPrivateKeyError);
    await expect(keyring.importMnemonic({ password: PASSWORD, mnemonic: TEST_MNEMONIC })).rejects.toThrow(
      /This recovery phrase is already in this wallet/,
    );
    await expect(
      keyring.importMnemonic({ password: PASSWORD, mnemonic: TEST_MNEMONIC.replace('junk', 'test') }),
    ).rejects.toThrow(InvalidMnemonicError);
    // The imported key survives lock/unlock and can be exported with the password.
    await keyring.lock();
    await keyring.unlock(PASSWORD);
    await expect(keyring.exportPrivateKey(OTHER_ADDRESS, PASSWORD)).resolves.toEqual({ privateKey: OTHER_KEY });
  });

  it('needs the wallet unlocked (or the password) to import a key', async () => {
    const { keyring } = await createTestKeyring();
    await keyring.importMnemonic({ password: PASSWORD, mnemonic: TEST_MNEMONIC });
    await keyring.lock();
    await expect(keyring.importPrivateKey({ privateKey: OTHER_KEY })).rejects.toThrow(LockedError);
    await expect(keyring.importPrivateKey({ privateKey: OTHER_KEY, password: 'wrong password' })).rejects.toThrow(
      IncorrectPasswordError,
    );
    const imported = await keyring.importPrivateKey({ privateKey: OTHER_KEY, password: PASSWORD });
    expect(imported.address).toBe(OTHER_ADDRESS);
    expect((await keyring.status()).unlocked).toBe(true);
  });

  it('onboards with only a private key', async () => {
    const { keyring } = await createTestKeyring();
    await expect(keyring.importPrivateKey({ privateKey: OTHER_KEY })).rejects.toThrow(WeakPasswordError);
    await keyring.importPrivateKey({ privateKey: OTHER_KEY, password: PASSWORD });
    const status = await keyring.status();
    expect(status).toMatchObject({ initialized: true, unlocked: true, selectedAddress: OTHER_ADDRESS });
    await expect(keyring.addAccount()).rejects.toThrow(/only be added to a recovery phrase/);
    await expect(keyring.revealMnemonic(PASSWORD)).rejects.toThrow(/no recovery phrase/);
  });
});

describe('KDF strength', () => {
  it('refuses a lowered iteration count outside tests', async () => {
    const { db } = await createTestKeyring();
    const deps = {
      db,
      sessionStorage: fakeBrowser.storage.session,
      localStorage: fakeBrowser.storage.local,
      alarms: fakeBrowser.alarms,
    };
    vi.stubEnv('MODE', 'production');
    try {
      expect(() => createKeyringService({ ...deps, kdfIterations: 1_000 })).toThrow(/only be overridden in tests/);
      expect(() => createKeyringService(deps)).not.toThrow();
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('unlock, lock and the password', () => {
  it('round-trips: lock wipes, unlock restores', async () => {
    const { keyring } = await createTestKeyring();
    await keyring.importMnemonic({ password: PASSWORD, mnemonic: TEST_MNEMONIC });
    await keyring.lock();
    expect((await keyring.status()).unlocked).toBe(false);
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
    await expect(keyring.signPersonalMessage(TEST_ADDRESS_0, '0x00')).rejects.toThrow(LockedError);
    // The locked UI still shows addresses.
    expect((await keyring.status()).accounts[0].address).toBe(TEST_ADDRESS_0);
    await keyring.unlock(PASSWORD);
    expect((await keyring.status()).unlocked).toBe(true);
  });

  it('wrong password: "Incorrect password", nothing changes, growing delay that survives a restart', async () => {
    const { keyring, db, clock, restart } = await createTestKeyring();
    await keyring.importMnemonic({ password: PASSWORD, mnemonic: TEST_MNEMONIC });
    await keyring.lock();
    const vaultBefore = await db.get('vault', VAULT_KEY);
    const accountsBefore = await db.getAll('accounts');
    for (let i = 0; i < 3; i++)
      await expect(keyring.unlock('not the password')).rejects.toThrow(/^Incorrect password$/);
    expect(await db.get('vault', VAULT_KEY)).toEqual(vaultBefore);
    expect(await db.getAll('accounts')).toEqual(accountsBefore);
    expect((await keyring.status()).unlocked).toBe(false);
    // Three failures: now a delay, even for the right password, and even after a worker restart.
    await expect(keyring.unlock(PASSWORD)).rejects.toThrow(TooManyAttemptsError);
    await expect(restart().unlock(PASSWORD)).rejects.toThrow(/Try again in 1 s/);
    clock.now += 1_000;
    await expect(keyring.unlock('still wrong')).rejects.toThrow(IncorrectPasswordError);
    await expect(keyring.unlock(PASSWORD)).rejects.toThrow(/Try again in 2 s/);
    clock.now += 2_000;
    await expect(keyring.unlock('wrong again')).rejects.toThrow(IncorrectPasswordError);
    await expect(keyring.unlock(PASSWORD)).rejects.toThrow(/Try again in 4 s/);
    clock.now += 4_000;
    await keyring.unlock(PASSWORD);
    expect(await fakeBrowser.storage.local.get(ATTEMPTS_KEY)).toEqual({});
  });

  it('reveal and export need the password again, even while unlocked', async () => {
    const { keyring } = await createTestKeyring();
    await keyring.importMnemonic({ password: PASSWORD, mnemonic: TEST_MNEMONIC });
    await expect(keyring.revealMnemonic('wrong password')).rejects.toThrow(IncorrectPasswordError);
    await expect(keyring.exportPrivateKey(TEST_ADDRESS_0, 'wrong password')).rejects.toThrow(IncorrectPasswordError);
    await expect(keyring.revealMnemonic(PASSWORD)).resolves.toEqual({ mnemonic: TEST_MNEMONIC });
    await expect(keyring.exportPrivateKey(TEST_ADDRESS_0, PASSWORD)).resolves.toEqual({ privateKey: TEST_KEY_0 });
  });

  it('changes the password: new works, old does not, still unlocked', async () => {
    const { keyring, db } = await createTestKeyring();
    await keyring.importMnemonic({ password: PASSWORD, mnemonic: TEST_MNEMONIC });
    const before = await db.get('vault', VAULT_KEY);
    await expect(keyring.changePassword('wrong password', 'new password 1')).rejects.toThrow(IncorrectPasswordError);
    await expect(keyring.changePassword(PASSWORD, 'short')).rejects.toThrow(WeakPasswordError);
    expect(await db.get('vault', VAULT_KEY)).toEqual(before);
    await keyring.changePassword(PASSWORD, 'new password 1');
    expect((await keyring.status()).unlocked).toBe(true);
    await expect(keyring.signPersonalMessage(TEST_ADDRESS_0, 'hi')).resolves.toMatch(/^0x/);
    await keyring.lock();
    await expect(keyring.unlock(PASSWORD)).rejects.toThrow(IncorrectPasswordError);
    await keyring.unlock('new password 1');
    await expect(keyring.revealMnemonic('new password 1')).resolves.toEqual({ mnemonic: TEST_MNEMONIC });
  });

  it('keeps the old vault when writing the new one fails', async () => {
    const { keyring, db } = await createTestKeyring();
    await keyring.importMnemonic({ password: PASSWORD, mnemonic: TEST_MNEMONIC });
    const before = await db.get('vault', VAULT_KEY);
    const spy = vi.spyOn(db, 'transaction').mockImplementationOnce(() => {
      throw new Error('disk full');
    });
    await expect(keyring.changePassword(PASSWORD, 'new password 1')).rejects.toThrow('disk full');
    spy.mockRestore();
    expect(await db.get('vault', VAULT_KEY)).toEqual(before);
    await keyring.lock();
    await keyring.unlock(PASSWORD);
  });
});

describe('session', () => {
  it('stays unlocked across a service-worker restart (new instance, same storage.session)', async () => {
    const { keyring, restart } = await createTestKeyring();
    await keyring.importMnemonic({ password: PASSWORD, mnemonic: TEST_MNEMONIC });
    const revived = restart();
    expect((await revived.status()).unlocked).toBe(true);
    const signature = await revived.signPersonalMessage(TEST_ADDRESS_0, 'after restart');
    expect(signature).toMatch(/^0x[0-9a-f]{130}$/);
    await revived.addAccount();
    await revived.importPrivateKey({ privateKey: OTHER_KEY });
    // And a third worker after that can read the re-encrypted vault with the same session key.
    const third = restart();
    await expect(third.signPersonalMessage(OTHER_ADDRESS, 'x')).resolves.toMatch(/^0x/);
  });

  it('is locked after a browser restart (storage.session emptied)', async () => {
    const { keyring, restart } = await createTestKeyring();
    await keyring.importMnemonic({ password: PASSWORD, mnemonic: TEST_MNEMONIC });
    await fakeBrowser.storage.session.clear();
    const afterRestart = restart();
    expect((await afterRestart.status()).unlocked).toBe(false);
    await expect(afterRestart.signPersonalMessage(TEST_ADDRESS_0, 'x')).rejects.toThrow(LockedError);
  });

  it('auto-locks when the idle alarm fires; activity pushes it back', async () => {
    const { keyring, clock } = await createTestKeyring();
    const changes: boolean[] = [];
    keyring.onLockChange((unlocked) => changes.push(unlocked));
    // Wire the alarm the way the background does.
    fakeBrowser.alarms.onAlarm.addListener((alarm) => void keyring.handleAlarm(alarm.name));
    await keyring.importMnemonic({ password: PASSWORD, mnemonic: TEST_MNEMONIC });
    await keyring.setAutoLockMinutes(5);
    let alarm = await fakeBrowser.alarms.get(AUTO_LOCK_ALARM);
    expect(alarm?.scheduledTime).toBe(clock.now + 5 * 60_000);

    clock.now += 4 * 60_000;
    await keyring.touch();
    alarm = await fakeBrowser.alarms.get(AUTO_LOCK_ALARM);
    expect(alarm?.scheduledTime).toBe(clock.now + 5 * 60_000);

    // A stale firing (before the new lock time) leaves it unlocked.
    await fakeBrowser.alarms.onAlarm.trigger({ name: AUTO_LOCK_ALARM, scheduledTime: clock.now });
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.get(AUTO_LOCK_ALARM)).toBeDefined());
    expect((await keyring.status()).unlocked).toBe(true);

    clock.now += 5 * 60_000;
    await fakeBrowser.alarms.onAlarm.trigger({ name: AUTO_LOCK_ALARM, scheduledTime: clock.now });
    await vi.waitFor(async () => expect((await keyring.status()).unlocked).toBe(false));
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
    expect(await fakeBrowser.alarms.get(AUTO_LOCK_ALARM)).toBeUndefined();
    expect(changes).toEqual([true, false]);
    expect(await keyring.handleAlarm('something-else')).toBe(false);
  });

  it('counts as locked once the idle time passed, even if the alarm never fired', async () => {
    const { keyring, clock, restart } = await createTestKeyring();
    await keyring.importMnemonic({ password: PASSWORD, mnemonic: TEST_MNEMONIC });
    clock.now += 15 * 60_000;
    expect((await restart().status()).unlocked).toBe(false);
    await expect(keyring.signPersonalMessage(TEST_ADDRESS_0, 'x')).rejects.toThrow(LockedError);
  });

  it('activity racing a lock never brings the session back', async () => {
    const { keyring } = await createTestKeyring();
    await keyring.importMnemonic({ password: PASSWORD, mnemonic: TEST_MNEMONIC });
    const signing = keyring.signPersonalMessage(TEST_ADDRESS_0, 'racing');
    await Promise.all([keyring.touch(), keyring.lock(), keyring.touch(), signing.catch(() => null)]);
    expect((await keyring.status()).unlocked).toBe(false);
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });

  it('validates the auto-lock minutes', async () => {
    const { keyring } = await createTestKeyring();
    await expect(keyring.setAutoLockMinutes(0)).rejects.toThrow(/1 to 1440/);
    await expect(keyring.setAutoLockMinutes(1.5)).rejects.toThrow(/1 to 1440/);
    await keyring.setAutoLockMinutes(60);
    expect((await keyring.status()).autoLockMinutes).toBe(60);
  });
});

describe('damaged storage', () => {
  it('a tampered vault gives a clear error and is never replaced without an explicit reset', async () => {
    const { keyring, db } = await createTestKeyring();
    await keyring.importMnemonic({ password: PASSWORD, mnemonic: TEST_MNEMONIC });
    await keyring.lock();
    const stored = (await db.get('vault', VAULT_KEY)) as { payload: { data: string } };
    const tampered = structuredClone(stored);
    tampered.payload.data = `${tampered.payload.data.slice(0, -8)}AAAAAAA=`;
    await db.put('vault', tampered, VAULT_KEY);
    await expect(keyring.unlock(PASSWORD)).rejects.toThrow(VaultCorruptedError);
    await expect(keyring.unlock(PASSWORD)).rejects.toThrow(/damaged or was modified/);
    expect(await db.get('vault', VAULT_KEY)).toEqual(tampered);
    await expect(keyring.createWallet({ password: PASSWORD })).rejects.toThrow(VaultExistsError);
    await expect(keyring.importMnemonic({ password: PASSWORD, mnemonic: TEST_MNEMONIC })).rejects.toThrow(
      VaultCorruptedError,
    );
    expect(await db.get('vault', VAULT_KEY)).toEqual(tampered);
    // Corruption does not count as a wrong password.
    expect(await fakeBrowser.storage.local.get(ATTEMPTS_KEY)).toEqual({});

    await keyring.reset();
    expect(await keyring.status()).toMatchObject({ initialized: false, accounts: [] });
    await keyring.importMnemonic({ password: PASSWORD, mnemonic: TEST_MNEMONIC });
    expect((await keyring.status()).accounts[0].address).toBe(TEST_ADDRESS_0);
  });

  it('a truncated vault record is refused the same way', async () => {
    const { keyring, db } = await createTestKeyring();
    await keyring.createWallet({ password: PASSWORD });
    await keyring.lock();
    const stored = (await db.get('vault', VAULT_KEY)) as Record<string, unknown>;
    const { digest: _digest, payload: _payload, ...truncated } = stored;
    await db.put('vault', truncated, VAULT_KEY);
    await expect(keyring.unlock(PASSWORD)).rejects.toThrow(VaultCorruptedError);
    expect(await db.get('vault', VAULT_KEY)).toEqual(truncated);
  });

  it('altered account metadata never redirects a signature and is repaired on unlock', async () => {
    const { keyring, db } = await createTestKeyring();
    await keyring.importMnemonic({ password: PASSWORD, mnemonic: TEST_MNEMONIC });
    const record = (await db.get('accounts', TEST_ADDRESS_0))!;
    // Someone points the account at index 1 (a different key) while keeping the displayed address.
    await db.put('accounts', { ...record, index: 1 });
    await expect(keyring.signPersonalMessage(TEST_ADDRESS_0, 'x')).rejects.toThrow(/does not match the vault/);
    await keyring.lock();
    await keyring.unlock(PASSWORD);
    const accounts = (await keyring.status()).accounts;
    expect(accounts.map((a) => a.address)).toContain(TEST_ADDRESS_1);
    expect(accounts.every((a) => a.address !== TEST_ADDRESS_0 || a.index === 0)).toBe(true);
  });

  it('refuses a lowered KDF count written into storage (downgrade)', async () => {
    const { keyring, db } = await createTestKeyring();
    await keyring.createWallet({ password: PASSWORD });
    await keyring.lock();
    const stored = (await db.get('vault', VAULT_KEY)) as { kdf: { iterations: number } };
    await db.put('vault', { ...stored, kdf: { ...stored.kdf, iterations: 1 } }, VAULT_KEY);
    await expect(keyring.unlock(PASSWORD)).rejects.toThrow(/outside|damaged/);
  });
});
