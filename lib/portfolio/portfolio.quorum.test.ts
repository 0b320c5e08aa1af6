// The portfolio over the real quorum engine and an in-process fake network (no HTTP server, no anvil).
import { afterEach, describe, expect, it } from 'vitest';
import type { Address } from '../messages/popup-api';
import { createQuorumClient, type QuorumClient } from '../rpc/index';
import type { SourceConfig } from '../rpc/types';
import type { KeyValueArea } from '../storage/areas';
import { createFakeNetwork } from '../testing/fake-network';
import { createLastConfirmedStore } from './last-confirmed';
import { createPortfolio } from './portfolio';

const OWNER: Address = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const NATIVE = { symbol: 'ETH', decimals: 18 };

function memoryArea(): KeyValueArea {
  const data: Record<string, unknown> = {};
  return {
    async get(keys) {
      const list = Array.isArray(keys) ? keys : [keys];
      return Object.fromEntries(list.filter((k) => k in data).map((k) => [k, data[k]]));
    },
    async set(items) {
      Object.assign(data, items);
    },
    async remove() {},
  };
}

const clients: QuorumClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});

function setup() {
  const network = createFakeNetwork();
  network.setBalance(OWNER, 520_000_000_000_000_000n);
  const sources: SourceConfig[] = [
    { id: 'alpha', operator: 'Alpha', url: network.add('alpha'), enabled: true },
    { id: 'bravo', operator: 'Bravo', url: network.add('bravo'), enabled: true },
    { id: 'charlie', operator: 'Charlie', url: network.add('charlie'), enabled: true },
    { id: 'zero', operator: 'Zero', url: network.add('zero', { kind: 'zero' }), enabled: true },
    { id: 'down', operator: 'Down', url: network.add('down', { kind: 'down' }), enabled: true },
  ];
  const client = createQuorumClient({
    chainId: 31337,
    sources,
    quorum: 2,
    fetch: network.fetch,
    timeoutMs: 500,
    verify: false,
  });
  clients.push(client);
  const portfolio = createPortfolio({
    clientFor: () => client,
    lastConfirmed: createLastConfirmedStore({ area: memoryArea() }),
    fetch: network.fetch,
    audit: true,
  });
  const read = async () =>
    (await portfolio.getBalances({ chainId: 31337, address: OWNER, native: NATIVE, tokens: [] })).balances[0].balance;
  return { network, client, sources, read };
}

describe('portfolio over the quorum engine', () => {
  it('confirms the honest value; every source is listed, the zero one disagreeing, the dead one as an error', async () => {
    const { read } = setup();
    const view = await read();
    expect(view.status).toBe('confirmed');
    expect(view.value).toBe('520000000000000000');
    expect(view.agreeing).toBe(3);
    expect(view.enabledSources).toBe(5);
    const byId = Object.fromEntries(view.sources.map((s) => [s.sourceId, s]));
    expect(byId.zero).toMatchObject({ status: 'disagree', value: '0' });
    expect(byId.down.status).toBe('error');
    expect(byId.down.error).toMatch(/refused|circuit-open/);
    for (const id of ['alpha', 'bravo', 'charlie'])
      expect(byId[id]).toMatchObject({ status: 'agree', value: '520000000000000000' });
  });

  it('with one source left: unconfirmed, never confirmed', async () => {
    const { client, sources, read } = setup();
    await read();
    client.setSources(sources.map((s) => ({ ...s, enabled: s.id === 'alpha' })));
    await client.refreshHead();
    const view = await read();
    expect(view.status).not.toBe('confirmed');
    expect(['unconfirmed', 'unavailable']).toContain(view.status);
    expect(view.enabledSources).toBe(1);
    expect(view.sources.map((s) => s.sourceId)).toEqual(['alpha']);
  });

  it('with every source down: unavailable with the last confirmed value, never 0; then recovers', async () => {
    const { network, client, read } = setup();
    await read();
    for (const id of ['alpha', 'bravo', 'charlie', 'zero']) network.set(id, { kind: 'down' });
    network.mine();
    await client.refreshHead().catch(() => null);
    const down = await read();
    expect(down.status).not.toBe('confirmed');
    expect(down.value).toBeNull();
    expect(down.lastConfirmed?.value).toBe('520000000000000000');
    for (const id of ['alpha', 'bravo', 'charlie']) network.set(id, { kind: 'honest' });
    network.set('zero', { kind: 'zero' });
    network.mine();
    await new Promise((r) => setTimeout(r, 50));
    let view = await read();
    for (let i = 0; i < 20 && view.status !== 'confirmed'; i++) {
      await new Promise((r) => setTimeout(r, 250));
      await client.refreshHead().catch(() => null);
      view = await read();
    }
    expect(view).toMatchObject({ status: 'confirmed', value: '520000000000000000' });
  });
});

describe('audit of the sources the race skipped', () => {
  it('asks each skipped source once, in one JSON-RPC batch for all balances', async () => {
    const { network, client } = setup();
    const portfolio = createPortfolio({
      clientFor: () => client,
      lastConfirmed: createLastConfirmedStore({ area: memoryArea() }),
      fetch: network.fetch,
      audit: true,
    });
    const token = {
      chainId: 31337,
      address: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      symbol: 'T',
      name: 'T',
      decimals: 18,
      source: 'user',
    } as const;
    await client.refreshHead();
    network.resetCounts();
    const { balances } = await portfolio.getBalances({
      chainId: 31337,
      address: OWNER,
      native: NATIVE,
      tokens: [token],
    });
    expect(balances).toHaveLength(2);
    const zero = network.source('zero');
    // Either the race asked it (then it disagreed) or the audit did: never more than a race request + one batch.
    expect(zero.http).toBeLessThanOrEqual(2);
    expect(balances[0].balance.sources.find((s) => s.sourceId === 'zero')?.status).toBe('disagree');
    expect(balances.every((b) => b.balance.sources.every((s) => s.status !== 'skipped'))).toBe(true);
  });
});

describe('without the compare view', () => {
  it('a default portfolio asks only the sources the read needs: no audit of the rest', async () => {
    const { network, client } = setup();
    const portfolio = createPortfolio({
      clientFor: () => client,
      lastConfirmed: createLastConfirmedStore({ area: memoryArea() }),
      fetch: network.fetch,
    });
    await client.refreshHead();
    network.resetCounts();
    const [native] = (await portfolio.getBalances({ chainId: 31337, address: OWNER, native: NATIVE, tokens: [] }))
      .balances;
    expect(native.balance.status).toBe('confirmed');
    const asked = ['alpha', 'bravo', 'charlie', 'zero'].filter((id) => network.source(id).http > 0);
    // k = 2 agreeing answers need two sources (three if the zero source was among the first two).
    expect(asked.length).toBeLessThanOrEqual(3);
    expect(native.balance.sources.some((s) => s.status === 'skipped')).toBe(true);
  });
});
