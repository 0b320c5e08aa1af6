// The background's rules that keep a user from losing data or meeting a silent failure: backup reminder,
// unique chain ids, one spelling per source, dead sources, the last enabled source, k above the operators.
import 'fake-indexeddb/auto';
import type { Address } from 'viem';
import { english, generateMnemonic } from 'viem/accounts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Devnet, startDevnet, TEST_MNEMONIC } from '../../tests/fixtures/devnet';
import { startDevnetBackground, type TestBackground } from '../testing/background';

const PASSWORD = 'correct horse battery';
const DAPP = 'http://127.0.0.1:5173';
const OTHER_KEY = '0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6';

let devnet: Devnet;
let background: TestBackground;

beforeAll(async () => {
  devnet = await startDevnet({
    sources: [
      { id: 'alpha', operator: 'Alpha' },
      { id: 'bravo', operator: 'Bravo' },
      { id: 'down', operator: 'Down', behaviour: 'down' },
    ],
  });
}, 60_000);

afterAll(async () => {
  await devnet?.stop();
});

afterEach(() => background?.close());

async function startWallet() {
  background = await startDevnetBackground(devnet);
  return background;
}

const source = (id: string) => devnet.sourceList.find((s) => s.id === id)!;

describe('backup reminder through the popup contract', () => {
  it('a created wallet reports backupPending until its own words come back; an imported one never does', async () => {
    const bg = await startWallet();
    const { mnemonic } = await bg.popup('wallet/create', { password: PASSWORD, words: 12 });
    expect((await bg.popup('wallet/status')).backupPending).toBe(true);
    await expect(bg.popup('wallet/confirmBackup', { mnemonic: TEST_MNEMONIC })).rejects.toThrow(/not this wallet/);
    const status = await bg.popup('wallet/confirmBackup', { mnemonic });
    expect(status.backupPending).toBe(false);

    await bg.popup('wallet/reset', { confirmation: 'ERASE' });
    await bg.popup('wallet/importMnemonic', { password: PASSWORD, mnemonic: TEST_MNEMONIC });
    expect((await bg.popup('wallet/status')).backupPending).toBe(false);
  });

  it('removing an imported key also takes it away from the sites it was shared with', async () => {
    const bg = await startWallet();
    await bg.popup('wallet/importMnemonic', { password: PASSWORD, mnemonic: TEST_MNEMONIC });
    const imported = await bg.popup('wallet/importPrivateKey', { privateKey: OTHER_KEY });
    await bg.hello(DAPP);
    const answer = bg.dapp(DAPP, 'eth_requestAccounts');
    await bg.decide({ approved: true, accounts: [imported.address as Address] });
    // Dapps see accounts in lower case, as MetaMask reports them.
    expect(await answer).toEqual({ result: [imported.address.toLowerCase()] });

    await expect(bg.popup('accounts/remove', { address: imported.address, password: 'wrong one!' })).rejects.toThrow(
      /Incorrect password/,
    );
    const status = await bg.popup('accounts/remove', { address: imported.address, password: PASSWORD });
    expect(status.accounts.map((a) => a.type)).toEqual(['hd']);
    expect(await bg.popup('sites/list')).toEqual([]);
    expect(await bg.dapp(DAPP, 'eth_accounts')).toEqual({ result: [] });
  });
});

describe('revealing a phrase', () => {
  it("shows the phrase of the account asked for, and refuses an imported key's account", async () => {
    const bg = await startWallet();
    await bg.popup('wallet/importMnemonic', { password: PASSWORD, mnemonic: TEST_MNEMONIC });
    const second = generateMnemonic(english);
    await bg.popup('wallet/importMnemonic', { password: PASSWORD, mnemonic: second });
    const imported = await bg.popup('wallet/importPrivateKey', { privateKey: OTHER_KEY });
    const [first, other] = (await bg.popup('wallet/status')).accounts;
    expect(await bg.popup('wallet/revealMnemonic', { password: PASSWORD })).toEqual({ mnemonic: TEST_MNEMONIC });
    expect(await bg.popup('wallet/revealMnemonic', { password: PASSWORD, address: first.address })).toEqual({
      mnemonic: TEST_MNEMONIC,
    });
    expect(await bg.popup('wallet/revealMnemonic', { password: PASSWORD, address: other.address })).toEqual({
      mnemonic: second,
    });
    await expect(bg.popup('wallet/revealMnemonic', { password: PASSWORD, address: imported.address })).rejects.toThrow(
      /does not belong to a recovery phrase/,
    );
  });
});

