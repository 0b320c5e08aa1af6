// The popup's read-only mirror of the background. The background stays the source of truth: the store only
// fetches (on demand and on `popup:changed` notices) and never computes wallet state itself.
//
// 1. Screens declare the topics they show (`watch`); only watched topics are re-fetched on a notice.
// 2. Fetches per topic are coalesced: while one is in flight, any number of notices cause one more fetch.
// 3. A fetched value that equals the mirrored one (ignoring `checkedAt`) is dropped, so a new head that changes
//    nothing re-renders nothing.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  ActivityItem,
  Address,
  BalanceView,
  ConnectedSite,
  NetworkView,
  PendingApproval,
  WalletStatus,
} from '../messages/popup-api';
import { type CallBackground, type ChangeTopic, onPopupChanged, pollBackground } from './background';

export interface BalancesSnapshot {
  chainId: number;
  address: Address;
  head: number | null;
  balances: BalanceView[];
}

export interface WalletMirror {
  status: WalletStatus | null;
  networks: NetworkView[] | null;
  balances: BalancesSnapshot | null;
  activity: ActivityItem[] | null;
  approvals: PendingApproval[] | null;
  sites: ConnectedSite[] | null;
  /** The last fetch error per topic (cleared by the next successful fetch). */
  errors: Partial<Record<ChangeTopic, string>>;
}

export interface WalletActions {
  refresh(...topics: ChangeTopic[]): Promise<void>;
  /** Take a status the background just returned (from unlock, select, ...) without asking again. */
  applyStatus(status: WalletStatus): void;
  /** Starts mirroring `topics` while a screen shows them; returns the release. */
  watch(...topics: ChangeTopic[]): () => void;
  /** Also re-reads `topics` every poll interval while held (live health and latency charts); returns the release. */
  live(...topics: ChangeTopic[]): () => void;
  /** While held, balance reads ask every source too (the compare view); otherwise as few as the read needs. */
  compareSources(): () => void;
}

export type WalletStore = StoreApi<WalletMirror & WalletActions> & {
  /** Listen for change notices and poll balances (and live topics) while shown; returns the stop. */
  start(): () => void;
};

export interface CreateWalletStoreParameters {
  call?: CallBackground;
  subscribe?: (listener: (topics: ChangeTopic[]) => void) => () => void;
  /** Balances are re-read at least this often while shown: the engine learns of new heads only when asked. */
  pollMs?: number;
}

type Fetched = Partial<Pick<WalletMirror, 'status' | 'networks' | 'balances' | 'activity' | 'approvals' | 'sites'>>;

