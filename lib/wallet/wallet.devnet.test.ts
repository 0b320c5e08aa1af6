// The background end to end under node: real anvil behind devnet sources, the real keyring, quorum
// client, transactions and portfolio; messages delivered with fake senders as the browser would.
import 'fake-indexeddb/auto';
import { type Address, type Hex, parseEther, verifyMessage } from 'viem';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { callRpc, type Devnet, startDevnet, TEST_MNEMONIC } from '../../tests/fixtures/devnet';
import { type AnvilProcess, startAnvil } from '../../tests/fixtures/devnet/anvil';
import { catalogChain, defaultCatalog } from '../rpc/catalog';
import { startDevnetBackground, type TestBackground } from '../testing/background';

const PASSWORD = 'correct horse battery';
const DAPP = 'http://127.0.0.1:5173';
const OTHER = 'http://127.0.0.1:5174';
const ALICE: Address = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const BOB: Address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
// Dapps see accounts in lowercase (MetaMask compatibility is on by default); the popup keeps checksums.
const alice = ALICE.toLowerCase();
const bob = BOB.toLowerCase();

let devnet: Devnet;
let secondChain: AnvilProcess;
let background: TestBackground;

beforeAll(async () => {
  devnet = await startDevnet({
    sources: [
      { id: 'alpha', operator: 'Alpha' },
      { id: 'bravo', operator: 'Bravo' },
      { id: 'charlie', operator: 'Charlie' },
      { id: 'down', operator: 'Down', behaviour: 'down' },
    ],
    deployToken: true,
  });
  secondChain = await startAnvil({ chainId: 1337, mnemonic: TEST_MNEMONIC });
}, 60_000);

afterAll(async () => {
  await secondChain?.stop();
  await devnet?.stop();
});

afterEach(() => background?.close());

async function walletWithDevnet() {
  background = await startDevnetBackground(devnet);
  await background.popup('wallet/importMnemonic', { password: PASSWORD, mnemonic: TEST_MNEMONIC });
  return background;
}

async function connect(origin = DAPP, accounts: Address[] = [ALICE]) {
  const answer = background.dapp(origin, 'eth_requestAccounts');
  const approval = await background.decide({ approved: true, accounts });
  expect(approval.request).toEqual({ kind: 'connect', origin });
  return answer;
}