describe('networks and sources', () => {
  it('refuses a second network with a known chain id and names the network to edit instead', async () => {
    const bg = await startWallet();
    await expect(
      bg.popup('networks/create', { chainId: 31337, name: 'Dup devnet', symbol: 'ETH' }),
    ).rejects.toMatchObject({
      code: 'network_exists',
      message: 'Chain 31337 is already in your networks as Local devnet. Edit Local devnet instead of adding it again.',
    });
    const networks = await bg.popup('networks/list');
    expect(networks.find((n) => n.chainId === 31337)?.name).toBe('Local devnet');
    expect(await bg.popup('networks/create', { chainId: 4242, name: 'Mine', symbol: 'TST' })).toMatchObject({
      chainId: 4242,
      name: 'Mine',
    });
  });

  it('compares source URLs in one spelling; refuses non-http(s) with a sentence; warns before adding a dead one', async () => {
    const bg = await startWallet();
    const alpha = source('alpha').url;
    const variants = [alpha, `${alpha}/`, alpha.replace('http://', 'HTTP://')];
    for (const url of variants) {
      await expect(bg.popup('sources/add', { chainId: 31337, url, operator: 'Me' })).rejects.toThrow(
        /is already a source of Local devnet \(alpha\)/,
      );
    }
    expect(await bg.popup('sources/test', { url: 'ftp://x' })).toMatchObject({
      chainId: null,
      error: 'Only http(s) URLs can be sources; ftp is not supported.',
    });
    await expect(bg.popup('sources/add', { chainId: 31337, url: 'ftp://x', operator: 'Me' })).rejects.toThrow(
      'Only http(s) URLs can be sources; ftp is not supported.',
    );

    const dead = source('down').url.replace(/:(\d+)$/, (_, port) => `:${Number(port) + 1000}`);
    await expect(bg.popup('sources/add', { chainId: 31337, url: dead, operator: 'Me' })).rejects.toMatchObject({
      code: 'unreachable',
      message: expect.stringMatching(/did not answer .*add it anyway/),
    });
    const added = await bg.popup('sources/add', { chainId: 31337, url: dead, operator: 'Me', allowUnreachable: true });
    expect(added.sources.at(-1)).toMatchObject({ url: dead, operator: 'Me', enabled: true });
  });

  it('keeps one source enabled and k within the enabled operators, saying why', async () => {
    const bg = await startWallet();
    await bg.popup('sources/setEnabled', { chainId: 31337, sourceId: 'down', enabled: false });
    await bg.popup('sources/setEnabled', { chainId: 31337, sourceId: 'bravo', enabled: false });
    await expect(bg.popup('sources/setEnabled', { chainId: 31337, sourceId: 'alpha', enabled: false })).rejects.toThrow(
      'alpha is the last enabled source of Local devnet; with none, nothing can be read. Enable another source first.',
    );
    await bg.popup('sources/setEnabled', { chainId: 31337, sourceId: 'bravo', enabled: true });
    await expect(bg.popup('networks/setQuorum', { chainId: 31337, quorum: 3, strict: false })).rejects.toThrow(
      'k = 3 needs 3 different operators, but Local devnet has 2 enabled: nothing could be confirmed. Add or enable sources of other operators first.',
    );
    expect(await bg.popup('networks/setQuorum', { chainId: 31337, quorum: 2, strict: true })).toMatchObject({
      quorum: 2,
      strict: true,
    });
  });
});
