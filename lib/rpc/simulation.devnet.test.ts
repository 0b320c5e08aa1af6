import { encodeFunctionData, erc20Abi, type Hex, maxUint256, numberToHex, parseEther, zeroAddress } from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  callRpc,
  DEFAULT_ACCOUNTS,
  type Devnet,
  loadSwapArtifact,
  minedReceipt,
  TEST_SWAP_ADDRESS,
  TEST_TOKEN_ADDRESS,
} from '../../tests/fixtures/devnet';
import { setupFiveSourceDevnet } from '../../tests/fixtures/devnet/five-sources';
import { createQuorumClient } from './quorum';
import type { Simulation } from './simulation';

// Transaction previews against real anvil: each preview is then compared with what the chain shows once the
// same transaction is mined. Sources that lie about touched state make the preview refuse, never mislead.

const [alice, bob] = DEFAULT_ACCOUNTS;
const TOKEN = TEST_TOKEN_ADDRESS as Hex;
const SWAP = TEST_SWAP_ADDRESS as Hex;
const swapAbi = loadSwapArtifact().abi;
const swapCall = (tokenIn: Hex, amountIn: bigint) =>
  encodeFunctionData({ abi: swapAbi, functionName: 'swap', args: [tokenIn, SWAP, amountIn] });
const approveCall = (spender: Hex, amount: bigint) =>
  encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [spender, amount] });
const net = setupFiveSourceDevnet();
let devnet: Devnet;
beforeAll(() => {
  devnet = net.devnet;
});

const client = () =>
  net.track(createQuorumClient({ chainId: devnet.chainId, sources: net.sourcesOf(), timeoutMs: 15_000 }));
const rpc = <T>(method: string, params: unknown[]) => callRpc<T>(devnet.anvilUrl, method, params);
const tokenBalance = async (owner: Hex, token: Hex = TOKEN) =>
  BigInt(
    await rpc<Hex>('eth_call', [
      { to: token, data: encodeFunctionData({ abi: erc20Abi, functionName: 'balanceOf', args: [owner] }) },
      'latest',
    ]),
  );

/** Sends the same transaction for real (anvil signs for its unlocked accounts) and waits for its receipt. */
async function mine(tx: { from: Hex; to: Hex; value?: bigint; data?: Hex }) {
  const hash = await rpc<Hex>('eth_sendTransaction', [
    { from: tx.from, to: tx.to, data: tx.data, value: tx.value === undefined ? undefined : numberToHex(tx.value) },
  ]);
  return minedReceipt(devnet.anvilUrl, hash);
}

function verified(simulation: Simulation) {
  if (simulation.status !== 'verified') throw new Error(`not simulated: ${simulation.reason}`);
  return simulation;
}