async function receipt(hash: Hex) {
  for (let i = 0; i < 100; i++) {
    const response = await background.dapp(DAPP, 'eth_getTransactionReceipt', [hash]);
    if ('result' in response && response.result) return response.result as { status: string; blockNumber: string };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no receipt for ${hash}`);
}

async function devnetBalance(address: Address, block: number): Promise<bigint> {
  const response = await fetch(devnet.anvilUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'eth_getBalance',
      params: [address, `0x${block.toString(16)}`],
    }),
  });
  return BigInt(((await response.json()) as { result: string }).result);
}

describe('background with a real devnet', () => {
  it('selects the devnet by default and answers reads through the quorum while a source is down', async () => {
    const bg = await walletWithDevnet();
    const status = await bg.popup('wallet/status');
    expect(status).toMatchObject({ initialized: true, unlocked: true, chainId: 31337, selectedAddress: ALICE });
    expect(await bg.hello(DAPP)).toEqual({ result: { chainId: '0x7a69', accounts: [] } });
    expect(await bg.dapp(DAPP, 'eth_chainId')).toEqual({ result: '0x7a69' });
    const balance = await bg.dapp(DAPP, 'eth_getBalance', [ALICE, 'latest']);
    expect(BigInt((balance as { result: string }).result)).toBeGreaterThan(parseEther('1000'));
    const [devnetView] = await bg.popup('networks/list');
    expect(devnetView).toMatchObject({ chainId: 31337, name: 'Local devnet', quorum: 2, builtIn: true });
    expect(devnetView.sources.map((s) => s.id)).toEqual(['alpha', 'bravo', 'charlie', 'down']);
  });

  it('connects, signs, sends 0.1 ETH through the quorum broadcast and records it as activity', async () => {
    const bg = await walletWithDevnet();
    await bg.hello(DAPP);
    expect(await connect()).toEqual({ result: [alice] });
    expect(await bg.dapp(DAPP, 'eth_accounts')).toEqual({ result: [alice] });
    expect(await bg.popup('sites/list')).toEqual([
      { origin: DAPP, accounts: [ALICE], connectedAt: expect.any(Number) },
    ]);

    const signing = bg.dapp(DAPP, 'personal_sign', ['0x48656c6c6f', ALICE]);
    const approval = await bg.decide({ approved: true });
    expect(approval.request).toMatchObject({ kind: 'personal_sign', message: { text: 'Hello' } });
    const signature = ((await signing) as { result: Hex }).result;
    expect(await verifyMessage({ address: ALICE, message: 'Hello', signature })).toBe(true);

    const sending = bg.dapp(DAPP, 'eth_sendTransaction', [{ from: ALICE, to: BOB, value: '0x16345785d8a0000' }]);
    // The window shows the request at once; the preview, simulated over proven state, joins it.
    await expect
      .poll(async () => {
        const [pending] = await bg.popup('approvals/list');
        return pending?.request.kind === 'transaction' ? pending.request.preview : undefined;
      })
      .toMatchObject({
        status: 'verified',
        reverted: false,
        nativeChanges: [{ address: ALICE.toLowerCase(), delta: (-parseEther('0.1')).toString() }],
        effects: [],
      });
    const txApproval = await bg.decide({ approved: true });
    expect(txApproval.request).toMatchObject({
      kind: 'transaction',
      networkName: 'Local devnet',
      to: BOB,
      value: parseEther('0.1').toString(),
      gas: '21000',
      nonce: expect.any(Number),
    });
    // The nonce is proven (verified), gas and fees agreed: nothing for the user to double-check.
    expect(txApproval.request).not.toHaveProperty('unconfirmed');
    const hash = ((await sending) as { result: Hex }).result;
    expect(await receipt(hash)).toMatchObject({ status: '0x1' });
    const activity = await bg.popup('activity/list', { chainId: 31337 });
    expect(activity[0]).toMatchObject({ hash, origin: DAPP, to: BOB, value: parseEther('0.1').toString() });
    // The receipt is looked for right after the send, not only at the next rebroadcast alarm.
    await expect
      .poll(async () => (await bg.popup('activity/list', { chainId: 31337 }))[0].status, { timeout: 10_000 })
      .toBe('confirmed');
    // Once its own transaction is mined the wallet moves its anchor: balances read right away include it.
    const mined = Number.parseInt((await receipt(hash)).blockNumber, 16);
    const { balances } = await bg.popup('balances/get', {});
    expect(balances[0].balance.block?.number).toBeGreaterThanOrEqual(mined);
    expect(balances[0].balance.status).toBe('verified');
    const after = await devnetBalance(ALICE, balances[0].balance.block!.number);
    expect(balances[0].balance.value).toBe(after.toString());
  });

  it('keeps other origins out: no accounts, 4100 on signing; revoking takes access away and tells the page', async () => {
    const bg = await walletWithDevnet();
    await bg.hello(DAPP, 1);
    await bg.hello(OTHER, 2);
    await connect();
    expect(await bg.dapp(OTHER, 'eth_accounts', undefined, { tabId: 2 })).toEqual({ result: [] });
    expect(await bg.dapp(OTHER, 'personal_sign', ['0x00', ALICE], { tabId: 2 })).toMatchObject({
      error: { code: 4100 },
    });
    await bg.popup('sites/revoke', { origin: DAPP });
    expect(await bg.dapp(DAPP, 'eth_accounts')).toEqual({ result: [] });
    expect(bg.tabs.sent.at(-1)).toEqual({
      tabId: 1,
      frameId: 0,
      message: { type: 'dapp:event', origin: DAPP, event: 'accountsChanged', data: [] },
    });
    expect(
      bg.tabs.sent.some((s) => s.tabId === 2 && (s.message as { event: string }).event === 'accountsChanged'),
    ).toBe(false);
  });

  it('rejecting answers 4001; a locked wallet shows [] and signs after the password in the approval', async () => {
    const bg = await walletWithDevnet();
    await bg.hello(DAPP);
    await connect();
    const rejected = bg.dapp(DAPP, 'personal_sign', ['0x01', ALICE]);
    await bg.decide({ approved: false });
    expect(await rejected).toMatchObject({ error: { code: 4001 } });

    await bg.popup('wallet/lock');
    expect(await bg.dapp(DAPP, 'eth_accounts')).toEqual({ result: [] });
    await new Promise((r) => setTimeout(r, 20));
    expect(bg.tabs.sent.at(-1)?.message).toMatchObject({ event: 'accountsChanged', data: [] });
    const signing = bg.dapp(DAPP, 'personal_sign', ['0x01', ALICE]);
    const [approval] = await bg.pendingApprovals();
    await expect(bg.popup('approvals/resolve', { id: approval.id, approved: true })).rejects.toThrow(/locked/);
    await expect(
      bg.popup('approvals/resolve', { id: approval.id, approved: true, password: 'wrong password' }),
    ).rejects.toThrow(/Incorrect password/);
    await bg.popup('approvals/resolve', { id: approval.id, approved: true, password: PASSWORD });
    expect(await signing).toMatchObject({ result: expect.stringMatching(/^0x[0-9a-f]{130}$/) });
    expect((await bg.popup('wallet/status')).unlocked).toBe(true);
    expect(bg.tabs.sent.at(-1)?.message).toMatchObject({ event: 'accountsChanged', data: [alice] });
  });

  it('erases the wallet only with the typed confirmation, and then forgets connected sites too', async () => {
    const bg = await walletWithDevnet();
    await bg.hello(DAPP);
    await connect();
    await bg.popup('wallet/lock');
    await expect(bg.popup('wallet/reset', { confirmation: 'erase' as 'ERASE' })).rejects.toThrow(/Type ERASE/);
    expect((await bg.popup('wallet/status')).initialized).toBe(true);
    expect(await bg.popup('sites/list')).toHaveLength(1);

    const status = await bg.popup('wallet/reset', { confirmation: 'ERASE' });
    expect(status).toMatchObject({ initialized: false, unlocked: false, accounts: [] });
    expect(await bg.popup('sites/list')).toEqual([]);
    expect(await bg.dapp(DAPP, 'eth_accounts')).toEqual({ result: [] });
    // A new wallet starts clean: the old site is not connected to it.
    await bg.popup('wallet/importMnemonic', { password: PASSWORD, mnemonic: TEST_MNEMONIC });
    expect(await bg.dapp(DAPP, 'eth_accounts')).toEqual({ result: [] });
  });

  it('adds a chain whose rpcUrl proves its chain id, switches to it and back (chainChanged to pages)', async () => {
    const bg = await walletWithDevnet();
    await bg.hello(DAPP);
    const adding = bg.dapp(DAPP, 'wallet_addEthereumChain', [
      {
        chainId: '0x539',
        chainName: 'Second devnet',
        nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
        rpcUrls: [secondChain.url, devnet.sourceList[0].url],
      },
    ]);
    // The URLs are tested once the request is shown; Approve waits for that.
    let approval = (await bg.pendingApprovals())[0];
    for (
      let i = 0;
      i < 200 && approval.request.kind === 'add_chain' && approval.request.sources.some((s) => s.testing);
      i++
    ) {
      await new Promise((r) => setTimeout(r, 10));
      approval = (await bg.popup('approvals/list'))[0];
    }
    await bg.popup('approvals/resolve', { id: approval.id, approved: true });
    expect(approval.request).toMatchObject({
      kind: 'add_chain',
      chainId: 1337,
      sources: [
        { url: `${secondChain.url}/`, reportedChainId: 1337 },
        { url: `${devnet.sourceList[0].url}/`, reportedChainId: 31337, error: expect.stringContaining('0x7a69') },
      ],
    });
    expect(await adding).toEqual({ result: null });
    expect(await bg.dapp(DAPP, 'eth_chainId')).toEqual({ result: '0x539' });
    expect(bg.tabs.sent.at(-1)?.message).toEqual({
      type: 'dapp:event',
      origin: DAPP,
      event: 'chainChanged',
      data: '0x539',
    });
    const added = (await bg.popup('networks/list')).find((n) => n.chainId === 1337);
    expect(added).toMatchObject({ name: 'Second devnet', builtIn: false, sources: [{ url: `${secondChain.url}/` }] });
    expect(await bg.dapp(DAPP, 'eth_blockNumber')).toMatchObject({ result: expect.stringMatching(/^0x/) });
    const switching = bg.dapp(DAPP, 'wallet_switchEthereumChain', [{ chainId: '0x7a69' }]);
    await bg.decide({ approved: true });
    expect(await switching).toEqual({ result: null });
    expect((await bg.popup('wallet/status')).chainId).toBe(31337);
    expect(await bg.dapp(DAPP, 'wallet_switchEthereumChain', [{ chainId: '0x4242' }])).toMatchObject({
      error: { code: 4902 },
    });
  });

  it("adding a chain the wallet has (every catalog chain is built in) offers the switch and never adds the dapp's URL", async () => {
    const bg = await walletWithDevnet();
    await bg.hello(DAPP);
    const catalogIds = defaultCatalog.map((c) => c.chainId);
    const networks = await bg.popup('networks/list');
    // The catalog's networks are all there from the start and cannot be removed: none is ever "new".
    expect(networks.filter((n) => catalogIds.includes(n.chainId)).map((n) => [n.chainId, n.builtIn])).toEqual(
      catalogIds.map((id) => [id, true]),
    );
    await expect(bg.popup('networks/remove', { chainId: 10 })).rejects.toThrow(/built in/);
    const before = networks.find((n) => n.chainId === 10)!;

    // wagmi's way: OP Mainnet with its one URL.
    const adding = bg.dapp(DAPP, 'wallet_addEthereumChain', [
      {
        chainId: '0xa',
        chainName: 'OP Mainnet',
        nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
        rpcUrls: ['https://mainnet.optimism.example/rpc'],
      },
    ]);
    const approval = await bg.decide({ approved: false });
    expect(approval.request).toEqual({
      kind: 'switch_chain',
      origin: DAPP,
      fromChainId: 31337,
      toChainId: 10,
      networkName: before.name,
    });
    expect(await adding).toMatchObject({ error: { code: 4001 } });
    const after = (await bg.popup('networks/list')).find((n) => n.chainId === 10)!;
    expect(after.sources.map((s) => s.url)).toEqual(before.sources.map((s) => s.url));
    expect(after.sources.map((s) => s.url)).toEqual(catalogChain(10)!.sources.map((s) => s.url));

    // The chain the dapp is already on: nothing to ask.
    expect(
      await bg.dapp(DAPP, 'wallet_addEthereumChain', [
        {
          chainId: '0x7a69',
          chainName: 'Local devnet',
          nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
          rpcUrls: [secondChain.url],
        },
      ]),
    ).toEqual({ result: null });
    expect((await bg.popup('networks/list')).find((n) => n.chainId === 31337)!.sources.map((s) => s.url)).not.toContain(
      `${secondChain.url}/`,
    );
    expect(await bg.popup('approvals/list')).toEqual([]);
  });

  it('sends accountsChanged when the user selects another connected account', async () => {
    const bg = await walletWithDevnet();
    const added = await bg.popup('accounts/add', {});
    expect(added.address).toBe(BOB);
    await bg.hello(DAPP);
    expect(await connect(DAPP, [ALICE, BOB])).toEqual({ result: [alice, bob] });
    await bg.popup('accounts/select', { address: BOB });
    await new Promise((r) => setTimeout(r, 20));
    expect(bg.tabs.sent.at(-1)?.message).toMatchObject({ event: 'accountsChanged', data: [bob, alice] });
    expect(await bg.dapp(DAPP, 'eth_accounts')).toEqual({ result: [bob, alice] });
  });

  it('popup: networks and sources — test, add (chain-checked), disable, quorum, user networks', async () => {
    const bg = await walletWithDevnet();
    expect(await bg.popup('sources/test', { url: devnet.sourceList[0].url })).toMatchObject({
      chainId: 31337,
      head: expect.any(Number),
      latencyMs: expect.any(Number),
    });
    expect(await bg.popup('sources/test', { url: secondChain.url, expectedChainId: 31337 })).toMatchObject({
      chainId: 1337,
      error: expect.stringContaining('not 31337'),
    });
    await expect(
      bg.popup('sources/add', { chainId: 31337, url: secondChain.url, operator: 'Me' }),
    ).rejects.toMatchObject({
      code: 'wrong_chain',
    });
    const withAnvil = await bg.popup('sources/add', { chainId: 31337, url: devnet.anvilUrl, operator: 'My node' });
    const mine = withAnvil.sources.at(-1)!;
    expect(mine).toMatchObject({ operator: 'My node', enabled: true, url: devnet.anvilUrl });
    const disabled = await bg.popup('sources/setEnabled', { chainId: 31337, sourceId: 'down', enabled: false });
    expect(disabled.sources.find((s) => s.id === 'down')?.health.state).toBe('disabled');
    expect(await bg.popup('networks/setQuorum', { chainId: 31337, quorum: 3, strict: true })).toMatchObject({
      quorum: 3,
      strict: true,
    });
    await expect(bg.popup('networks/setQuorum', { chainId: 31337, quorum: 1, strict: false })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    expect((await bg.popup('sources/remove', { chainId: 31337, sourceId: mine.id })).sources).toHaveLength(4);

    const custom = await bg.popup('networks/upsert', { chainId: 1337, name: 'Mine', symbol: 'TST' });
    expect(custom).toMatchObject({ chainId: 1337, builtIn: false, sources: [], decimals: 18 });
    await bg.popup('sources/add', { chainId: 1337, url: secondChain.url, operator: 'Me' });
    await bg.popup('networks/select', { chainId: 1337 });
    expect(await bg.dapp(DAPP, 'eth_chainId')).toEqual({ result: '0x539' });
    await bg.popup('networks/remove', { chainId: 1337 });
    expect((await bg.popup('wallet/status')).chainId).toBe(31337);
    await expect(bg.popup('networks/remove', { chainId: 1 })).rejects.toThrow(/built in/);
  });

  it('popup: balances, tokens and send/prepare through the quorum', async () => {
    const bg = await walletWithDevnet();
    const token = devnet.tokenAddress!;
    const added = await bg.popup('tokens/add', { chainId: 31337, address: token });
    // The devnet's test token may already be a default token of chain 31337; adding it again shows it.
    expect(added).toMatchObject({ address: token, decimals: expect.any(Number) });
    const { balances } = await bg.popup('balances/get', {});
    expect(balances.map((b) => b.asset.kind)).toEqual(['native', 'erc20']);
    // Proven against the agreed header: the native balance and the token balance (a local eth_call).
    expect(balances[0].balance.status).toBe('verified');
    expect(balances[1].balance.status).toBe('verified');
    const prepared = await bg.popup('send/prepare', { chainId: 31337, from: ALICE, to: BOB, amount: '1.5' });
    expect(prepared).toMatchObject({ to: BOB, valueWei: parseEther('1.5').toString(), gas: '21000' });
    expect(BigInt(prepared.estimatedFeeWei)).toBeGreaterThan(0n);
    // The review's preview: simulated over proven state, the object the user reviewed.
    expect(await bg.popup('send/preview', { reviewId: prepared.reviewId })).toMatchObject({
      status: 'verified',
      reverted: false,
      nativeChanges: [{ address: ALICE.toLowerCase(), delta: (-parseEther('1.5')).toString() }],
    });
    await expect(bg.popup('send/prepare', { chainId: 31337, from: ALICE, to: '0x1234', amount: '1' })).rejects.toThrow(
      /Not an address/,
    );
    const tokenSend = await bg.popup('send/prepare', { chainId: 31337, from: ALICE, to: BOB, amount: '2', token });
    expect(tokenSend.balance.status).toBe('verified');
    const tokenPreview = await bg.popup('send/preview', { reviewId: tokenSend.reviewId });
    expect(tokenPreview).toMatchObject({
      status: 'verified',
      effects: [{ kind: 'erc20-transfer', from: ALICE, to: BOB, amount: parseEther('2').toString() }],
      tokens: { [token.toLowerCase()]: { decimals: 18 } },
    });
    await bg.popup('tokens/remove', { chainId: 31337, address: token });
    expect((await bg.popup('balances/get', {})).balances).toHaveLength(1);
  });

  it('refuses popup calls from a content script and dapp requests from extension pages', async () => {
    const bg = await walletWithDevnet();
    const fromPage = await bg.send(
      { type: 'popup:request', method: 'wallet/revealMnemonic', params: { password: PASSWORD } },
      bg.dappSender(DAPP),
    );
    expect(fromPage).toEqual({
      ok: false,
      error: { message: expect.stringContaining('own pages'), code: 'forbidden' },
    });
    const fromPopup = await bg.send(
      { type: 'dapp:request', id: 1, request: { method: 'eth_accounts' } },
      bg.popupSender,
    );
    expect(fromPopup).toMatchObject({ error: { code: 4100 } });
  });

  it('closing the approval window answers 4001', async () => {
    const bg = await walletWithDevnet();
    const answer = bg.dapp(DAPP, 'eth_requestAccounts');
    await bg.pendingApprovals();
    await bg.windows.close([...bg.windows.open.keys()].at(-1)!);
    expect(await answer).toMatchObject({ error: { code: 4001 } });
    expect(await bg.popup('approvals/list')).toEqual([]);
  });
});

describe('balances follow the agreed head', () => {
  const native = async (bg: TestBackground) => (await bg.popup('balances/get', {})).balances[0].balance;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('after a block someone else mined: the next read shows its value and block, and the popup is told', async () => {
    const bg = await walletWithDevnet();
    const before = await native(bg);
    expect(before.status).toBe('verified');
    // Bob pays Alice outside the wallet (anvil's unlocked account, automine).
    const hash = await callRpc<Hex>(devnet.anvilUrl, 'eth_sendTransaction', [
      { from: BOB, to: ALICE, value: `0x${parseEther('1').toString(16)}` },
    ]);
    const mined = Number.parseInt((await receipt(hash)).blockNumber, 16);
    expect(mined).toBeGreaterThan(before.block!.number);
    const noticesBefore = bg.pageNotices.length;
    // The popup re-reads a second later (its poll, or the notice below); the anchor is then a second old.
    await sleep(1_100);
    const after = await native(bg);
    expect(after.status).toBe('verified');
    expect(after.block!.number).toBeGreaterThanOrEqual(mined);
    expect(after.value).toBe((await devnetBalance(ALICE, after.block!.number)).toString());
    expect(BigInt(after.value!) - BigInt(before.value!)).toBe(parseEther('1'));
    // The new anchor tells the popup to re-read its balances.
    expect(bg.pageNotices.slice(noticesBefore)).toContainEqual({
      type: 'popup:changed',
      topics: expect.arrayContaining(['balances']),
    });
  });

  it('after its own send is mined: the balance read right then is the post-send one, at or after that block', async () => {
    const bg = await walletWithDevnet();
    const before = await native(bg);
    const review = await bg.popup('send/prepare', { chainId: 31337, from: ALICE, to: BOB, amount: '0.25' });
    const submitted = await bg.popup('send/submit', { reviewId: review.reviewId });
    if (!('hash' in submitted)) throw new Error(`not sent: ${submitted.reason}`);
    await expect
      .poll(
        async () =>
          (await bg.popup('activity/list', { chainId: 31337 })).find((a) => a.hash === submitted.hash)?.status,
        {
          timeout: 10_000,
          interval: 20,
        },
      )
      .toBe('confirmed');
    const mined = Number.parseInt(
      (await callRpc<{ blockNumber: Hex }>(devnet.anvilUrl, 'eth_getTransactionReceipt', [submitted.hash])).blockNumber,
      16,
    );
    // The wallet moved its anchor itself when it saw its transaction mined: no read asked it to.
    const client = await bg.services.networks.client(31337);
    await expect
      .poll(() => client.anchor()?.number ?? 0, { timeout: 2_000, interval: 20 })
      .toBeGreaterThanOrEqual(mined);
    const after = await native(bg);
    expect(after.status).toBe('verified');
    expect(after.block!.number).toBeGreaterThanOrEqual(mined);
    expect(after.value).toBe((await devnetBalance(ALICE, after.block!.number)).toString());
    expect(BigInt(before.value!) - BigInt(after.value!)).toBeGreaterThan(parseEther('0.25'));
  });
});

describe('privacy: who learns the address', () => {
  const sawAlice = async () => {
    const counts = await devnet.counts();
    return Object.entries(counts)
      .filter(([, c]) => (c.addresses[alice] ?? 0) > 0)
      .map(([id]) => id)
      .sort();
  };

  it('home reads send the address to one operator (a hedge at most); Compare asks every source', async () => {
    const bg = await walletWithDevnet();
    await bg.popup('tokens/add', { chainId: 31337, address: devnet.tokenAddress! });
    // The first read sets the anchor; count from a read on a settled client, as home's polls are.
    await bg.popup('balances/get', {});
    await devnet.resetCounts();
    const home = await bg.popup('balances/get', {});
    expect(home.balances.map((b) => b.balance.status)).toEqual(['verified', 'verified']);
    const homeSaw = await sawAlice();
    expect(homeSaw.length).toBeGreaterThanOrEqual(1);
    expect(homeSaw.length).toBeLessThanOrEqual(2);

    await devnet.resetCounts();
    const compare = await bg.popup('balances/get', { compare: true });
    expect(compare.balances[0].balance.status).toBe('verified');
    // Every source that is up was asked ('down' refuses connections, so it cannot count anything).
    expect(await sawAlice()).toEqual(['alpha', 'bravo', 'charlie']);
  });
});

describe('compare: each source’s proof beside its plain answer', () => {
  it('every row says valid, invalid or not offered, for the native balance and a token balance', async () => {
    const bg = await walletWithDevnet();
    await bg.popup('tokens/add', { chainId: 31337, address: devnet.tokenAddress! });
    try {
      // Home first, while alpha is the only fast source: its proof alone answers (and is what the race knows).
      await devnet.setBehaviour('bravo', 'slow', { delayMs: 150 });
      await devnet.setBehaviour('charlie', 'slow', { delayMs: 150 });
      await bg.popup('balances/get', {});
      const home = await bg.popup('balances/get', {});
      for (const { balance } of home.balances) {
        expect(balance.status).toBe('verified');
        expect(balance.sources.filter((s) => s.proof).map((s) => s.sourceId)).toEqual(['alpha']);
      }
      // Then bravo forges proofs and charlie serves none; Compare asks each of them for its own.
      await devnet.setBehaviour('bravo', 'forge', { forge: 'value' });
      await devnet.setBehaviour('charlie', 'noproof');
      const { balances } = await bg.popup('balances/get', { compare: true });
      for (const { balance } of balances) {
        expect(balance.status).toBe('verified');
        const proofOf = (id: string) => balance.sources.find((s) => s.sourceId === id)?.proof;
        expect(proofOf('alpha')).toBe('valid');
        expect(proofOf('bravo')).toBe('invalid');
        expect(proofOf('charlie')).toBe('unsupported');
        // A source that is down answered nothing, proofs included.
        expect(proofOf('down')).toBeUndefined();
        // Beside each proof, its plain answer: the forger's differs from the proven value, the others match it.
        const row = (id: string) => balance.sources.find((s) => s.sourceId === id)!;
        expect(row('bravo').value).not.toBe(balance.value);
        expect(row('charlie')).toMatchObject({ status: 'agree', value: balance.value });
      }
    } finally {
      await devnet.setBehaviour('bravo', 'honest');
      await devnet.setBehaviour('charlie', 'honest');
    }
  });
});
