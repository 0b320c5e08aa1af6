// Filters (eth_newFilter & co., polled by the page) and subscriptions (eth_subscribe, pushed as `message`
// events), emulated over the agreed head of the chain they were made on. They live per origin in
// storage.session, so a stopped service worker comes back with them; filters nobody polled for 5 minutes
// are dropped; each origin may hold a bounded number.
import { type Hex, numberToHex } from 'viem';
import { ErrorCode, ProviderError } from '../errors';
import type { DappCaller } from '../sender';
import { type BlockHeader, type BlockRef, REORG_DEPTH, type SeenBlock, toBlockHeader, walkToHead } from './chain-walk';
import type { CreateWatchersParameters, LogCriteria, WatchKind, WatchRecord } from './watch-types';

export type { CreateWatchersParameters, LogCriteria, WatchChainData, WatchKind, WatchRecord } from './watch-types';

export type Watchers = ReturnType<typeof createWatchers>;

const STORE_KEY = 'dapp:watchers';
const MAX_PENDING = 2_000;
const MAX_LOGS_REMEMBERED = 200;

const randomId = (): Hex => {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `0x${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
};

const blockNumberOf = (tag: string | undefined): number | null =>
  tag !== undefined && /^0x[0-9a-fA-F]+$/.test(tag) ? Number.parseInt(tag, 16) : null;

export const filterNotFound = () => new ProviderError(-32000, 'filter not found');

export function createWatchers({
  area,
  chain,
  push,
  onActiveChange = () => {},
  onHeadRead = () => {},
  now = Date.now,
  newId = randomId,
  maxPerOrigin = 50,
  maxTotal = 500,
  idleMs = 5 * 60_000,
  pollMs = 2_000,
}: CreateWatchersParameters) {
  let records: Record<string, WatchRecord> | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  let active = false;

  // Every read-modify-write (and each poll step) runs in one queue: records never lose an update.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => {});
    return next;
  };

  async function load(): Promise<Record<string, WatchRecord>> {
    if (records) return records;
    const stored = (await area.get(STORE_KEY))[STORE_KEY];
    records = stored && typeof stored === 'object' ? (stored as Record<string, WatchRecord>) : {};
    return records;
  }

  async function save(): Promise<void> {
    await area.set({ [STORE_KEY]: records ?? {} });
    updateActive();
  }

  function updateActive(): void {
    const anyPush = Object.values(records ?? {}).some((r) => r.delivery === 'push');
    if (anyPush && !timer) timer = setInterval(() => void poll().catch(() => {}), pollMs);
    if (!anyPush && timer) {
      clearInterval(timer);
      timer = null;
    }
    if (anyPush !== active) {
      active = anyPush;
      onActiveChange(anyPush);
    }
  }

  /** Filters nobody polled within idleMs are dropped (subscriptions end with their page instead). */
  function expire(all: Record<string, WatchRecord>): boolean {
    let changed = false;
    for (const [id, r] of Object.entries(all)) {
      if (r.delivery === 'poll' && now() - r.lastActive > idleMs) {
        delete all[id];
        changed = true;
      }
    }
    return changed;
  }

  function owned(all: Record<string, WatchRecord>, origin: string, id: unknown, delivery: 'poll' | 'push') {
    const record = typeof id === 'string' ? all[id.toLowerCase()] : undefined;
    return record && record.origin === origin && record.delivery === delivery ? record : null;
  }

  function logRequest(record: WatchRecord, from: number, to: number) {
    const { address, topics } = record.criteria;
    return {
      method: 'eth_getLogs',
      params: [
        {
          fromBlock: numberToHex(from),
          toBlock: numberToHex(to),
          ...(address !== undefined ? { address } : {}),
          ...(topics !== undefined ? { topics } : {}),
        },
      ],
    };
  }

  /** Brings one watcher from what it saw to `head`; returns what the page gets, oldest first. */
  async function step(
    record: WatchRecord,
    head: BlockRef,
    header: (hash: Hex) => Promise<BlockHeader>,
  ): Promise<unknown[]> {
    if (record.kind === 'pending') return [];
    if (record.seen.length === 0) {
      record.seen = [{ number: head.number, hash: head.hash }];
      return [];
    }
    const walk = await walkToHead(record.seen, head, header);
    if (walk.joined.length === 0 && walk.left.length === 0) return [];

    const removed = walk.left
      .flatMap((b) => b.logs ?? [])
      .reverse()
      .map((log) => ({ ...log, removed: true }));
    let added: unknown[] = [];
    const joined: SeenBlock[] = walk.joined.map((h) => ({ number: h.number, hash: h.hash }));
    if (record.kind === 'blocks') {
      added = record.delivery === 'push' ? walk.joined.map((h) => h.raw) : walk.joined.map((h) => h.hash);
    } else if (walk.joined.length) {
      // Logs of the whole new segment in one agreed eth_getLogs; each must come from the block walked to.
      const lower = blockNumberOf(record.criteria.fromBlock) ?? 0;
      const upper = blockNumberOf(record.criteria.toBlock) ?? Number.MAX_SAFE_INTEGER;
      const from = Math.max(walk.gap?.from ?? walk.joined[0].number, lower);
      const to = Math.min(walk.joined.at(-1)!.number, upper);
      const logs = from <= to ? ((await chain.request(record.chainId, logRequest(record, from, to))) as unknown[]) : [];
      if (!Array.isArray(logs)) throw new Error('eth_getLogs returned no list');
      const hashAt = new Map(walk.joined.map((h) => [h.number, h.hash]));
      for (const log of logs as Record<string, unknown>[]) {
        const number = Number.parseInt(String(log.blockNumber), 16);
        const expected = hashAt.get(number);
        // A log from another fork than the one walked: the sources moved on; try again next step.
        if (expected !== undefined && log.blockHash !== expected) throw new Error('logs and blocks disagree');
        const block = joined.find((b) => b.number === number);
        if (block) {
          block.logs ??= [];
          if (block.logs.length < MAX_LOGS_REMEMBERED) block.logs.push(log);
        }
      }
      added = logs;
    }
    record.seen = [...walk.kept, ...joined].slice(-REORG_DEPTH);
    return [...removed, ...added];
  }

  /** One pass over every subscription: each chain's head once, headers shared between watchers. */
  async function poll(): Promise<void> {
    await serial(async () => {
      const all = await load();
      const subscriptions = Object.values(all).filter((r) => r.delivery === 'push');
      if (subscriptions.length === 0) return updateActive();
      let changed = false;
      for (const chainId of new Set(subscriptions.map((r) => r.chainId))) {
        let head: BlockRef | null;
        try {
          head = await chain.head(chainId);
          onHeadRead(chainId, null);
        } catch (error) {
          onHeadRead(chainId, error);
          continue;
        }
        if (!head) continue;
        const header = headerReader(chainId);
        for (const record of subscriptions.filter((r) => r.chainId === chainId)) {
          const before = JSON.stringify(record.seen);
          let results: unknown[];
          try {
            results = await step(record, head, header);
          } catch {
            continue;
          }
          if (JSON.stringify(record.seen) !== before) changed = true;
          for (const result of results) {
            if (!(await push(record, result))) {
              delete all[record.id];
              changed = true;
              break;
            }
          }
        }
      }
      if (changed) await save();
    });
  }

  function headerReader(chainId: number) {
    const cache = new Map<Hex, Promise<BlockHeader>>();
    return (hash: Hex) => {
      let found = cache.get(hash);
      if (!found) {
        found = chain.request(chainId, { method: 'eth_getBlockByHash', params: [hash, false] }).then(toBlockHeader);
        cache.set(hash, found);
      }
      return found;
    };
  }

  return {
    /** eth_newFilter / eth_newBlockFilter / eth_newPendingTransactionFilter / eth_subscribe. */
    async create(
      caller: DappCaller,
      chainId: number,
      kind: WatchKind,
      delivery: 'poll' | 'push',
      criteria: LogCriteria = {},
    ): Promise<Hex> {
      const head = kind === 'pending' ? null : await chain.head(chainId);
      if (kind !== 'pending' && !head) {
        throw new ProviderError(ErrorCode.internal, 'Accord: the sources agree on no head block yet; try again.');
      }
      // A filter from a past block starts with that block's logs, as eth_getFilterChanges returns them first.
      let initial: unknown[] = [];
      const from = blockNumberOf(criteria.fromBlock);
      if (kind === 'logs' && delivery === 'poll' && head && from !== null && from <= head.number) {
        const to = Math.min(head.number, blockNumberOf(criteria.toBlock) ?? head.number);
        const record = { chainId, criteria } as WatchRecord;
        initial = from <= to ? ((await chain.request(chainId, logRequest(record, from, to))) as unknown[]) : [];
      }
      return serial(async () => {
        const all = await load();
        expire(all);
        const fromOrigin = Object.values(all).filter((r) => r.origin === caller.origin).length;
        if (fromOrigin >= maxPerOrigin || Object.keys(all).length >= maxTotal) {
          throw new ProviderError(
            ErrorCode.limitExceeded,
            `${caller.origin} has ${fromOrigin} filters and subscriptions, the most Accord keeps; uninstall some first.`,
          );
        }
        const id = newId().toLowerCase() as Hex;
        all[id] = {
          id,
          origin: caller.origin,
          tabId: caller.tabId,
          frameId: caller.frameId,
          chainId,
          kind,
          delivery,
          criteria,
          seen: head ? [{ number: head.number, hash: head.hash }] : [],
          pending: Array.isArray(initial) ? initial.slice(-MAX_PENDING) : [],
          lastActive: now(),
        };
        await save();
        return id;
      });
    },

    /** eth_getFilterChanges: what happened since the last call (logs, block hashes, or nothing). */
    async changes(origin: string, id: unknown): Promise<unknown[]> {
      return serial(async () => {
        const all = await load();
        const expired = expire(all);
        const record = owned(all, origin, id, 'poll');
        if (!record) {
          if (expired) await save();
          throw filterNotFound();
        }
        record.lastActive = now();
        if (record.kind !== 'pending') {
          const head = await chain.head(record.chainId);
          if (head) record.pending.push(...(await step(record, head, headerReader(record.chainId))));
        }
        const out = record.pending;
        record.pending = [];
        await save();
        return out;
      });
    },

    /** eth_getFilterLogs: every log the filter's criteria match (an agreed eth_getLogs). */
    async logs(origin: string, id: unknown): Promise<unknown> {
      const record = await serial(async () => {
        const all = await load();
        // An idle filter is gone here too, before this call could make it active again.
        const expired = expire(all);
        const found = owned(all, origin, id, 'poll');
        if (found?.kind !== 'logs') {
          if (expired) await save();
          throw filterNotFound();
        }
        found.lastActive = now();
        await save();
        return found;
      });
      const { address, topics, fromBlock, toBlock } = record.criteria;
      const filter = {
        fromBlock: fromBlock ?? 'latest',
        toBlock: toBlock ?? 'latest',
        ...(address !== undefined ? { address } : {}),
        ...(topics !== undefined ? { topics } : {}),
      };
      return chain.request(record.chainId, { method: 'eth_getLogs', params: [filter] });
    },

    /** eth_uninstallFilter / eth_unsubscribe: true when it existed. */
    async remove(origin: string, id: unknown, delivery: 'poll' | 'push'): Promise<boolean> {
      return serial(async () => {
        const all = await load();
        const record = owned(all, origin, id, delivery);
        if (!record) return false;
        delete all[record.id];
        await save();
        return true;
      });
    },

    /** A page loaded (or its tab closed): its subscriptions have nobody to go to. */
    async forgetPage(tabId: number, frameId?: number): Promise<void> {
      await serial(async () => {
        const all = await load();
        const gone = Object.values(all).filter(
          (r) => r.delivery === 'push' && r.tabId === tabId && (frameId === undefined || r.frameId === frameId),
        );
        for (const r of gone) delete all[r.id];
        if (gone.length) await save();
      });
    },

    /** The worker started (or an alarm woke it): restart polling for stored subscriptions. */
    async resume(): Promise<void> {
      await serial(async () => {
        const all = await load();
        if (expire(all)) await save();
        else updateActive();
      });
    },

    poll,

    list: async (): Promise<WatchRecord[]> => Object.values(await load()),

    stop(): void {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
