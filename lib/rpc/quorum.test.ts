import { createPublicClient, keccak256, numberToHex } from 'viem';
import { afterEach, describe, expect, it } from 'vitest';
import { RpcPolicyError } from '../errors';
import { createFakeNetwork, type FakeBehaviour } from '../testing/fake-network';
import type { PolicyErrorData } from './policy';
import { createQuorumClient, type QuorumClient, type QuorumClientParameters, readBalance } from './quorum';
import type { SourceConfig } from './types';
import { quorumTransport } from './viem-transport';

/** The RpcPolicyError a dapp request was refused with. */
async function refusal(promise: Promise<unknown>): Promise<RpcPolicyError & { data: PolicyErrorData }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RpcPolicyError);
  return error as RpcPolicyError & { data: PolicyErrorData };
}

const ALICE = '0x00000000000000000000000000000000000a11ce';
const ONE_ETH = 10n ** 18n;

let clients: QuorumClient[] = [];
afterEach(() => {
  for (const c of clients) c.close();
  clients = [];
});

function setup(behaviours: Record<string, FakeBehaviour>, options: Partial<QuorumClientParameters> = {}) {
  const net = createFakeNetwork();
  net.setBalance(ALICE, 5n * ONE_ETH);
  const sources: SourceConfig[] = Object.entries(behaviours).map(([id, b]) => ({
    id,
    url: net.add(id, b),
    operator: `op-${id}`,
    enabled: true,
  }));
  // The fake network serves no proofs: these tests are about agreement.
  const client = createQuorumClient({
    chainId: net.chainId,
    sources,
    fetch: net.fetch,
    timeoutMs: 5_000,
    verify: false,
    ...options,
  });
  clients.push(client);
  return { net, client, sources };
}

const balance = (client: QuorumClient) => client.request({ method: 'eth_getBalance', params: [ALICE, 'latest'] });
const statuses = (r: { evidence: { sources: { id: string; status: string }[] } }) =>
  Object.fromEntries(r.evidence.sources.map((s) => [s.id, s.status]));

