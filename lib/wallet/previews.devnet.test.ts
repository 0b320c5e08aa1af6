// Approval previews through the whole background under node: a dapp's EIP-5792 batch and a call that takes a
// token it does not name, simulated over proven state while the request waits, then compared with the chain.
import 'fake-indexeddb/auto';
import { type Address, encodeFunctionData, erc20Abi, type Hex } from 'viem';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  callRpc,
  type Devnet,
  loadSwapArtifact,
  minedReceipt,
  startDevnet,
  TEST_MNEMONIC,
  TEST_SWAP_ADDRESS,
  TEST_TOKEN_ADDRESS,
} from '../../tests/fixtures/devnet';
import type { TransactionPreview } from '../messages/popup-api';
import { importAndConnect, startDevnetBackground, type TestBackground } from '../testing/background';

const DAPP = 'http://127.0.0.1:5173';
const ALICE: Address = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const ATT = TEST_TOKEN_ADDRESS as Address;
const SWAP = TEST_SWAP_ADDRESS as Address;
const swapAbi = loadSwapArtifact().abi;

let devnet: Devnet;
let background: TestBackground;

beforeAll(async () => {
  devnet = await startDevnet({
    sources: [
      { id: 'alpha', operator: 'Alpha' },
      { id: 'bravo', operator: 'Bravo' },
      { id: 'charlie', operator: 'Charlie' },
    ],
    deployToken: true,
  });
}, 60_000);

afterAll(async () => {
  await devnet?.stop();
});

afterEach(() => background?.close());

async function connectedWallet() {
  background = await startDevnetBackground(devnet);
  const wallet = { mnemonic: TEST_MNEMONIC, password: 'correct horse battery', origin: DAPP, accounts: [ALICE] };
  await importAndConnect(background, wallet);
  return background;
}

/** The preview the pending approval shows, once the wallet has computed it. */
async function shownPreview(): Promise<TransactionPreview> {
  for (let i = 0; i < 400; i++) {
    const [pending] = await background.popup('approvals/list');
    const request = pending?.request;
    if ((request?.kind === 'calls' || request?.kind === 'transaction') && request.preview) return request.preview;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('no preview shown');
}

const mined = (hash: Hex) => minedReceipt(devnet.anvilUrl, hash);

const tokenBalance = async (token: Address, owner: Address) =>
  BigInt(
    await callRpc<Hex>(devnet.anvilUrl, 'eth_call', [
      { to: token, data: encodeFunctionData({ abi: erc20Abi, functionName: 'balanceOf', args: [owner] }) },
      'latest',
    ]),
  );

describe('approval previews in the background', () => {
  it('a wallet_sendCalls batch (approve, then swap) is previewed in order, and the chain then shows the same', async () => {
    const bg = await connectedWallet();
    const amount = 5n * 10n ** 18n;
    const calls = [
      { to: ATT, data: encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [SWAP, amount] }) },
      { to: SWAP, data: encodeFunctionData({ abi: swapAbi, functionName: 'swap', args: [ATT, SWAP, amount] }) },
    ];
    const sending = bg.dapp(DAPP, 'wallet_sendCalls', [
      { version: '2.0.0', chainId: '0x7a69', from: ALICE, atomicRequired: false, calls },
    ]);
    const preview = await shownPreview();
    expect(preview).toMatchObject({
      status: 'verified',
      reverted: false,
      steps: [{ reverted: false }, { reverted: false }],
      unmentioned: [],
      effects: [
        { kind: 'erc20-approval', token: ATT, owner: ALICE, spender: SWAP, amount: String(amount) },
        { kind: 'erc20-transfer', token: ATT, from: ALICE, to: SWAP, amount: String(amount) },
        { kind: 'erc20-transfer', token: SWAP, to: ALICE, amount: String(10n * 10n ** 6n) },
      ],
      // Symbols and decimals of both tokens, read through the verified path.
      tokens: {
        [ATT.toLowerCase()]: { symbol: 'ATT', decimals: 18 },
        [SWAP.toLowerCase()]: { symbol: 'ADS', decimals: 6 },
      },
    });
    const [attBefore, adsBefore] = [await tokenBalance(ATT, ALICE), await tokenBalance(SWAP, ALICE)];
    await bg.decide({ approved: true });
    const { id } = ((await sending) as { result: { id: string } }).result;
    let status = 0;
    for (let i = 0; i < 200 && status !== 200; i++) {
      status = ((await bg.dapp(DAPP, 'wallet_getCallsStatus', [id])) as { result: { status: number } }).result.status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe(200);
    expect(attBefore - (await tokenBalance(ATT, ALICE))).toBe(amount);
    expect((await tokenBalance(SWAP, ALICE)) - adsBefore).toBe(10n * 10n ** 6n);
  });

  it('a call that takes a token its request does not name: the preview says so before approval', async () => {
    const bg = await connectedWallet();
    const approveHash = await callRpc<Hex>(devnet.anvilUrl, 'eth_sendTransaction', [
      {
        from: ALICE,
        to: ATT,
        data: encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [SWAP, 10n ** 18n] }),
      },
    ]);
    // The wallet's pinned block includes the approval before the dapp asks (as it would a moment later).
    const { blockNumber } = await mined(approveHash);
    for (let i = 0; i < 200; i++) {
      const head = (await bg.dapp(DAPP, 'eth_blockNumber')) as { result?: Hex };
      if (head.result && BigInt(head.result) >= BigInt(blockNumber)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const claim = encodeFunctionData({ abi: swapAbi, functionName: 'claim' });
    const sending = bg.dapp(DAPP, 'eth_sendTransaction', [{ from: ALICE, to: SWAP, data: claim }]);
    const preview = await shownPreview();
    expect(preview).toMatchObject({
      status: 'verified',
      unmentioned: [ATT.toLowerCase()],
      effects: [{ kind: 'erc20-transfer', token: ATT, from: ALICE, to: SWAP, amount: String(10n ** 18n) }],
    });
    await bg.decide({ approved: false });
    expect(await sending).toMatchObject({ error: { code: 4001 } });
  });

  it('a gas limit below what the call needs is caught by the preview, and the chain indeed fails it', async () => {
    const bg = await connectedWallet();
    const transfer = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [SWAP, 1n] });
    const tx = { from: ALICE, to: ATT, data: transfer, gas: '0x7530' };
    const sending = bg.dapp(DAPP, 'eth_sendTransaction', [tx]);
    const preview = await shownPreview();
    expect(preview).toMatchObject({ status: 'verified', reverted: false, gasLimit: '30000' });
    if (preview.status !== 'verified') throw new Error(preview.reason);
    expect(BigInt(preview.gasNeeded)).toBeGreaterThan(30_000n);
    await bg.decide({ approved: false });
    expect(await sending).toMatchObject({ error: { code: 4001 } });
    // The same transaction with that limit, mined: out of gas.
    const hash = await callRpc<Hex>(devnet.anvilUrl, 'eth_sendTransaction', [tx]);
    expect((await mined(hash)).status).toBe('0x0');
  });
});
