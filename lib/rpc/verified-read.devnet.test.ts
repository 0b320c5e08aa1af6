import { encodeFunctionData, erc20Abi, type Hex, numberToHex, pad, parseEther } from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Behaviour,
  type BehaviourOptions,
  callRpc,
  DEFAULT_ACCOUNTS,
  type Devnet,
  minedReceipt,
  TEST_TOKEN_ADDRESS,
} from '../../tests/fixtures/devnet';
import { FIVE_SOURCE_IDS, setupFiveSourceDevnet } from '../../tests/fixtures/devnet/five-sources';
import { createQuorumClient, type QuorumClient, type QuorumClientParameters } from './quorum';
import type { QuorumResult } from './types';

// Verified reads against real anvil: five sources on five loopback hosts (five operators). Liars that
// agree with each other and answer first must lose to the proofs; each test fails if verification is skipped.

const IDS = FIVE_SOURCE_IDS;
const [alice, bob] = DEFAULT_ACCOUNTS;
const net = setupFiveSourceDevnet();
let devnet: Devnet;
beforeAll(() => {
  devnet = net.devnet;
});
const sources = () => net.sourcesOf();

function client(options: Partial<QuorumClientParameters> = {}) {
  return net.track(createQuorumClient({ chainId: devnet.chainId, sources: sources(), timeoutMs: 15_000, ...options }));
}

const truth = (method: string, params: unknown[]) => callRpc(devnet.anvilUrl, method, params);

/** Two fast liars (a, b: one broken backend behind two hosts) and three honest sources 60 ms slower. */
async function collude(behaviour: Behaviour, options: BehaviourOptions = {}) {
  await devnet.setBehaviour('a', behaviour, options);
  await devnet.setBehaviour('b', behaviour, options);
  for (const id of ['c', 'd', 'e']) await devnet.setBehaviour(id, 'slow', { delayMs: 60 });
}

const balanceOfData = (owner: Hex) => encodeFunctionData({ abi: erc20Abi, functionName: 'balanceOf', args: [owner] });
const balance = (c: QuorumClient, address: Hex = alice.address) =>
  c.request({ method: 'eth_getBalance', params: [address, 'latest'] });
const sourceOf = (r: QuorumResult, id: string) => r.evidence.sources.find((s) => s.id === id);

