import { createPublicClient, erc20Abi, keccak256, numberToHex, parseEther } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Behaviour,
  DEFAULT_ACCOUNTS,
  type Devnet,
  LIAR_DELTA,
  TEST_TOKEN_ADDRESS,
} from '../../tests/fixtures/devnet';
import { FIVE_SOURCE_IDS, setupFiveSourceDevnet } from '../../tests/fixtures/devnet/five-sources';
import { RpcPolicyError } from '../errors';
import type { PolicyErrorData } from './policy';
import { createQuorumClient, type QuorumClient, type QuorumClientParameters } from './quorum';
import type { QuorumResult } from './types';
import { quorumTransport } from './viem-transport';

// The engine against real anvil behind the devnet's fault-injecting endpoints. Five sources, five
// operators; each test switches some of them to a fault and builds a fresh client (fresh health).

/** The RpcPolicyError a dapp request was refused with. */
async function refusal(promise: Promise<unknown>): Promise<RpcPolicyError & { data: PolicyErrorData }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RpcPolicyError);
  return error as RpcPolicyError & { data: PolicyErrorData };
}

const IDS = FIVE_SOURCE_IDS;
const [alice, bob] = DEFAULT_ACCOUNTS;
const net = setupFiveSourceDevnet();
let devnet: Devnet;
beforeAll(() => {
  devnet = net.devnet;
});
const sourcesOf = (ids?: readonly string[]) => net.sourcesOf(ids);

/** Agreement alone (verify: false): proofs are tested in verified-read.devnet.test.ts. */
function client(ids: readonly string[] = IDS, options: Partial<QuorumClientParameters> = {}) {
  const c = createQuorumClient({
    chainId: devnet.chainId,
    sources: sourcesOf(ids),
    // Longer than a test may run: a read that waited for a hung source would fail by the test's timeout.
    timeoutMs: 120_000,
    verify: false,
    ...options,
  });
  return net.track(c);
}

