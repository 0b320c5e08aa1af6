import type { Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import { DAPP, memoryArea, OTHER } from '../../testing/provider-fakes';
import { createWatchers, type WatchChainData } from './watchers';

const h = (label: string): Hex => `0x${label.padStart(64, '0')}` as Hex;

/** A chain of blocks by hash, with logs per block, whose head a test moves (a reorg is a new branch). */
function fakeChain() {
  const blocks = new Map<Hex, { number: number; hash: Hex; parentHash: Hex; logs: Record<string, unknown>[] }>();
  let head: Hex | null = null;
  const requests: { method: string; params: unknown[] }[] = [];
  const add = (hash: Hex, parentHash: Hex, number: number, logCount = 0) => {
    const logs = Array.from({ length: logCount }, (_, i) => ({
      address: '0x00000000000000000000000000000000000000aa',
      blockHash: hash,
      blockNumber: `0x${number.toString(16)}`,
      logIndex: `0x${i.toString(16)}`,
      removed: false,
    }));
    blocks.set(hash, { number, hash, parentHash, logs });
    head = hash;
  };
  /** Canonical chain: from the head back by parent hash. */
  const canonical = () => {
    const list = [];
    for (let b = head ? blocks.get(head) : undefined; b; b = blocks.get(b.parentHash)) list.unshift(b);
    return list;
  };
  const data: WatchChainData = {
    async head() {
      const b = head ? blocks.get(head) : undefined;
      return b ? { number: b.number, hash: b.hash } : null;
    },
    async request(_chainId, { method, params }) {
      requests.push({ method, params });
      if (method === 'eth_getBlockByHash') {
        const b = blocks.get(params[0] as Hex);
        if (!b) return null;
        return { number: `0x${b.number.toString(16)}`, hash: b.hash, parentHash: b.parentHash, transactions: [] };
      }
      if (method === 'eth_getLogs') {
        const { fromBlock, toBlock } = params[0] as { fromBlock: string; toBlock: string };
        const top = canonical().at(-1)?.number ?? 0;
        const [from, to] = [fromBlock, toBlock].map((tag) => (tag === 'latest' ? top : Number.parseInt(tag, 16)));
        return canonical()
          .filter((b) => b.number >= from && b.number <= to)
          .flatMap((b) => b.logs);
      }
      throw new Error(`unexpected ${method}`);
    },
  };
  return { data, add, requests };
}

function setup(options: { maxPerOrigin?: number } = {}) {
  const chain = fakeChain();
  const area = memoryArea();
  let clock = 1_000;
  const pushed: { id: string; result: unknown }[] = [];
  let ids = 0;
  const make = () =>
    createWatchers({
      area,
      chain: chain.data,
      push: async (record, result) => {
        pushed.push({ id: record.id, result });
        return true;
      },
      now: () => clock,
      newId: () => `0x${(++ids).toString(16)}` as Hex,
      pollMs: 60_000,
      ...options,
    });
  return {
    chain,
    area,
    pushed,
    make,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

describe('filters over the agreed head', () => {
  it('a log filter reports each new log once, and logs of blocks a reorg dropped again with removed: true', async () => {
    const t = setup();
    t.chain.add(h('a1'), h('0'), 1);
    const watchers = t.make();
    const id = await watchers.create(DAPP, 31337, 'logs', 'poll', {});
    expect(await watchers.changes(DAPP.origin, id)).toEqual([]);

    t.chain.add(h('a2'), h('a1'), 2, 1);
    t.chain.add(h('a3'), h('a2'), 3, 2);
    const first = (await watchers.changes(DAPP.origin, id)) as { blockHash: string; removed: boolean }[];
    expect(first.map((l) => [l.blockHash, l.removed])).toEqual([
      [h('a2'), false],
      [h('a3'), false],
      [h('a3'), false],
    ]);
    expect(await watchers.changes(DAPP.origin, id)).toEqual([]);

    // Reorg: block 3 is replaced by b3 (one log) and b4 follows.
    t.chain.add(h('b3'), h('a2'), 3, 1);
    t.chain.add(h('b4'), h('b3'), 4, 0);
    const after = (await watchers.changes(DAPP.origin, id)) as { blockHash: string; removed: boolean }[];
    expect(after.map((l) => [l.blockHash, l.removed])).toEqual([
      [h('a3'), true],
      [h('a3'), true],
      [h('b3'), false],
    ]);
  });

  it('a block filter returns new block hashes; a pending-transaction filter never reports anything', async () => {
    const t = setup();
    t.chain.add(h('a1'), h('0'), 1);
    const watchers = t.make();
    const blocks = await watchers.create(DAPP, 31337, 'blocks', 'poll');
    const pending = await watchers.create(DAPP, 31337, 'pending', 'poll');
    t.chain.add(h('a2'), h('a1'), 2);
    t.chain.add(h('a3'), h('a2'), 3);
    expect(await watchers.changes(DAPP.origin, blocks)).toEqual([h('a2'), h('a3')]);
    expect(await watchers.changes(DAPP.origin, pending)).toEqual([]);
  });

  it('a filter from a past block starts with that range; eth_getFilterLogs passes its criteria on', async () => {
    const t = setup();
    t.chain.add(h('a1'), h('0'), 1, 1);
    t.chain.add(h('a2'), h('a1'), 2, 1);
    const watchers = t.make();
    const id = await watchers.create(DAPP, 31337, 'logs', 'poll', { fromBlock: '0x1' });
    expect(await watchers.changes(DAPP.origin, id)).toHaveLength(2);
    expect(await watchers.logs(DAPP.origin, id)).toHaveLength(2);
    expect(t.chain.requests.at(-1)).toEqual({
      method: 'eth_getLogs',
      params: [{ fromBlock: '0x1', toBlock: 'latest' }],
    });
  });

  it('belong to their origin, outlive a restarted worker, expire after 5 idle minutes, and are capped', async () => {
    const t = setup({ maxPerOrigin: 2 });
    t.chain.add(h('a1'), h('0'), 1);
    const first = t.make();
    const id = await first.create(DAPP, 31337, 'blocks', 'poll');
    await expect(first.changes(OTHER.origin, id)).rejects.toMatchObject({ code: -32000, message: 'filter not found' });

    const restarted = t.make();
    t.chain.add(h('a2'), h('a1'), 2);
    expect(await restarted.changes(DAPP.origin, id)).toEqual([h('a2')]);

    await restarted.create(DAPP, 31337, 'blocks', 'poll');
    await expect(restarted.create(DAPP, 31337, 'blocks', 'poll')).rejects.toMatchObject({ code: -32005 });
    expect(await restarted.create(OTHER, 31337, 'blocks', 'poll')).toMatch(/^0x/);

    t.advance(5 * 60_000 + 1);
    await expect(restarted.changes(DAPP.origin, id)).rejects.toMatchObject({ code: -32000 });
    expect(await restarted.remove(DAPP.origin, id, 'poll')).toBe(false);
  });

  it('eth_getFilterLogs keeps a filter alive while it is used, and answers "filter not found" once it idled 5 minutes', async () => {
    const t = setup();
    t.chain.add(h('a1'), h('0'), 1, 1);
    const watchers = t.make();
    const id = await watchers.create(DAPP, 31337, 'logs', 'poll', { fromBlock: '0x1' });
    // Used through eth_getFilterLogs only: each call counts as activity.
    t.advance(4 * 60_000);
    expect(await watchers.logs(DAPP.origin, id)).toHaveLength(1);
    t.advance(4 * 60_000);
    expect(await watchers.logs(DAPP.origin, id)).toHaveLength(1);
    // Idle for 6 minutes: gone, also for the call that would have revived it, and dropped from storage.
    t.advance(6 * 60_000);
    const asked = t.chain.requests.length;
    await expect(watchers.logs(DAPP.origin, id)).rejects.toMatchObject({ code: -32000, message: 'filter not found' });
    expect(t.chain.requests.length).toBe(asked);
    expect(await t.make().list()).toEqual([]);
  });
});

describe('subscriptions over the agreed head', () => {
  it('newHeads and logs are pushed once per block, removed logs after a reorg, and end with their page', async () => {
    const t = setup();
    t.chain.add(h('a1'), h('0'), 1);
    const watchers = t.make();
    const heads = await watchers.create(DAPP, 31337, 'blocks', 'push');
    const logs = await watchers.create(DAPP, 31337, 'logs', 'push', {});
    t.chain.add(h('a2'), h('a1'), 2, 1);
    await watchers.poll();
    await watchers.poll();
    expect(t.pushed.filter((p) => p.id === heads).map((p) => (p.result as { hash: string }).hash)).toEqual([h('a2')]);
    expect(t.pushed.filter((p) => p.id === logs)).toHaveLength(1);
    // newHeads carries the header, not the transaction list.
    expect(t.pushed[0].result).not.toHaveProperty('transactions');

    t.chain.add(h('b2'), h('a1'), 2, 0);
    await watchers.poll();
    const removed = t.pushed.filter((p) => p.id === logs).at(-1)?.result as { removed: boolean; blockHash: string };
    expect(removed).toMatchObject({ removed: true, blockHash: h('a2') });

    await watchers.forgetPage(DAPP.tabId, DAPP.frameId);
    t.chain.add(h('b3'), h('b2'), 3, 1);
    const before = t.pushed.length;
    await watchers.poll();
    expect(t.pushed.length).toBe(before);
    watchers.stop();
  });

  it('a subscription whose page is gone is dropped', async () => {
    const t = setup();
    t.chain.add(h('a1'), h('0'), 1);
    const watchers = createWatchers({
      area: t.area,
      chain: t.chain.data,
      push: async () => false,
      pollMs: 60_000,
    });
    await watchers.create(DAPP, 31337, 'blocks', 'push');
    t.chain.add(h('a2'), h('a1'), 2);
    await watchers.poll();
    expect(await watchers.list()).toEqual([]);
    watchers.stop();
  });
});
