// A source that lies about nonce, fees and gas (the devnet's `txliar`) against the whole background under
// node: real anvil, the real quorum client, keyring and transactions lib. What gets signed is checked on
// anvil itself.
import 'fake-indexeddb/auto';
import { type Address, encodeFunctionData, erc20Abi, type Hex, maxUint256, parseEther } from 'viem';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Devnet, startDevnet, TEST_MNEMONIC } from '../../tests/fixtures/devnet';
import { TX_LIAR_FEE } from '../../tests/fixtures/devnet/answer-call';
import type { PendingApproval } from '../messages/popup-api';
import { importAndConnect, startDevnetBackground, type TestBackground } from '../testing/background';

const PASSWORD = 'correct horse battery';
const DAPP = 'http://127.0.0.1:5173';
const ALICE: Address = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const BOB: Address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

let devnet: Devnet;
let background: TestBackground;

beforeAll(async () => {
  devnet = await startDevnet({
    sources: [
      { id: 'liar', operator: 'Liar', behaviour: 'txliar' },
      { id: 'alpha', operator: 'Alpha' },
      { id: 'bravo', operator: 'Bravo' },
    ],
    // Deploying the token from ALICE gives her nonce 1, so the liar's 0 is wrong.
    deployToken: true,
  });
}, 60_000);

afterAll(async () => {
  await devnet?.stop();
});

afterEach(async () => {
  background?.close();
  await devnet.setBehaviour('alpha', 'honest');
  await devnet.setBehaviour('bravo', 'honest');
});

async function anvil<T>(method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(devnet.anvilUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  return ((await response.json()) as { result: T }).result;
}

async function walletWithDevnet() {
  background = await startDevnetBackground(devnet);
  await importAndConnect(background, { mnemonic: TEST_MNEMONIC, password: PASSWORD, origin: DAPP, accounts: [ALICE] });
  return background;
}

async function nextApproval(): Promise<PendingApproval> {
  for (let i = 0; i < 600; i++) {
    const [approval] = await background.popup('approvals/list');
    if (approval) return approval;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no approval appeared');
}

describe('a source lying about nonce, fees and gas', () => {
  it('with two honest operators: nonce and fees are the honest ones, and that is what is signed', async () => {
    const bg = await walletWithDevnet();
    const honestNonce = Number(await anvil<Hex>('eth_getTransactionCount', [ALICE, 'latest']));
    const honestTip = BigInt(await anvil<Hex>('eth_maxPriorityFeePerGas'));
    expect(honestNonce).toBeGreaterThan(0);
    const sending = bg.dapp(DAPP, 'eth_sendTransaction', [{ from: ALICE, to: BOB, value: '0x1' }]);
    const approval = await nextApproval();
    expect(approval.request).toMatchObject({ kind: 'transaction', nonce: honestNonce });
    const request = approval.request as Extract<PendingApproval['request'], { kind: 'transaction' }>;
    expect(request.unconfirmed).toBeUndefined();
    expect(BigInt(request.maxPriorityFeePerGas!)).toBe(honestTip);
    expect(BigInt(request.maxPriorityFeePerGas!)).toBeLessThan(TX_LIAR_FEE);
    await bg.popup('approvals/resolve', { id: approval.id, approved: true });
    const hash = ((await sending) as { result: Hex }).result;
    const mined = await anvil<{ nonce: Hex; maxPriorityFeePerGas: Hex }>('eth_getTransactionByHash', [hash]);
    expect(Number(mined.nonce)).toBe(honestNonce);
    expect(BigInt(mined.maxPriorityFeePerGas)).toBe(honestTip);
  });

  it('a call that reverts is refused even when the liar quotes gas for it (a revert is a vote)', async () => {
    const bg = await walletWithDevnet();
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [BOB, maxUint256] });
    const answer = await bg.dapp(DAPP, 'eth_sendTransaction', [{ from: ALICE, to: devnet.tokenAddress, data }]);
    expect(answer).toMatchObject({ error: { message: expect.stringMatching(/revert/i) } });
    expect(await bg.popup('approvals/list')).toEqual([]);
  });

  it('honest sources hung: the liar alone sets nothing without the approval saying so and the user confirming', async () => {
    await devnet.setBehaviour('alpha', 'hang');
    await devnet.setBehaviour('bravo', 'hang');
    const bg = await walletWithDevnet();
    const sending = bg.dapp(DAPP, 'eth_sendTransaction', [{ from: ALICE, to: BOB, value: '0x2' }]);
    const approval = await nextApproval();
    expect(approval.request).toMatchObject({ kind: 'transaction', nonce: 0 });
    const request = approval.request as Extract<PendingApproval['request'], { kind: 'transaction' }>;
    expect(request.unconfirmed).toEqual(expect.arrayContaining(['fees', 'nonce']));
    await expect(bg.popup('approvals/resolve', { id: approval.id, approved: true })).rejects.toThrow(
      /Too few sources agreed/,
    );
    expect(await bg.popup('activity/list', { chainId: 31337 })).toEqual([]);
    await bg.popup('approvals/resolve', { id: approval.id, approved: false });
    expect(await sending).toMatchObject({ error: { code: 4001 } });
  });

  it('popup Send signs the reviewed fees even when a source quotes others later; a taken nonce is reviewed again', async () => {
    const bg = await walletWithDevnet();
    const params = { chainId: 31337, from: ALICE, to: BOB, amount: '0.01' };
    const first = await bg.popup('send/prepare', params);
    const second = await bg.popup('send/prepare', { ...params, amount: '0.02' });
    expect(second.nonce).toBe(first.nonce);
    // Sources now answer with other fees: nothing is prepared again, the reviewed object is signed.
    await devnet.setBehaviour('alpha', 'txliar');
    const sent = await bg.popup('send/submit', { reviewId: second.reviewId });
    if (!('hash' in sent)) throw new Error('expected a hash');
    const mined = await anvil<{ nonce: Hex; maxFeePerGas: Hex; gas: Hex; value: Hex }>('eth_getTransactionByHash', [
      sent.hash,
    ]);
    expect({ nonce: Number(mined.nonce), maxFee: BigInt(mined.maxFeePerGas), value: BigInt(mined.value) }).toEqual({
      nonce: second.nonce,
      maxFee: BigInt(second.maxFeePerGas),
      value: parseEther('0.02'),
    });
    // The first review's nonce is gone: it comes back for review with the next one, unsigned.
    const again = await bg.popup('send/submit', { reviewId: first.reviewId });
    expect(again).toMatchObject({
      review: { nonce: first.nonce + 1, valueWei: first.valueWei },
      reason: expect.stringMatching(/nonce/),
    });
    if (!('review' in again)) throw new Error('expected a review');
    await expect(bg.popup('send/submit', { reviewId: first.reviewId })).rejects.toThrow(/expired/);
    const resent = await bg.popup('send/submit', { reviewId: again.review.reviewId });
    expect(resent).toMatchObject({ hash: expect.stringMatching(/^0x[0-9a-f]{64}$/) });
  });
});
