import { describe, expect, it, vi } from 'vitest';
import type { PopupMethod, WalletStatus } from '../messages/popup-api';
import type { CallBackground, ChangeTopic } from './background';
import { createWalletStore, sameContent } from './store';

const STATUS: WalletStatus = {
  initialized: true,
  unlocked: true,
  accounts: [{ address: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266', name: 'Account 1', type: 'hd', index: 0 }],
  selectedAddress: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  chainId: 31337,
  autoLockMinutes: 15,
  pendingApprovals: 0,
  backupPending: false,
};

function harness(answers: Partial<Record<PopupMethod, (params: unknown) => unknown>> = {}) {
  const calls: { method: PopupMethod; params: unknown }[] = [];
  let notify: (topics: ChangeTopic[]) => void = () => {};
  let head = 100;
  const call = (async (method: PopupMethod, params?: unknown) => {
    calls.push({ method, params });
    await new Promise((r) => setTimeout(r, 5));
    const answer = answers[method];
    if (answer) return answer(params);
    if (method === 'wallet/status') return STATUS;
    if (method === 'balances/get') return { head, balances: [] };
    return [];
  }) as CallBackground;
  const store = createWalletStore({
    call,
    subscribe: (listener) => {
      notify = listener;
      return () => {};
    },
  });
  return {
    store,
    calls,
    notify: (...topics: ChangeTopic[]) => notify(topics),
    setHead: (n: number) => {
      head = n;
    },
  };
}

describe('createWalletStore', () => {
  it('fetches balances for the selected account and chain', async () => {
    const { store, calls } = harness();
    await store.getState().refresh('status', 'balances');
    expect(calls.map((c) => c.method)).toEqual(['wallet/status', 'balances/get']);
    expect(calls[1].params).toEqual({ chainId: 31337, address: STATUS.selectedAddress });
    expect(store.getState().balances).toMatchObject({ chainId: 31337, head: 100 });
  });

  it('coalesces a storm of head notices into at most one extra fetch', async () => {
    const { store, calls, notify } = harness();
    const stop = store.start();
    const release = store.getState().watch('status', 'balances');
    await vi.waitFor(() => expect(store.getState().balances).not.toBeNull());
    calls.length = 0;
    for (let i = 0; i < 20; i++) notify('balances');
    await vi.waitFor(() => expect(calls.length).toBe(2));
    await new Promise((r) => setTimeout(r, 30));
    expect(calls.filter((c) => c.method === 'balances/get')).toHaveLength(2);
    release();
    stop();
  });

  it('does not touch the state when nothing but checkedAt changed', async () => {
    const { store, setHead } = harness();
    await store.getState().refresh('status', 'balances');
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    await store.getState().refresh('balances');
    expect(listener).not.toHaveBeenCalled();
    setHead(101);
    await store.getState().refresh('balances');
    expect(listener).toHaveBeenCalledTimes(1);
    unsubscribe();
  });

  it('ignores notices for topics no screen shows', async () => {
    const { store, calls, notify } = harness();
    const stop = store.start();
    notify('sites', 'activity');
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toEqual([]);
    stop();
  });

  it('re-reads per-account topics when the account changes', async () => {
    const { store, calls } = harness();
    const release = store.getState().watch('status', 'balances');
    await vi.waitFor(() => expect(store.getState().balances).not.toBeNull());
    calls.length = 0;
    const other = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as const;
    store.getState().applyStatus({ ...STATUS, selectedAddress: other });
    await vi.waitFor(() => expect(store.getState().balances?.address).toBe(other));
    expect(calls).toEqual([{ method: 'balances/get', params: { chainId: 31337, address: other } }]);
    release();
  });

  it('keeps the error of a failed fetch per topic and clears it on success', async () => {
    let fail = true;
    const { store } = harness({
      'sites/list': () => {
        if (fail) throw new Error('background asleep');
        return [];
      },
    });
    await store.getState().refresh('sites');
    expect(store.getState().errors.sites).toBe('background asleep');
    fail = false;
    await store.getState().refresh('sites');
    expect(store.getState().errors.sites).toBeUndefined();
    expect(store.getState().sites).toEqual([]);
  });
});

describe('sameContent', () => {
  it('ignores checkedAt only', () => {
    expect(sameContent({ a: 1, checkedAt: 1 }, { a: 1, checkedAt: 2 })).toBe(true);
    expect(sameContent({ a: 1 }, { a: 2 })).toBe(false);
  });
});

describe('polling', () => {
  it('re-reads shown balances and live topics every poll interval, and stops when released', async () => {
    const calls: string[] = [];
    const store = createWalletStore({
      pollMs: 600,
      subscribe: () => () => {},
      call: (async (method: PopupMethod) => {
        calls.push(method);
        if (method === 'wallet/status') return STATUS;
        if (method === 'balances/get') return { head: 1, balances: [] };
        return [];
      }) as CallBackground,
    });
    const stop = store.start();
    const release = store.getState().watch('status', 'balances', 'networks');
    const releaseLive = store.getState().live('networks');
    await new Promise((r) => setTimeout(r, 1500));
    expect(calls.filter((m) => m === 'balances/get').length).toBeGreaterThanOrEqual(2);
    expect(calls.filter((m) => m === 'networks/list').length).toBeGreaterThanOrEqual(2);
    release();
    releaseLive();
    calls.length = 0;
    await new Promise((r) => setTimeout(r, 1000));
    expect(calls).toEqual([]);
    stop();
  });
});

describe('startup', () => {
  it('a screen watching balances while the status is still loading gets them once the status arrives', async () => {
    const { store, calls } = harness();
    void store.getState().refresh('status');
    const release = store.getState().watch('status', 'balances');
    await vi.waitFor(() => expect(store.getState().balances).not.toBeNull());
    expect(calls.map((c) => c.method)).toEqual(['wallet/status', 'balances/get']);
    release();
  });
});
