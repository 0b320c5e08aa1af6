// Reads through the background under node on a real devnet: balances follow the agreed head, who learns
// the address, and Compare's per-source proofs.
import 'fake-indexeddb/auto';
import { type Address, type Hex, parseEther } from 'viem';
import { describe, expect, it } from 'vitest';
import { callRpc, minedReceipt } from '../../tests/fixtures/devnet';
import type { TestBackground } from '../testing/background';
import { devnetWalletHarness } from '../testing/devnet-wallet';

const ALICE: Address = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const BOB: Address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const alice = ALICE.toLowerCase();

const harness = devnetWalletHarness();

describe('balances follow the agreed head', () => {
  const native = async (bg: TestBackground) => (await bg.popup('balances/get', {})).balances[0].balance;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('after a block someone else mined: the next read shows its value and block, and the popup is told', async () => {
    const bg = await harness.wallet();
    const before = await native(bg);
    expect(before.status).toBe('verified');
    // Bob pays Alice outside the wallet (anvil's unlocked account, automine).
    const hash = await callRpc<Hex>(harness.devnet().anvilUrl, 'eth_sendTransaction', [
      { from: BOB, to: ALICE, value: `0x${parseEther('1').toString(16)}` },
    ]);
    const mined = Number.parseInt((await minedReceipt(harness.devnet().anvilUrl, hash)).blockNumber, 16);
    expect(mined).toBeGreaterThan(before.block!.number);
    const noticesBefore = bg.pageNotices.length;
    // The popup re-reads a second later (its poll, or the notice below); the anchor is then a second old.
    await sleep(1_100);
    const after = await native(bg);
    expect(after.status).toBe('verified');
    expect(after.block!.number).toBeGreaterThanOrEqual(mined);
    expect(after.value).toBe((await harness.balanceAt(ALICE, after.block!.number)).toString());
    expect(BigInt(after.value!) - BigInt(before.value!)).toBe(parseEther('1'));
    // The new anchor tells the popup to re-read its balances.
    expect(bg.pageNotices.slice(noticesBefore)).toContainEqual({
      type: 'popup:changed',
      topics: expect.arrayContaining(['balances']),
    });
  });

  it('after its own send is mined: the balance read right then is the post-send one, at or after that block', async () => {
    const bg = await harness.wallet();
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
    const mined = Number.parseInt((await minedReceipt(harness.devnet().anvilUrl, submitted.hash)).blockNumber, 16);
    // The wallet moved its anchor itself when it saw its transaction mined: no read asked it to.
    const client = await bg.services.networks.client(31337);
    await expect
      .poll(() => client.anchor()?.number ?? 0, { timeout: 2_000, interval: 20 })
      .toBeGreaterThanOrEqual(mined);
    const after = await native(bg);
    expect(after.status).toBe('verified');
    expect(after.block!.number).toBeGreaterThanOrEqual(mined);
    expect(after.value).toBe((await harness.balanceAt(ALICE, after.block!.number)).toString());
    expect(BigInt(before.value!) - BigInt(after.value!)).toBeGreaterThan(parseEther('0.25'));
  });
});

describe('privacy: who learns the address', () => {
  const sawAlice = async () => {
    const counts = await harness.devnet().counts();
    return Object.entries(counts)
      .filter(([, c]) => (c.addresses[alice] ?? 0) > 0)
      .map(([id]) => id)
      .sort();
  };

  it('home reads send the address to one operator (a hedge at most); Compare asks every source', async () => {
    const bg = await harness.wallet();
    await bg.popup('tokens/add', { chainId: 31337, address: harness.devnet().tokenAddress! });
    // The first read sets the anchor; count from a read on a settled client, as home's polls are.
    await bg.popup('balances/get', {});
    await harness.devnet().resetCounts();
    const home = await bg.popup('balances/get', {});
    expect(home.balances.map((b) => b.balance.status)).toEqual(['verified', 'verified']);
    const homeSaw = await sawAlice();
    expect(homeSaw.length).toBeGreaterThanOrEqual(1);
    expect(homeSaw.length).toBeLessThanOrEqual(2);

    await harness.devnet().resetCounts();
    const compare = await bg.popup('balances/get', { compare: true });
    expect(compare.balances[0].balance.status).toBe('verified');
    // Every source that is up was asked ('down' refuses connections, so it cannot count anything).
    expect(await sawAlice()).toEqual(['alpha', 'bravo', 'charlie']);
  });
});

describe('compare: each source’s proof beside its plain answer', () => {
  it('every row says valid, invalid or not offered, for the native balance and a token balance', async () => {
    const bg = await harness.wallet();
    await bg.popup('tokens/add', { chainId: 31337, address: harness.devnet().tokenAddress! });
    try {
      // Home first, while alpha is the only fast source: its proof alone answers (and is what the race knows).
      await harness.devnet().setBehaviour('bravo', 'slow', { delayMs: 150 });
      await harness.devnet().setBehaviour('charlie', 'slow', { delayMs: 150 });
      await bg.popup('balances/get', {});
      const home = await bg.popup('balances/get', {});
      for (const { balance } of home.balances) {
        expect(balance.status).toBe('verified');
        expect(balance.sources.filter((s) => s.proof).map((s) => s.sourceId)).toEqual(['alpha']);
      }
      // Then bravo forges proofs and charlie serves none; Compare asks each of them for its own.
      await harness.devnet().setBehaviour('bravo', 'forge', { forge: 'value' });
      await harness.devnet().setBehaviour('charlie', 'noproof');
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
      await harness.devnet().setBehaviour('bravo', 'honest');
      await harness.devnet().setBehaviour('charlie', 'honest');
    }
  });
});
