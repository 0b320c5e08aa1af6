import { mnemonicToSeedSync } from '@scure/bip39';
import { hexToBytes, toHex } from 'viem';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { dumpAccordDb } from '../storage/db';
import { createTestKeyring, OTHER_KEY, PASSWORD } from '../testing/keyring';
import { toBase64 } from './bytes';

beforeEach(() => {
  fakeBrowser.reset();
});

function secretNeedles(mnemonic: string, keys: `0x${string}`[]): string[] {
  const words = mnemonic.split(' ');
  const pairs = words.slice(1).map((word, i) => `${words[i]} ${word}`);
  const seed = toHex(mnemonicToSeedSync(mnemonic));
  const keyForms = keys.flatMap((key) => [key.slice(2), key.slice(2).toUpperCase(), toBase64(hexToBytes(key))]);
  return [mnemonic, ...pairs, seed.slice(2), ...keyForms, PASSWORD];
}

describe('what reaches disk', () => {
  it('IndexedDB and storage.local hold neither the phrase nor any private key after create + unlock + lock', async () => {
    const { keyring, db } = await createTestKeyring();
    const { mnemonic } = await keyring.createWallet({ password: PASSWORD });
    const second = await keyring.addAccount();
    await keyring.importPrivateKey({ privateKey: OTHER_KEY });
    const status = await keyring.status();
    const keys = await Promise.all(
      status.accounts.map(async (a) => (await keyring.exportPrivateKey(a.address, PASSWORD)).privateKey),
    );
    expect(keys).toHaveLength(3);
    expect(keys).toContain(OTHER_KEY);
    expect(status.accounts.map((a) => a.address)).toContain(second.address);

    // While unlocked storage.session holds only the data key and the lock time.
    const session = await fakeBrowser.storage.session.get(null);
    expect(Object.keys(session)).toEqual(['accord:unlock']);
    expect(Object.keys(session['accord:unlock'] as object).sort()).toEqual(['dataKey', 'lockAt', 'v']);

    await keyring.lock();
    await keyring.unlock(PASSWORD);
    await keyring.signPersonalMessage(second.address, 'hello');
    await keyring.lock();

    const dump = JSON.stringify({
      indexedDB: await dumpAccordDb(db),
      local: await fakeBrowser.storage.local.get(null),
    });
    expect(dump).toContain(second.address); // the dump really has the account metadata in it
    for (const needle of secretNeedles(mnemonic, keys)) expect(dump).not.toContain(needle);
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });
});