describe('verified reads on the devnet', () => {
  it('verifies a balance from one source’s proof: one request, the true value', async () => {
    const c = client();
    await c.refreshHead();
    await devnet.resetCounts();
    const r = await balance(c);
    expect(r.status).toBe('verified');
    expect(r.value).toBe(await truth('eth_getBalance', [alice.address, numberToHex(r.evidence.anchor!.number)]));
    expect(r.evidence.rule).toBe('proof');
    expect(r.evidence.sources.filter((s) => s.proof === 'valid')).toHaveLength(1);
    const counts = await devnet.counts();
    const proofCalls = Object.values(counts).reduce((n, c) => n + (c.methods.eth_getProof ?? 0), 0);
    const balanceCalls = Object.values(counts).reduce((n, c) => n + (c.methods.eth_getBalance ?? 0), 0);
    expect(proofCalls).toBe(1);
    expect(balanceCalls).toBe(0);
  });

  it('two colluding zero sources answering first: confirmed 0 by agreement, but verified true by proofs', async () => {
    await collude('zero');
    const plain = client({ verify: false });
    await plain.refreshHead();
    const agreed = await balance(plain);
    // The threat itself: without proofs the pair wins.
    expect(agreed).toMatchObject({ status: 'confirmed', value: '0x0' });

    const c = client();
    await c.refreshHead();
    const r = await balance(c);
    expect(r.status).toBe('verified');
    expect(BigInt(r.value as string)).toBeGreaterThan(parseEther('9000'));
    for (const id of ['a', 'b']) {
      const s = sourceOf(r, id);
      if (s?.proof) expect(s).toMatchObject({ status: 'disagree', proof: 'invalid' });
    }
    expect(r.evidence.sources.some((s) => s.proof === 'invalid')).toBe(true);
    expect(r.evidence.sources.find((s) => s.proof === 'valid')?.id).toMatch(/[cde]/);
    // The liar that was caught ranks down: a disagreement on its record (its header was honest, so the
    // failed proof is the only thing that can have put it there), and it scores worse than before.
    const caught = r.evidence.sources.filter((s) => s.proof === 'invalid').map((s) => s.id);
    for (const id of caught) {
      const health = c.health().find((h) => h.id === id)!;
      expect(health.disagreements).toBe(1);
      expect(health.score).toBeGreaterThan(
        Math.max(
          ...c
            .health()
            .filter((h) => /[cde]/.test(h.id))
            .map((h) => h.score),
        ),
      );
    }
    const again = await balance(c, bob.address);
    expect(again.status).toBe('verified');
  });

  it('a source whose proof failed is not asked first on the next reads, though it is the fastest', async () => {
    // 'a' is far faster than the rest, so every account's proof goes to it first, until its proof fails.
    for (const id of ['b', 'c', 'd', 'e']) await devnet.setBehaviour(id, 'slow', { delayMs: 150 });
    const c = client();
    await c.refreshHead();
    const warm = await balance(c, bob.address);
    expect(warm.evidence.sources.find((s) => s.proof === 'valid')?.id).toBe('a');
    await devnet.setBehaviour('a', 'forge', { forge: 'value' });
    const caught = await balance(c);
    expect(caught.status).toBe('verified');
    expect(caught.evidence.sources.find((s) => s.id === 'a')).toMatchObject({ proof: 'invalid', status: 'disagree' });
    expect(c.health().find((h) => h.id === 'a')?.disagreements).toBe(1);
    // The next account is read from an honest source without asking 'a' at all.
    await devnet.resetCounts();
    const next = await balance(c, DEFAULT_ACCOUNTS[2].address);
    expect(next.status).toBe('verified');
    expect(next.evidence.sources.find((s) => s.id === 'a')?.proof).toBeUndefined();
    expect((await devnet.counts('a')).a?.methods.eth_getProof ?? 0).toBe(0);
  });

  it.each(['value', 'node', 'block'] as const)(
    'forged proofs (%s) from two colluding sources never verify',
    async (forge) => {
      await collude('forge', { forge });
      const plain = client({ verify: false });
      await plain.refreshHead();
      const agreed = await balance(plain);
      const block = numberToHex(agreed.evidence.anchor!.number);
      const real = await truth('eth_getBalance', [alice.address, block]);
      expect(agreed.status).toBe('confirmed');
      expect(agreed.value).not.toBe(real);

      const c = client();
      await c.refreshHead();
      const r = await balance(c);
      expect(r).toMatchObject({ status: 'verified', value: real });
      expect(r.evidence.sources.filter((s) => s.proof === 'invalid').length).toBeGreaterThan(0);
    },
  );

  it('no source serves proofs: agreement as before, labelled confirmed and "unsupported"', async () => {
    for (const id of IDS) await devnet.setBehaviour(id, 'noproof');
    const c = client();
    await c.refreshHead();
    const r = await balance(c);
    expect(r.status).toBe('confirmed');
    expect(r.evidence.rule).toBe('state');
    expect(r.evidence.sources.some((s) => s.proof === 'unsupported')).toBe(true);
    expect(r.evidence.sources.some((s) => s.proof === 'valid')).toBe(false);
    // A source that said "not supported" is not asked for proofs again.
    await devnet.resetCounts();
    const next = await balance(c, bob.address);
    expect(next.status).toBe('confirmed');
    const counts = await devnet.counts();
    expect(Object.values(counts).reduce((n, x) => n + (x.methods.eth_getProof ?? 0), 0)).toBeLessThanOrEqual(3);
  });

  it('a slow honest prover whose head probe missed the refresh is still asked for the first read’s proof', async () => {
    // Fast: two zero liars and two honest sources without proofs; the only honest prover answers 250 ms later,
    // after the head refresh has stopped waiting for it.
    await collude('zero');
    await devnet.setBehaviour('c', 'noproof');
    await devnet.setBehaviour('d', 'noproof');
    await devnet.setBehaviour('e', 'slow', { delayMs: 250 });
    const c = client();
    await c.refreshHead();
    expect(c.health().find((h) => h.id === 'e')?.chainId).toBeNull();
    const r = await balance(c);
    expect(r.status).toBe('verified');
    expect(sourceOf(r, 'e')?.proof).toBe('valid');
    expect(r.value).toBe(await truth('eth_getBalance', [alice.address, numberToHex(r.evidence.anchor!.number)]));
  });

  it('sources without proofs still count in agreement; one that serves them verifies', async () => {
    for (const id of ['a', 'b', 'c', 'd']) await devnet.setBehaviour(id, 'noproof');
    const c = client();
    await c.refreshHead();
    const r = await balance(c);
    expect(r.status).toBe('verified');
    expect(sourceOf(r, 'e')?.proof).toBe('valid');
  });

  it('a source reporting another header at the pinned height is outvoted and ranked down', async () => {
    await devnet.setBehaviour('a', 'headerminority');
    const c = client();
    const anchor = await c.refreshHead();
    const block = (await truth('eth_getBlockByNumber', [numberToHex(anchor!.number), false])) as { hash: string };
    expect(anchor).toMatchObject({ hash: block.hash, confirmed: true, confirmations: 4, voters: 5 });
    expect(c.health().find((h) => h.id === 'a')?.disagreements).toBe(1);
    expect((await balance(c)).status).toBe('verified');
  });

  it('no header majority: reads at that unconfirmed anchor are unconfirmed, however many sources agree', async () => {
    // Two operators report one forged header, two the real one, one is down: 2 of 4 is no majority.
    await devnet.setBehaviour('a', 'headerminority');
    await devnet.setBehaviour('b', 'headerminority');
    await devnet.setBehaviour('e', 'down');
    const c = client();
    const anchor = await c.refreshHead();
    expect(anchor).toMatchObject({ confirmed: false, confirmations: 2, voters: 4 });
    const r = await balance(c);
    // Four sources give the same balance at that height, but nobody agreed which block that height is.
    expect(r.evidence.agreeing).toBeGreaterThanOrEqual(2);
    expect(r).toMatchObject({ status: 'unconfirmed', evidence: { capped: 'header-unconfirmed' } });
    expect(r.evidence.sources.some((s) => s.proof === 'valid')).toBe(false);
    const token = await c.request({
      method: 'eth_call',
      params: [{ to: TEST_TOKEN_ADDRESS, data: balanceOfData(alice.address) }, 'latest'],
    });
    expect(token.status).toBe('unconfirmed');
    // For a dapp it is a degradation (and refused in strict mode), never an established value.
    await c.requestForDapp({ method: 'eth_getBalance', params: [alice.address, 'latest'] });
    expect(c.degradations().at(-1)).toMatchObject({ method: 'eth_getBalance', status: 'unconfirmed' });
    c.setStrict(true);
    await expect(c.requestForDapp({ method: 'eth_getBalance', params: [bob.address, 'latest'] })).rejects.toThrow();
    // An explicit older block is not pinned to the anchor: agreement about it still confirms.
    const older = await c.request({ method: 'eth_getBalance', params: [alice.address, '0x1'] });
    expect(older.status).toBe('confirmed');
  });

  it('two colluding header forgers cannot move the anchor; the honest majority sets it', async () => {
    await devnet.setBehaviour('a', 'headerminority');
    await devnet.setBehaviour('b', 'headerminority');
    const c = client();
    const anchor = await c.refreshHead();
    const block = (await truth('eth_getBlockByNumber', [numberToHex(anchor!.number), false])) as { stateRoot: string };
    expect(anchor).toMatchObject({ stateRoot: block.stateRoot, confirmed: true, confirmations: 3 });
  });

  it('verifies nonce, code and storage', async () => {
    const c = client();
    const anchor = await c.refreshHead();
    const block = numberToHex(anchor!.number);
    const nonce = await c.request({ method: 'eth_getTransactionCount', params: [alice.address, 'latest'] });
    expect(nonce).toMatchObject({
      status: 'verified',
      value: await truth('eth_getTransactionCount', [alice.address, block]),
    });
    const code = await c.request({ method: 'eth_getCode', params: [TEST_TOKEN_ADDRESS, 'latest'] });
    expect(code).toMatchObject({ status: 'verified', value: await truth('eth_getCode', [TEST_TOKEN_ADDRESS, block]) });
    const supply = await c.request({ method: 'eth_getStorageAt', params: [TEST_TOKEN_ADDRESS, '0x0', 'latest'] });
    expect(supply).toMatchObject({
      status: 'verified',
      value: pad(numberToHex(1_000_000n * 10n ** 18n), { size: 32 }),
    });
  });

  it('safe and finalized are read at those older blocks, never at the anchor: a payment just mined shows at latest only', async () => {
    const fresh: Hex = '0x5afe000000000000000000000000000000005afe';
    const paid = await truth('eth_sendTransaction', [{ from: bob.address, to: fresh, value: '0x7' }]);
    const { blockNumber } = await minedReceipt(devnet.anvilUrl, paid as Hex);
    const c = client();
    const anchor = await c.refreshHead();
    expect(anchor!.number).toBeGreaterThanOrEqual(Number(blockNumber));
    expect(await c.request({ method: 'eth_getBalance', params: [fresh, 'latest'] })).toMatchObject({
      status: 'verified',
      value: '0x7',
    });
    for (const tag of ['safe', 'finalized']) {
      const atTag = await truth('eth_getBlockByNumber', [tag, false]);
      expect(Number((atTag as { number: Hex }).number)).toBeLessThan(Number(blockNumber));
      const r = await c.request({ method: 'eth_getBalance', params: [fresh, tag] });
      expect(r).toMatchObject({ status: 'confirmed', value: '0x0' });
      expect(r.evidence.rule).toBe('state');
    }
  });

  it('runs eth_call locally over proven state: liars answering first cannot change a token balance', async () => {
    await collude('liar');
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'balanceOf', args: [alice.address] });
    const call = { to: TEST_TOKEN_ADDRESS, data };
    const plain = client({ verify: false });
    await plain.refreshHead();
    const agreed = await plain.request({ method: 'eth_call', params: [call, 'latest'] });
    expect(agreed.status).toBe('confirmed');
    expect(BigInt(agreed.value as string)).toBe(1_000_000n * 10n ** 18n + 1_234_000_000_000_000_000n);

    const c = client();
    await c.refreshHead();
    const r = await c.request({ method: 'eth_call', params: [call, 'latest'] });
    expect(r.status).toBe('verified');
    expect(BigInt(r.value as string)).toBe(1_000_000n * 10n ** 18n);
  });

  it('a call that reverts is verified as that revert, with its reason', async () => {
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [bob.address, 10n ** 40n] });
    const c = client();
    await c.refreshHead();
    const r = await c.request({
      method: 'eth_call',
      params: [{ from: bob.address, to: TEST_TOKEN_ADDRESS, data }, 'latest'],
    });
    expect(r.status).toBe('verified');
    expect(r.error?.code).toBe(3);
    expect(r.error?.message).toMatch(/execution reverted/);
  });

  it('spreads accounts over the near-best sources: one source sees each address, not every source all', async () => {
    // Five sources about equally fast (loopback alone is too noisy to call any two "about equal"); a delay
    // well above a busy machine's scheduling jitter keeps them all near-best.
    for (const id of IDS) await devnet.setBehaviour(id, 'slow', { delayMs: 150 });
    const c = client();
    await c.refreshHead();
    const provers = new Map<string, Set<string>>();
    for (let i = 1; i <= 24; i++) {
      const address = pad(numberToHex(0x1000 + i), { size: 20 });
      const r = await balance(c, address);
      expect(r.status).toBe('verified');
      const prover = r.evidence.sources.find((s) => s.proof === 'valid')!.id;
      provers.set(prover, (provers.get(prover) ?? new Set()).add(address));
      // Asking again gives the same source: affinity, not chance.
      const again = await c.request({
        method: 'eth_getBalance',
        params: [address, numberToHex(r.evidence.anchor!.number)],
      });
      expect(again.evidence.sources.find((s) => s.proof === 'valid')?.id).toBe(prover);
    }
    expect(provers.size).toBeGreaterThan(1);
    for (const seen of provers.values()) expect(seen.size).toBeLessThan(24);
  });

  it('an account’s native and token balances go to the same operator', async () => {
    // Equally fast sources: loopback alone is too noisy to keep the set of near-best sources stable.
    for (const id of IDS) await devnet.setBehaviour(id, 'slow', { delayMs: 80 });
    const c = client();
    await c.refreshHead();
    for (const account of DEFAULT_ACCOUNTS.slice(0, 4)) {
      const native = await balance(c, account.address);
      const data = encodeFunctionData({ abi: erc20Abi, functionName: 'balanceOf', args: [account.address] });
      const token = await c.request({ method: 'eth_call', params: [{ to: TEST_TOKEN_ADDRESS, data }, 'latest'] });
      const prover = (r: QuorumResult) => r.evidence.sources.find((s) => s.proof === 'valid')?.id;
      expect(token.status).toBe('verified');
      expect(prover(token)).toBe(prover(native));
    }
  });

  it('a lone source left after the others are disabled proves nothing against the header agreed before', async () => {
    const c = client();
    await c.refreshHead();
    expect((await balance(c)).status).toBe('verified');
    c.setSources(sources().map((s) => ({ ...s, enabled: s.id === 'c' })));
    await c.refreshHead();
    const r = await balance(c, bob.address);
    expect(r.status).toBe('unconfirmed');
    expect(r.evidence.sources.some((s) => s.proof === 'valid')).toBe(false);
  });
});