describe('quorum reads', () => {
  it('confirms a balance with exactly k requests when all is healthy', async () => {
    const { net, client } = setup({ a: { kind: 'honest' }, b: { kind: 'honest' }, c: { kind: 'honest' } });
    await client.refreshHead();
    net.resetCounts();
    const r = await balance(client);
    expect(r.status).toBe('confirmed');
    expect(r.value).toBe(numberToHex(5n * ONE_ETH));
    expect(r.evidence.agreeing).toBe(2);
    expect(r.evidence.anchor?.number).toBe(100);
    expect(net.totalHttp()).toBe(2);
    expect(Object.values(statuses(r)).sort()).toEqual(['agree', 'agree', 'skipped']);
  });

  it('pins latest to the anchor and passes explicit blocks through', async () => {
    const { net, client } = setup({ a: { kind: 'honest' }, b: { kind: 'honest' } });
    await client.refreshHead();
    net.mine(3);
    const pinned = await balance(client);
    expect(pinned.evidence.anchor?.number).toBe(100);
    net.resetCounts();
    await client.request({ method: 'eth_getBalance', params: [ALICE, '0x64'] });
    expect(net.source('a').methods.eth_getBalance).toBe(1);
    const head = await client.request({ method: 'eth_blockNumber' });
    expect(head).toMatchObject({ value: '0x64', status: 'confirmed' });
    await client.refreshHead();
    expect(client.anchor()?.number).toBe(103);
  });

  it('never confirms a liar: a fast liar costs one hedge, then loses its rank', async () => {
    const { net, client } = setup({
      liar: { kind: 'liar' },
      a: { kind: 'honest', delayMs: 5 },
      b: { kind: 'honest', delayMs: 5 },
    });
    await client.refreshHead();
    const first = await balance(client);
    expect(first.status).toBe('confirmed');
    expect(first.value).toBe(numberToHex(5n * ONE_ETH));
    expect(statuses(first).liar).toBe('disagree');
    net.resetCounts();
    const second = await client.request({ method: 'eth_getBalance', params: [ALICE, '0x63'] });
    expect(second.status).toBe('confirmed');
    expect(net.source('liar').http).toBe(0);
    expect(client.health().find((h) => h.id === 'liar')?.disagreements).toBe(1);
  });

  it('reports a conflict, naming the sources, when a liar or zero faces one honest source', async () => {
    for (const bad of [{ kind: 'liar' }, { kind: 'zero' }] as const) {
      const { client } = setup({ bad, a: { kind: 'honest' } });
      const r = await balance(client);
      expect(r.status).toBe('conflict');
      expect(r.value).toBeNull();
      const error = await refusal(client.requestForDapp({ method: 'eth_getBalance', params: [ALICE] }));
      expect(error).toBeInstanceOf(RpcPolicyError);
      expect(error.code).toBe(-32603);
      expect(error.message).toMatch(/bad \(op-bad\)/);
      expect(error.message).toMatch(/a \(op-a\)/);
      expect(error.data.reason).toBe('conflict');
      expect(error.data.sources.map((s) => s.id).sort()).toEqual(['a', 'bad']);
    }
  });

  it('one configured source is never confirmed; the value passes unless strict', async () => {
    const { client } = setup({ a: { kind: 'honest' } });
    const r = await balance(client);
    expect(r.status).toBe('unconfirmed');
    expect(r.value).toBe(numberToHex(5n * ONE_ETH));
    expect(await client.requestForDapp({ method: 'eth_getBalance', params: [ALICE] })).toBe(numberToHex(5n * ONE_ETH));
    expect(client.degradations()).toHaveLength(1);
    client.setStrict(true);
    const error = await refusal(client.requestForDapp({ method: 'eth_getBalance', params: [ALICE] }));
    expect(error).toBeInstanceOf(RpcPolicyError);
    expect(error.data.reason).toBe('unconfirmed');
    expect(() => client.setQuorum(1)).toThrow(/at least 2/);
  });

  it('two sources of one operator count once', async () => {
    const net = createFakeNetwork();
    const sources = ['a', 'b'].map((id) => ({ id, url: net.add(id), operator: 'same', enabled: true }));
    const client = createQuorumClient({ chainId: net.chainId, sources, fetch: net.fetch, verify: false });
    clients.push(client);
    expect((await balance(client)).status).toBe('unconfirmed');
  });

  it('a hung source never stalls a read beyond its hedge delay', async () => {
    const { net, client } = setup(
      { h: { kind: 'honest' }, a: { kind: 'honest', delayMs: 20 }, b: { kind: 'honest', delayMs: 20 } },
      // Longer than a test may run: a read that waited for the hung source would fail by the test's timeout.
      { timeoutMs: 120_000, hedge: { initialMs: 200 } },
    );
    await client.refreshHead();
    net.set('h', { kind: 'hang' });
    const r = await balance(client);
    expect(r.status).toBe('confirmed');
    expect(['timeout', 'skipped']).toContain(statuses(r).h);
    // The next read does not pick the source with a call hanging.
    net.resetCounts();
    await client.request({ method: 'eth_getBalance', params: [ALICE, '0x63'] });
    expect(net.source('h').http).toBe(0);
  });

  it('with a hung source and one honest source the read ends unconfirmed, not after the request timeout', async () => {
    // Longer than a test may run: a read that waited for the hung source would fail by the test's timeout.
    const { net, client } = setup({ h: { kind: 'honest' }, a: { kind: 'honest' } }, { timeoutMs: 120_000 });
    await client.refreshHead();
    net.set('h', { kind: 'hang' });
    const r = await balance(client);
    expect(r.status).toBe('unconfirmed');
    expect(statuses(r).h).toBe('timeout');
  });

  it('a stale source never causes a false conflict', async () => {
    const { client } = setup({ s: { kind: 'stale', blocks: 5 }, a: { kind: 'honest' } });
    const r = await balance(client);
    expect(r.status).toBe('confirmed');
    expect(r.evidence.anchor?.number).toBe(95);
    const three = setup({ s: { kind: 'stale', blocks: 5 }, a: { kind: 'honest' }, b: { kind: 'honest' } });
    const r3 = await balance(three.client);
    expect(r3.status).toBe('confirmed');
    expect(r3.evidence.anchor?.number).toBe(100);
    expect(statuses(r3).s).toBe('stale');
    expect(three.client.health().find((h) => h.id === 's')?.lag).toBe(5);
  });

  it('excludes a source that answers for another chain', async () => {
    const { client } = setup({ w: { kind: 'wrongchain', chainId: 1 }, a: { kind: 'honest' }, b: { kind: 'honest' } });
    const r = await balance(client);
    expect(r.status).toBe('confirmed');
    expect(statuses(r).w).toBe('wrong-chain');
    expect(client.health().find((h) => h.id === 'w')).toMatchObject({ chainId: 1, chainOk: false });
  });

  it('garbage JSON and HTTP errors are classified and worked around', async () => {
    const { client } = setup({
      g: { kind: 'garbage' },
      x: { kind: 'http500' },
      a: { kind: 'honest' },
      b: { kind: 'honest' },
    });
    const r = await balance(client);
    expect(r.status).toBe('confirmed');
    const health = Object.fromEntries(client.health().map((h) => [h.id, h]));
    expect(health.g.lastError?.kind).toBe('bad-json');
    expect(health.x.lastError).toMatchObject({ kind: 'http-status', status: 502 });
  });

  it('honours 429 Retry-After with the breaker', async () => {
    const { net, client } = setup({
      r: { kind: 'ratelimit', retryAfterSeconds: 1 },
      a: { kind: 'honest' },
      b: { kind: 'honest' },
    });
    await client.refreshHead();
    const limited = client.health().find((h) => h.id === 'r')!;
    expect(limited.lastError?.kind).toBe('rate-limited');
    expect(limited.breaker.state).toBe('open');
    expect(limited.breaker.openUntil! - Date.now()).toBeGreaterThan(500);
    net.set('r', { kind: 'honest' });
    net.resetCounts();
    await client.refreshHead();
    expect(net.source('r').http).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(client.health().find((h) => h.id === 'r')!.breaker.state).toBe('half-open');
    await client.refreshHead();
    expect(client.health().find((h) => h.id === 'r')).toMatchObject({ chainOk: true, breaker: { state: 'closed' } });
  });

  it('opens the breaker on repeated failures and recovers through a half-open probe', async () => {
    const { net, client } = setup(
      { d: { kind: 'down' }, a: { kind: 'honest' }, b: { kind: 'honest' } },
      { breaker: { threshold: 2, baseBackoffMs: 150 }, headMaxAgeMs: 0 },
    );
    await client.refreshHead();
    await client.refreshHead();
    expect(client.health().find((h) => h.id === 'd')!.breaker.state).toBe('open');
    net.set('d', { kind: 'honest' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(client.health().find((h) => h.id === 'd')!.breaker.state).toBe('half-open');
    await client.refreshHead();
    expect(client.health().find((h) => h.id === 'd')!.breaker.state).toBe('closed');
  });

  it('deduplicates identical requests and coalesces concurrent ones into batches', async () => {
    const { net, client } = setup({ a: { kind: 'honest' }, b: { kind: 'honest' }, c: { kind: 'honest' } });
    await client.refreshHead();
    net.resetCounts();
    const same = await Promise.all([balance(client), balance(client), balance(client)]);
    expect(same.every((r) => r.status === 'confirmed')).toBe(true);
    expect(net.source('a').calls + net.source('b').calls + net.source('c').calls).toBe(2);
    net.resetCounts();
    const calls = Array.from({ length: 40 }, (_, i) =>
      client.request({ method: 'eth_call', params: [{ to: ALICE, data: numberToHex(i + 1, { size: 4 }) }] }),
    );
    const results = await Promise.all(calls);
    expect(results.every((r) => r.status === 'confirmed')).toBe(true);
    for (const id of ['a', 'b', 'c']) expect(net.source(id).http).toBeLessThanOrEqual(2);
    expect(net.source('a').batches + net.source('b').batches + net.source('c').batches).toBeGreaterThan(0);
  });

  it('caches confirmed state reads per anchor', async () => {
    const { net, client } = setup({ a: { kind: 'honest' }, b: { kind: 'honest' } });
    await balance(client);
    net.resetCounts();
    expect((await balance(client)).status).toBe('confirmed');
    expect(net.totalHttp()).toBe(0);
    net.mine(1);
    await client.refreshHead();
    net.resetCounts();
    await balance(client);
    expect(net.source('a').methods.eth_getBalance).toBe(1);
  });

  it('agrees on reverts and passes the revert data to dapps', async () => {
    const { client } = setup({ a: { kind: 'honest' }, b: { kind: 'honest' } });
    const r = await client.request({ method: 'eth_call', params: [{ to: ALICE, data: '0xdead' }] });
    expect(r.status).toBe('confirmed');
    expect(r.error).toMatchObject({ code: 3, data: '0x08c379a0' });
    const error = await client
      .requestForDapp({ method: 'eth_call', params: [{ to: ALICE, data: '0xdead' }] })
      .catch((e) => e);
    expect(error).toMatchObject({ code: 3, data: '0x08c379a0', reason: 'upstream' });
  });

  it('does not believe a receipt only one source has seen', async () => {
    const { net, client } = setup({ a: { kind: 'honest' }, b: { kind: 'stale', blocks: 1 } });
    const hash = keccak256('0xabcd');
    net.addReceipt(hash, 100);
    const lone = await client.request({ method: 'eth_getTransactionReceipt', params: [hash] });
    expect(lone.status).toBe('unconfirmed');
    expect(lone.value).toBeNull();
    expect(lone.evidence.sources.find((s) => s.id === 'a')?.value).toMatchObject({ status: '0x1' });
    net.set('b', { kind: 'honest' });
    const seen = await client.request({ method: 'eth_getTransactionReceipt', params: [hash] });
    expect(seen.status).toBe('confirmed');
    expect(seen.value).toMatchObject({ status: '0x1' });
    const missing = await client.request({ method: 'eth_getTransactionReceipt', params: [keccak256('0x01')] });
    expect(missing).toMatchObject({ status: 'confirmed', value: null });
  });

  it('takes the median of fee data', async () => {
    const { client } = setup({ liar: { kind: 'liar' }, a: { kind: 'honest' }, bb: { kind: 'honest' } });
    await client.refreshHead();
    const r = await client.request({ method: 'eth_gasPrice' });
    expect(r.status).toBe('confirmed');
    expect(BigInt(r.value as string)).toBeLessThan(2_000_000_000n);
  });

  it('answers eth_chainId locally and refuses methods a quorum cannot answer', async () => {
    const { net, client } = setup({ a: { kind: 'honest' }, b: { kind: 'honest' } });
    expect(await client.requestForDapp({ method: 'eth_chainId' })).toBe('0x7a69');
    expect(net.totalHttp()).toBe(0);
    const error = await refusal(client.requestForDapp({ method: 'eth_sendTransaction', params: [{}] }));
    expect(error).toMatchObject({ code: 4200, reason: 'unsupported' });
  });
});

describe('broadcast', () => {
  it('sends to every healthy source, returns the local hash, flags a wrong hash, survives a dead source', async () => {
    const { net, client } = setup({
      a: { kind: 'honest' },
      b: { kind: 'honest' },
      liar: { kind: 'honest' },
      d: { kind: 'honest' },
    });
    await client.refreshHead();
    net.set('d', { kind: 'down' });
    net.set('liar', { kind: 'liar' });
    const raw = '0x02f86c0180843b9aca00';
    const r = await client.request({ method: 'eth_sendRawTransaction', params: [raw] });
    expect(r.value).toBe(keccak256(raw));
    expect(r.status).toBe('confirmed');
    const s = statuses(r);
    expect(s.liar).toBe('disagree');
    expect(s.d).toBe('error');
    expect(await client.requestForDapp({ method: 'eth_sendRawTransaction', params: [raw] })).toBe(keccak256(raw));
  });
});

describe('viem transport', () => {
  it('serves viem clients through the quorum and throws on conflict', async () => {
    const { client } = setup({ a: { kind: 'honest' }, b: { kind: 'honest' } });
    const viemClient = createPublicClient({ transport: quorumTransport(client) });
    expect(await viemClient.getBalance({ address: ALICE })).toBe(5n * ONE_ETH);
    expect((await readBalance(client, ALICE)).value).toBe(5n * ONE_ETH);
    const conflicted = setup({ a: { kind: 'honest' }, liar: { kind: 'liar' } });
    const viemConflicted = createPublicClient({ transport: quorumTransport(conflicted.client) });
    const error = await viemConflicted.getBalance({ address: ALICE }).catch((e) => e);
    expect(error.walk((e: unknown) => e instanceof RpcPolicyError)).toBeInstanceOf(RpcPolicyError);
  });
});