export function createWalletStore({
  call = pollBackground,
  subscribe = onPopupChanged,
  pollMs = 4_000,
}: CreateWalletStoreParameters = {}): WalletStore {
  const watchers = new Map<ChangeTopic, number>();
  const pollers = new Map<ChangeTopic, number>();
  const fetchedAt = new Map<ChangeTopic, number>();
  const inFlight = new Map<ChangeTopic, Promise<void>>();
  const dirty = new Set<ChangeTopic>();
  let comparing = 0;

  const store = createStore<WalletMirror & WalletActions>()((set, get) => {
    const fetchers: Record<ChangeTopic, () => Promise<Fetched>> = {
      status: async () => ({ status: await call('wallet/status') }),
      networks: async () => ({ networks: await call('networks/list') }),
      balances: async () => {
        if (!get().status) await inFlight.get('status');
        const status = get().status;
        if (!status?.unlocked || !status.selectedAddress) return { balances: null };
        const { chainId, selectedAddress: address } = status;
        const { head, balances } = await call('balances/get', {
          chainId,
          address,
          ...(comparing > 0 ? { compare: true } : {}),
        });
        return { balances: { chainId, address, head, balances } };
      },
      activity: async () => {
        if (!get().status) await inFlight.get('status');
        const status = get().status;
        if (!status?.unlocked || !status.selectedAddress) return { activity: null };
        return { activity: await call('activity/list', { chainId: status.chainId, address: status.selectedAddress }) };
      },
      approvals: async () => ({ approvals: await call('approvals/list') }),
      sites: async () => ({ sites: await call('sites/list') }),
    };

    function apply(topic: ChangeTopic, fetched: Fetched) {
      const current = get();
      const changes: Partial<WalletMirror> = {};
      for (const [key, value] of Object.entries(fetched) as [keyof Fetched, unknown][]) {
        if (!sameContent(current[key], value)) (changes as Record<string, unknown>)[key] = value;
      }
      if (current.errors[topic]) changes.errors = withoutKey(current.errors, topic);
      if (Object.keys(changes).length) set(changes);
      if (fetched.status && current.status) followStatus(current.status, fetched.status);
    }

    /** Account, network or lock changes make the per-account topics stale. */
    function followStatus(before: WalletStatus, after: WalletStatus) {
      const moved =
        before.selectedAddress !== after.selectedAddress ||
        before.chainId !== after.chainId ||
        before.unlocked !== after.unlocked;
      if (!moved) return;
      const stale = (['balances', 'activity'] as const).filter((t) => watchers.get(t));
      if (stale.length) void refresh(...stale);
      if (before.chainId !== after.chainId && watchers.get('networks')) void refresh('networks');
    }

    function refreshOne(topic: ChangeTopic): Promise<void> {
      const running = inFlight.get(topic);
      if (running) {
        dirty.add(topic);
        return running;
      }
      const run = (async () => {
        try {
          do {
            dirty.delete(topic);
            try {
              const fetched = await fetchers[topic]();
              fetchedAt.set(topic, Date.now());
              apply(topic, fetched);
            } catch (error) {
              set({ errors: { ...get().errors, [topic]: error instanceof Error ? error.message : String(error) } });
            }
          } while (dirty.has(topic));
        } finally {
          inFlight.delete(topic);
        }
      })();
      inFlight.set(topic, run);
      return run;
    }

    async function refresh(...topics: ChangeTopic[]) {
      // Per-account topics need the status they depend on first.
      if (topics.includes('status')) await refreshOne('status');
      await Promise.all(topics.filter((t) => t !== 'status').map(refreshOne));
    }

    return {
      status: null,
      networks: null,
      balances: null,
      activity: null,
      approvals: null,
      sites: null,
      errors: {},
      refresh,
      applyStatus(status) {
        const before = get().status;
        if (!sameContent(before, status)) set({ status });
        if (before) followStatus(before, status);
      },
      watch(...topics) {
        const release = hold(watchers, topics);
        // A fetch already under way is fresh enough for a screen that just appeared.
        const idle = topics.filter((t) => !inFlight.has(t));
        if (idle.length) void refresh(...idle);
        return release;
      },
      live(...topics) {
        return hold(pollers, topics);
      },
      compareSources() {
        comparing++;
        void refresh('balances');
        let released = false;
        return () => {
          if (released) return;
          released = true;
          comparing--;
        };
      },
    };
  });

  return Object.assign(store, {
    start() {
      const unsubscribe = subscribe((topics) => {
        const wanted = topics.filter((t) => t === 'status' || watchers.get(t));
        if (wanted.length) void store.getState().refresh(...wanted);
      });
      const timer = setInterval(
        () => {
          const due = (t: ChangeTopic) => Date.now() - (fetchedAt.get(t) ?? 0) >= pollMs;
          const polled = [...new Set<ChangeTopic>(['balances', ...pollers.keys()])].filter(
            (t) => (t === 'balances' ? watchers.get(t) : pollers.get(t)) && due(t),
          );
          if (polled.length) void store.getState().refresh(...polled);
        },
        Math.max(500, Math.floor(pollMs / 3)),
      );
      return () => {
        unsubscribe();
        clearInterval(timer);
      };
    },
  });
}

/** Deep equality through JSON, ignoring when a value was checked (that alone never needs a re-render). */
export function sameContent(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const replacer = (key: string, value: unknown) => (key === 'checkedAt' ? undefined : value);
  return JSON.stringify(a, replacer) === JSON.stringify(b, replacer);
}

function hold(counts: Map<ChangeTopic, number>, topics: ChangeTopic[]): () => void {
  for (const t of topics) counts.set(t, (counts.get(t) ?? 0) + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    for (const t of topics) counts.set(t, Math.max(0, (counts.get(t) ?? 1) - 1));
  };
}

function withoutKey<T extends object, K extends keyof T>(object: T, key: K): T {
  const copy = { ...object };
  delete copy[key];
  return copy;
}