async function truth(method: string, params: unknown[]): Promise<unknown> {
  const response = await fetch(devnet.anvilUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  return ((await response.json()) as { result: unknown }).result;
}

const balanceOf = (c: QuorumClient, address: string = alice.address) =>
  c.request({ method: 'eth_getBalance', params: [address, 'latest'] });
const statusOf = (r: QuorumResult, id: string) => r.evidence.sources.find((s) => s.id === id)?.status;

describe('quorum engine on the devnet', () => {
  it('confirms a balance with k requests when all sources are honest', async () => {
    const c = client();
    await c.refreshHead();
    await devnet.resetCounts();
    const r = await balanceOf(c);
    expect(r.status).toBe('confirmed');
    expect(r.value).toBe(await truth('eth_getBalance', [alice.address, numberToHex(r.evidence.anchor!.number)]));
    const counts = await devnet.counts();
    const getBalanceCalls = Object.values(counts).reduce((n, s) => n + (s.methods.eth_getBalance ?? 0), 0);
    expect(getBalanceCalls).toBe(2);
  });

  const faults: { behaviour: Behaviour; options?: Record<string, number>; expected: string[] }[] = [
    { behaviour: 'down', expected: ['error', 'skipped'] },
    { behaviour: 'hang', expected: ['timeout', 'skipped'] },
    { behaviour: 'slow', options: { delayMs: 1_500 }, expected: ['timeout', 'skipped', 'agree'] },
    { behaviour: 'liar', expected: ['disagree', 'skipped'] },
    { behaviour: 'zero', expected: ['disagree', 'skipped'] },
    { behaviour: 'stale', options: { staleBlocks: 5 }, expected: ['stale', 'skipped'] },
    { behaviour: 'wrongchain', options: { chainId: 1 }, expected: ['wrong-chain'] },
    { behaviour: 'ratelimit', options: { retryAfterSeconds: 2 }, expected: ['error', 'skipped'] },
    { behaviour: 'garbage', expected: ['error', 'skipped'] },
    { behaviour: 'flapping', options: { flapPeriodMs: 300 }, expected: ['agree', 'error', 'skipped'] },
  ];

  for (const fault of faults) {
    it(`confirms the true balance with one source ${fault.behaviour}, without waiting for it`, async () => {
      // The faulty source is the only one besides two honest ones, so it is always a candidate.
      await devnet.setBehaviour('a', fault.behaviour, fault.options);
      const c = client(['a', 'b', 'c']);
      for (let i = 0; i < 3; i++) {
        const r = await c.request({ method: 'eth_getBalance', params: [bob.address, numberToHex(10 + i)] });
        expect(r.status).toBe('confirmed');
        expect(r.value).toBe(await truth('eth_getBalance', [bob.address, numberToHex(10 + i)]));
        expect(fault.expected).toContain(statusOf(r, 'a'));
      }
    });
  }

  it('never confirms a liar or a zero source, even combined with a hang and a stale source', async () => {
    await devnet.setBehaviour('a', 'liar');
    await devnet.setBehaviour('b', 'zero');
    await devnet.setBehaviour('c', 'hang');
    await devnet.setBehaviour('d', 'stale', { staleBlocks: 5 });
    const lonely = client(['a', 'b', 'c', 'd']);
    const r = await balanceOf(lonely);
    expect(r.status).toBe('conflict');
    expect(r.value).toBeNull();
    const error = await refusal(lonely.requestForDapp({ method: 'eth_getBalance', params: [alice.address] }));
    expect(error).toBeInstanceOf(RpcPolicyError);
    expect(error.data.sources.map((s) => s.id)).toEqual(expect.arrayContaining(['a', 'b']));

    // With one honest source more, the honest value wins and the liars are marked.
    const withHonest = client(['a', 'b', 'c', 'd', 'e']);
    const confirmed = await balanceOf(withHonest);
    const anchor = confirmed.evidence.anchor!;
    const expected = await truth('eth_getBalance', [alice.address, numberToHex(anchor.number)]);
    if (confirmed.status === 'confirmed') expect(confirmed.value).toBe(expected);
    else expect(confirmed.status).toBe('conflict');
    expect(confirmed.value).not.toBe(numberToHex(BigInt(expected as string) + LIAR_DELTA));
    expect(confirmed.value).not.toBe('0x0');
  });

  it('hang, liar, rate limit, garbage and stale at once: never a wrong value; confirmed once two honest sources remain', async () => {
    await devnet.setBehaviour('a', 'hang');
    await devnet.setBehaviour('b', 'liar');
    await devnet.setBehaviour('c', 'ratelimit', { retryAfterSeconds: 5 });
    await devnet.setBehaviour('d', 'garbage');
    await devnet.setBehaviour('e', 'stale', { staleBlocks: 2 });
    const both = client(['a', 'b', 'c', 'd', 'e']);
    // e is stale: the anchor is e's head, which the liar also "reached", so liar and e are asked.
    for (let i = 0; i < 3; i++) {
      const r = await balanceOf(both, bob.address);
      expect(['conflict', 'unconfirmed']).toContain(r.status);
      expect(
        r.value === null ||
          r.value === (await truth('eth_getBalance', [bob.address, numberToHex(r.evidence.anchor!.number)])),
      ).toBe(true);
    }
    await devnet.setBehaviour('e', 'honest');
    await devnet.setBehaviour('d', 'honest');
    const recovered = client(['a', 'b', 'c', 'd', 'e']);
    for (let i = 0; i < 3; i++) {
      const r = await recovered.request({ method: 'eth_getBalance', params: [bob.address, numberToHex(i + 2)] });
      expect(r.status).toBe('confirmed');
      expect(r.value).toBe(await truth('eth_getBalance', [bob.address, numberToHex(i + 2)]));
    }
  });

  it('a hung source never stalls a read', async () => {
    const c = client(['a', 'b', 'c'], { hedge: { initialMs: 300 } });
    await c.refreshHead();
    await devnet.setBehaviour('a', 'hang');
    for (let i = 0; i < 5; i++) {
      const r = await c.request({ method: 'eth_getBalance', params: [bob.address, numberToHex(i + 1)] });
      expect(r.status).toBe('confirmed');
    }
  });

  it('a stale source never causes a false conflict: the anchor follows the k-th highest head', async () => {
    await devnet.setBehaviour('a', 'stale', { staleBlocks: 5 });
    const c = client(['a', 'b']);
    const head = Number(await truth('eth_blockNumber', []));
    const r = await balanceOf(c);
    expect(r.status).toBe('confirmed');
    expect(r.evidence.anchor?.number).toBe(head - 5);
    const block = await c.request({ method: 'eth_getBlockByNumber', params: ['latest', false] });
    expect(block.status).toBe('confirmed');
    expect((block.value as { number: string }).number).toBe(numberToHex(head - 5));
  });

  it('excludes a wrong-chain source and reports it', async () => {
    await devnet.setBehaviour('a', 'wrongchain', { chainId: 1 });
    const c = client(['a', 'b', 'c']);
    const r = await balanceOf(c);
    expect(r.status).toBe('confirmed');
    expect(statusOf(r, 'a')).toBe('wrong-chain');
    expect(c.health().find((h) => h.id === 'a')).toMatchObject({ chainId: 1, chainOk: false });
    const counts = await devnet.counts('a');
    expect(counts.a.methods.eth_getBalance ?? 0).toBe(0);
  });

  it('backs off a rate-limited source for its Retry-After, then uses it again', async () => {
    await devnet.setBehaviour('a', 'ratelimit', { retryAfterSeconds: 2 });
    const c = client(['a', 'b', 'c'], { headMaxAgeMs: 0 });
    await c.refreshHead();
    const limited = c.health().find((h) => h.id === 'a')!;
    expect(limited.lastError?.kind).toBe('rate-limited');
    expect(limited.breaker.state).toBe('open');
    const before = (await devnet.counts('a')).a.httpRequests;
    for (let i = 0; i < 5; i++)
      await c.request({ method: 'eth_getBalance', params: [bob.address, numberToHex(i + 1)] });
    await c.refreshHead();
    expect((await devnet.counts('a')).a.httpRequests).toBe(before);
    await devnet.setBehaviour('a', 'honest');
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    await c.refreshHead();
    expect(c.health().find((h) => h.id === 'a')!.breaker.state).toBe('closed');
  });

  it('classifies garbage JSON as bad-json', async () => {
    await devnet.setBehaviour('a', 'garbage');
    const c = client(['a', 'b', 'c']);
    await c.refreshHead();
    expect(c.health().find((h) => h.id === 'a')!.lastError?.kind).toBe('bad-json');
  });

  it('opens the breaker on a dead source and recovers through a half-open probe', async () => {
    await devnet.setBehaviour('a', 'down');
    const c = client(['a', 'b', 'c'], { breaker: { threshold: 3, baseBackoffMs: 300 } });
    for (let i = 0; i < 3; i++) await c.refreshHead();
    expect(c.health().find((h) => h.id === 'a')!.breaker.state).toBe('open');
    await devnet.setBehaviour('a', 'honest');
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(c.health().find((h) => h.id === 'a')!.breaker.state).toBe('half-open');
    await c.refreshHead();
    expect(c.health().find((h) => h.id === 'a')).toMatchObject({ breaker: { state: 'closed' }, chainOk: true });
  });

  it('broadcasts to every healthy source with one dead, and confirms the receipt', async () => {
    const c = client(['a', 'b', 'c', 'd']);
    await c.refreshHead();
    await devnet.setBehaviour('d', 'down');
    const account = privateKeyToAccount(alice.privateKey);
    const nonce = Number(await truth('eth_getTransactionCount', [alice.address, 'latest']));
    const raw = await account.signTransaction({
      chainId: devnet.chainId,
      type: 'eip1559',
      to: bob.address,
      value: parseEther('0.01'),
      nonce,
      gas: 21_000n,
      maxFeePerGas: 10_000_000_000n,
      maxPriorityFeePerGas: 1_000_000_000n,
    });
    const sent = await c.request({ method: 'eth_sendRawTransaction', params: [raw] });
    expect(sent.value).toBe(keccak256(raw));
    expect(sent.status, JSON.stringify(sent.evidence.sources)).toBe('confirmed');
    expect(statusOf(sent, 'd')).toBe('error');
    // As a dapp would: ask until the sources have it (anvil may mine a moment after accepting it).
    let receipt = await c.request({ method: 'eth_getTransactionReceipt', params: [keccak256(raw)] });
    for (let i = 0; i < 50 && receipt.value === null; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      receipt = await c.request({ method: 'eth_getTransactionReceipt', params: [keccak256(raw)] });
    }
    expect(receipt.status).toBe('confirmed');
    expect(receipt.value).toMatchObject({ status: '0x1', transactionHash: keccak256(raw) });
  });

  it('coalesces a burst into batches and deduplicates identical requests (counted at the endpoints)', async () => {
    const c = client(['a', 'b', 'c']);
    await c.refreshHead();
    await devnet.resetCounts();
    const same = await Promise.all(Array.from({ length: 10 }, () => balanceOf(c)));
    expect(same.every((r) => r.status === 'confirmed')).toBe(true);
    let counts = await devnet.counts();
    expect(Object.values(counts).reduce((n, s) => n + (s.methods.eth_getBalance ?? 0), 0)).toBe(2);

    await devnet.resetCounts();
    const viem = createPublicClient({ transport: quorumTransport(c) });
    const holders = Array.from({ length: 60 }, (_, i) => numberToHex(i + 1, { size: 20 }));
    const balances = await Promise.all(
      holders.map((holder) =>
        viem.readContract({ address: TEST_TOKEN_ADDRESS, abi: erc20Abi, functionName: 'balanceOf', args: [holder] }),
      ),
    );
    expect(balances.every((b) => b === 0n)).toBe(true);
    counts = await devnet.counts();
    const calls = Object.values(counts).reduce((n, s) => n + (s.methods.eth_call ?? 0), 0);
    expect(calls).toBeGreaterThanOrEqual(120);
    for (const id of ['a', 'b', 'c']) expect(counts[id].httpRequests).toBeLessThanOrEqual(4);
    expect(Object.values(counts).reduce((n, s) => n + s.batches, 0)).toBeGreaterThanOrEqual(2);
  });

  it('reads a token balance through the viem transport despite a liar', async () => {
    await devnet.setBehaviour('a', 'liar');
    const c = client(['a', 'b', 'c']);
    const viem = createPublicClient({ transport: quorumTransport(c) });
    for (let i = 0; i < 3; i++) {
      const balance = await viem.readContract({
        address: TEST_TOKEN_ADDRESS,
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [alice.address],
      });
      expect(balance).toBe(1_000_000n * 10n ** 18n);
    }
  });
});
