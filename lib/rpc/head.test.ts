import { afterEach, describe, expect, it } from 'vitest';
import { createFakeNetwork, type FakeBehaviour } from '../testing/fake-network';
import { createQuorumClient, type QuorumClient } from './quorum';
import type { Anchor } from './types';

let clients: QuorumClient[] = [];
afterEach(() => {
  for (const c of clients) c.close();
  clients = [];
});

function setup(behaviours: Record<string, FakeBehaviour>, headMaxAgeMs?: number) {
  const net = createFakeNetwork();
  const sources = Object.entries(behaviours).map(([id, b]) => ({
    id,
    url: net.add(id, b),
    operator: id,
    enabled: true,
  }));
  const client = createQuorumClient({ chainId: net.chainId, sources, fetch: net.fetch, headMaxAgeMs });
  clients.push(client);
  return { net, client };
}

describe('head tracking and the anchor', () => {
  it('confirms the anchor hash with k operators, outvoting a source on another fork', async () => {
    const { net, client } = setup({ fork: { kind: 'fork' }, a: { kind: 'honest' }, b: { kind: 'honest' } });
    const anchor = await client.refreshHead();
    expect(anchor).toMatchObject({ number: 100, hash: net.hashOf(100), confirmations: 2, confirmed: true });
    expect(anchor?.stateRoot).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it('says when the last refresh heard from no source, though it keeps the old anchor', async () => {
    const { net, client } = setup({ a: { kind: 'honest' }, b: { kind: 'honest' } });
    expect(client.sourcesAnswered()).toBeNull();
    const before = await client.refreshHead();
    expect(client.sourcesAnswered()).toBe(true);
    net.set('a', { kind: 'down' });
    net.set('b', { kind: 'down' });
    expect(await client.refreshHead()).toEqual(before);
    expect(client.sourcesAnswered()).toBe(false);
    net.set('a', { kind: 'honest' });
    await client.refreshHead();
    expect(client.sourcesAnswered()).toBe(true);
  });

  it('does not confirm an anchor two sources disagree on', async () => {
    const { client } = setup({ fork: { kind: 'fork' }, a: { kind: 'honest' } });
    const anchor = await client.refreshHead();
    expect(anchor?.confirmed).toBe(false);
    expect((await client.request({ method: 'eth_blockNumber' })).status).toBe('unconfirmed');
  });

  it('takes the header a majority of the answering operators report, and ranks the minority down', async () => {
    const { net, client } = setup({
      f1: { kind: 'fork' },
      f2: { kind: 'fork' },
      a: { kind: 'honest' },
      b: { kind: 'honest' },
      c: { kind: 'honest' },
    });
    const anchor = await client.refreshHead();
    expect(anchor).toMatchObject({ number: 100, hash: net.hashOf(100), confirmations: 3, voters: 5, confirmed: true });
    const disagreements = Object.fromEntries(client.health().map((h) => [h.id, h.disagreements]));
    expect(disagreements).toEqual({ f1: 1, f2: 1, a: 0, b: 0, c: 0 });
  });

  it('leaves the anchor unconfirmed when no header has a majority, even with k votes', async () => {
    const { client } = setup({
      f1: { kind: 'fork' },
      f2: { kind: 'fork' },
      a: { kind: 'honest' },
      b: { kind: 'honest' },
    });
    const anchor = await client.refreshHead();
    expect(anchor).toMatchObject({ confirmations: 2, voters: 4, confirmed: false });
    expect((await client.request({ method: 'eth_blockNumber' })).status).toBe('unconfirmed');
  });

  it('a head refresh is one batched HTTP request per source (chain id and latest block together)', async () => {
    const { net, client } = setup({ a: { kind: 'honest' }, b: { kind: 'honest' }, c: { kind: 'honest' } });
    for (let refresh = 0; refresh < 3; refresh++) {
      net.resetCounts();
      if (refresh > 0) net.mine(1);
      const anchor = await client.refreshHead();
      expect(anchor).toMatchObject({ number: 100 + refresh, confirmed: true });
      for (const id of ['a', 'b', 'c']) {
        expect(net.source(id)).toMatchObject({ http: 1, batches: 1, calls: 2 });
        expect(net.source(id).methods).toEqual({ eth_chainId: 1, eth_getBlockByNumber: 1 });
      }
    }
  });

  it('takes the highest block k operators reached, asking sources that are ahead for its hash', async () => {
    const { net, client } = setup({
      a: { kind: 'honest' },
      s2: { kind: 'stale', blocks: 2 },
      s4: { kind: 'stale', blocks: 4 },
    });
    net.resetCounts();
    const anchor = await client.refreshHead();
    expect(anchor).toMatchObject({ number: 98, hash: net.hashOf(98), confirmed: true });
    // a was ahead: it was asked once more, for block 98.
    expect(net.source('a').methods.eth_getBlockByNumber).toBe(2);
    expect(client.health().map((h) => h.lag)).toEqual([0, 0, 2]);
  });

  it('notifies listeners when the head moves and refreshes in the background when old', async () => {
    const { net, client } = setup({ a: { kind: 'honest' }, b: { kind: 'honest' } }, 0);
    const seen: Anchor[] = [];
    const stop = client.onHead((a) => seen.push(a));
    await client.refreshHead();
    net.mine(2);
    // The read uses the current anchor at once and triggers a refresh behind it.
    const read = await client.request({ method: 'eth_blockNumber' });
    expect(read.value).toBe('0x64');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(client.anchor()?.number).toBe(102);
    expect(seen.map((a) => a.number)).toEqual([100, 102]);
    stop();
  });
});