describe('transaction previews on the devnet', () => {
  it('an ETH send: the preview’s balance changes are what the chain shows after it is mined', async () => {
    const c = client();
    await c.refreshHead();
    const tx = { from: alice.address, to: bob.address, value: parseEther('0.1') };
    const preview = verified(await c.simulate(tx, { watch: [bob.address] }));
    expect(preview.reverted).toBe(false);
    const delta = (address: Hex) =>
      BigInt(preview.nativeChanges.find((n) => n.address === address.toLowerCase())!.delta);
    expect(delta(alice.address)).toBe(-parseEther('0.1'));
    expect(delta(bob.address)).toBe(parseEther('0.1'));
    expect(BigInt(preview.gasUsed)).toBe(21_000n);

    const bobBefore = BigInt(await rpc<Hex>('eth_getBalance', [bob.address, 'latest']));
    const receipt = await mine(tx);
    expect(receipt.status).toBe('0x1');
    expect(BigInt(receipt.gasUsed)).toBe(BigInt(preview.gasUsed));
    expect(BigInt(await rpc<Hex>('eth_getBalance', [bob.address, 'latest'])) - bobBefore).toBe(delta(bob.address));
  });

  it('an ERC-20 transfer: the Transfer effect moves what the chain moves', async () => {
    const c = client();
    await c.refreshHead();
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [bob.address, 10n ** 19n] });
    const tx = { from: alice.address, to: TOKEN, data };
    const preview = verified(await c.simulate(tx));
    expect(preview.effects).toEqual([
      {
        kind: 'erc20-transfer',
        token: TOKEN,
        from: alice.address,
        to: bob.address,
        amount: '10000000000000000000',
      },
    ]);
    const before = await tokenBalance(bob.address);
    await mine(tx);
    expect((await tokenBalance(bob.address)) - before).toBe(10n ** 19n);
  });

  it('approvals, unlimited and exact, show their spender and amount as the chain records them', async () => {
    const c = client();
    for (const amount of [maxUint256, 5n * 10n ** 18n]) {
      await c.refreshHead();
      const data = encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [bob.address, amount] });
      const tx = { from: alice.address, to: TOKEN, data };
      const preview = verified(await c.simulate(tx));
      expect(preview.effects).toEqual([
        {
          kind: 'erc20-approval',
          token: TOKEN,
          owner: alice.address,
          spender: bob.address,
          amount: String(amount),
        },
      ]);
      expect((await mine(tx)).status).toBe('0x1');
      const allowance = await rpc<Hex>('eth_call', [
        {
          to: TOKEN,
          data: encodeFunctionData({ abi: erc20Abi, functionName: 'allowance', args: [alice.address, bob.address] }),
        },
        'latest',
      ]);
      expect(BigInt(allowance)).toBe(amount);
      await devnet.mine(1);
    }
  });

  it('a transaction that would revert says so, with its reason, and moves nothing', async () => {
    const c = client();
    await c.refreshHead();
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [alice.address, 10n ** 40n] });
    const preview = verified(await c.simulate({ from: bob.address, to: TOKEN, data }));
    expect(preview).toMatchObject({
      reverted: true,
      revertReason: 'ERC20: transfer amount exceeds balance',
      effects: [],
    });
    expect(preview.nativeChanges).toEqual([{ address: bob.address.toLowerCase(), delta: '0' }]);
  });

  it('a swap-like call moves two tokens: what leaves and what arrives, as the chain then shows', async () => {
    expect((await mine({ from: alice.address, to: TOKEN, data: approveCall(SWAP, 10n ** 19n) })).status).toBe('0x1');
    const c = client();
    await c.refreshHead();
    const tx = { from: alice.address, to: SWAP, data: swapCall(TOKEN, 4n * 10n ** 18n) };
    const preview = verified(await c.simulate(tx));
    expect(preview.reverted).toBe(false);
    expect(preview.effects).toEqual([
      { kind: 'erc20-transfer', token: TOKEN, from: alice.address, to: SWAP, amount: String(4n * 10n ** 18n) },
      { kind: 'erc20-transfer', token: SWAP, from: zeroAddress, to: alice.address, amount: String(8n * 10n ** 6n) },
    ]);
    // The call data names the token it takes: nothing unmentioned.
    expect(preview.unmentioned).toEqual([]);
    const [attBefore, adsBefore] = [await tokenBalance(alice.address), await tokenBalance(alice.address, SWAP)];
    const receipt = await mine(tx);
    expect(receipt.status).toBe('0x1');
    expect(BigInt(receipt.gasUsed)).toBe(BigInt(preview.gasUsed));
    expect(attBefore - (await tokenBalance(alice.address))).toBe(4n * 10n ** 18n);
    expect((await tokenBalance(alice.address, SWAP)) - adsBefore).toBe(8n * 10n ** 6n);
  });

  it('a batch runs in order over one state: an approve, then the swap that needs it', async () => {
    // Alone, the swap would revert (no allowance left): only the batch's own approve makes it succeed.
    await mine({ from: alice.address, to: TOKEN, data: approveCall(SWAP, 0n) });
    const c = client();
    await c.refreshHead();
    const batch = [
      { from: alice.address, to: TOKEN, data: approveCall(SWAP, 3n * 10n ** 18n) },
      { from: alice.address, to: SWAP, data: swapCall(TOKEN, 3n * 10n ** 18n) },
    ];
    const alone = verified(await c.simulate(batch[1]!));
    expect(alone).toMatchObject({ reverted: true, revertReason: 'ERC20: insufficient allowance' });
    const preview = verified(await c.simulate(batch));
    expect(preview.steps.map((step) => step.reverted)).toEqual([false, false]);
    expect(preview.effects.map((e) => e.kind)).toEqual(['erc20-approval', 'erc20-transfer', 'erc20-transfer']);
    const adsBefore = await tokenBalance(alice.address, SWAP);
    const receipts = [await mine(batch[0]!), await mine(batch[1]!)];
    expect(receipts.map((r) => r.status)).toEqual(['0x1', '0x1']);
    expect(receipts.map((r) => String(BigInt(r.gasUsed)))).toEqual(preview.steps.map((step) => step.gasUsed));
    expect((await tokenBalance(alice.address, SWAP)) - adsBefore).toBe(6n * 10n ** 6n);

    // A batch whose second call fails: named, and the first still counts.
    await c.refreshHead();
    const failing = verified(
      await c.simulate([batch[0]!, { from: alice.address, to: SWAP, data: swapCall(SWAP, 1n) }]),
    );
    expect(failing.steps).toMatchObject([
      { reverted: false },
      { reverted: true, revertReason: 'swap: unsupported pair' },
    ]);
    expect(failing).toMatchObject({ reverted: true, revertReason: 'swap: unsupported pair' });
  });

  it('a call that takes a token its request does not name is flagged, and the chain agrees it moves', async () => {
    await mine({ from: alice.address, to: TOKEN, data: approveCall(SWAP, 10n ** 18n) });
    const c = client();
    await c.refreshHead();
    const tx = { from: alice.address, to: SWAP, data: encodeFunctionData({ abi: swapAbi, functionName: 'claim' }) };
    const preview = verified(await c.simulate(tx));
    expect(preview.effects).toEqual([
      { kind: 'erc20-transfer', token: TOKEN, from: alice.address, to: SWAP, amount: String(10n ** 18n) },
    ]);
    expect(preview.unmentioned).toEqual([TOKEN.toLowerCase()]);
    const before = await tokenBalance(alice.address);
    expect((await mine(tx)).status).toBe('0x1');
    expect(before - (await tokenBalance(alice.address))).toBe(10n ** 18n);
  });

  it('sources lying about touched state answering first: the preview is still the truth', async () => {
    await devnet.setBehaviour('a', 'liar');
    await devnet.setBehaviour('b', 'liar');
    for (const id of ['c', 'd', 'e']) await devnet.setBehaviour(id, 'slow', { delayMs: 40 });
    const c = client();
    await c.refreshHead();
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [bob.address, 1n] });
    const preview = verified(await c.simulate({ from: alice.address, to: TOKEN, data }));
    expect(preview.reverted).toBe(false);
    expect(preview.effects).toHaveLength(1);
  });

  it('when every source lies about the state it touches, the preview refuses instead of guessing', async () => {
    for (const id of ['a', 'b', 'c', 'd', 'e']) await devnet.setBehaviour(id, 'forge', { forge: 'value' });
    const c = client();
    await c.refreshHead();
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [bob.address, 1n] });
    const preview = await c.simulate({ from: alice.address, to: TOKEN, data });
    expect(preview.status).toBe('unavailable');
    if (preview.status === 'unavailable') expect(preview.reason).toMatch(/could not simulate/);
  });
});
