// The background end to end under node: real anvil behind devnet sources, the real keyring, quorum
// client, transactions and portfolio; messages delivered with fake senders as the browser would.
import 'fake-indexeddb/auto';
import { type Address, formatEther, type Hex, parseEther, verifyMessage } from 'viem';
import { describe, expect, it } from 'vitest';
import { TEST_MNEMONIC } from '../../tests/fixtures/devnet';
import type { TestBackground } from '../testing/background';
import { devnetWalletHarness, WALLET_PASSWORD } from '../testing/devnet-wallet';

const PASSWORD = WALLET_PASSWORD;
const DAPP = 'http://127.0.0.1:5173';
const OTHER = 'http://127.0.0.1:5174';
const ALICE: Address = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const BOB: Address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
// Dapps see accounts in lowercase (MetaMask compatibility is on by default); the popup keeps checksums.
const alice = ALICE.toLowerCase();
const bob = BOB.toLowerCase();

const harness = devnetWalletHarness();
let background: TestBackground;

async function walletWithDevnet() {
  background = await harness.wallet();
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
    const after = await harness.balanceAt(ALICE, balances[0].balance.block!.number);
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

  it('a connected site asking for accounts while locked: the approval names what it has, and keeps it', async () => {
    const bg = await walletWithDevnet();
    await bg.hello(DAPP);
    await connect(DAPP, [ALICE]);
    await bg.popup('wallet/lock');
    const asking = bg.dapp(DAPP, 'eth_requestAccounts');
    const [approval] = await bg.pendingApprovals();
    expect(approval.request).toEqual({ kind: 'connect', origin: DAPP, shared: [ALICE] });
    await bg.popup('approvals/resolve', { id: approval.id, approved: true, password: PASSWORD, accounts: [ALICE] });
    expect(await asking).toEqual({ result: [alice] });
    // A site never connected is asked without any.
    const other = bg.dapp(OTHER, 'eth_requestAccounts');
    const [fresh] = await bg.pendingApprovals();
    expect(fresh.request).toEqual({ kind: 'connect', origin: OTHER });
    await bg.decide({ approved: false });
    expect(await other).toMatchObject({ error: { code: 4001 } });
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

  it('popup: balances, tokens and send/prepare through the quorum', async () => {
    const bg = await walletWithDevnet();
    const token = harness.devnet().tokenAddress!;
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

  it('Use maximum: the fee of a transfer, so balance minus fee is a send the review accepts to the wei', async () => {
    const bg = await walletWithDevnet();
    const { balances } = await bg.popup('balances/get', {});
    const balance = BigInt(balances[0].balance.value!);
    const { estimatedFeeWei } = await bg.popup('send/fee', { chainId: 31337, from: ALICE, to: BOB });
    const fee = BigInt(estimatedFeeWei);
    expect(fee).toBeGreaterThan(0n);
    const amount = balance - fee;
    const review = await bg.popup('send/prepare', {
      chainId: 31337,
      from: ALICE,
      to: BOB,
      amount: formatEther(amount),
    });
    expect(review).toMatchObject({ valueWei: amount.toString(), estimatedFeeWei, gas: '21000' });
    expect(BigInt(review.valueWei) + BigInt(review.estimatedFeeWei)).toBe(BigInt(review.balance.value!));
    // Asking signs nothing.
    expect(await bg.popup('activity/list', { chainId: 31337 })).toEqual([]);
    await expect(bg.popup('send/fee', { chainId: 31337, from: ALICE, to: '0x12' })).rejects.toThrow(/Not an address/);
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
