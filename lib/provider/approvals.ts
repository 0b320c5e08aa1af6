// Requests that wait for the user. Each one is persisted in storage.session (memory only, gone when the
// browser quits) so it outlives the service worker: when the worker is stopped while the user decides,
// the relay re-sends the dapp's request, `attach` finds it by its request key (origin, tab, page request
// id), and the answer still reaches the page. Answers stay in a short-lived journal for the same reason.
//
// One approval window serves the whole queue: the first request opens it, later ones wait in it (no new
// window, no stolen focus), and it closes once the queue is empty. Limits per site (registrable domain):
// a few requests and a share of the storage budget; when the budget is full, the site holding the most
// gives way to one holding less, so a handful of sites can never lock every other site out.
import type { ApprovalRequest, PendingApproval } from '../messages/popup-api';
import { makeRoom, sizeOf } from './approval-budget';
import {
  type ApprovalDecision,
  type ApprovalRecord,
  type AskParameters,
  type CreateApprovalQueueParameters,
  DecisionError,
  ReviewAgainError,
  type ShownRequest,
} from './approval-contract';
import { ErrorCode, ProviderError, toProviderErrorShape, userRejected } from './errors';
import type { DappResponse } from './wire';

export * from './approval-contract';

export type ApprovalQueue = ReturnType<typeof createApprovalQueue>;

const PENDING_KEY = 'approvals:pending';
const DONE_KEY = 'approvals:done';
const WINDOW_KEY = 'approvals:window';
/** Answers kept for re-sent requests: enough for every window a user could have open. */
const DONE_KEPT = 50;
export const APPROVAL_WINDOW_SIZE = { width: 380, height: 640 } as const;

const EVICTED: DappResponse = {
  error: {
    code: ErrorCode.limitExceeded,
    message: 'Accord dropped this request to make room for other sites; ask again.',
  },
};

type Waiter = { resolve(value: unknown): void; reject(error: unknown): void };
type DoneJournal = Record<string, { response: DappResponse; at: number }>;

export function createApprovalQueue({
  area,
  windows,
  approvalUrl,
  execute,
  onChange = () => {},
  maxPerOrigin = 5,
  maxTotal = 100,
  budgetBytes = 6 * 1024 * 1024,
  siteOf = (origin) => origin,
  present = (request) => request,
  doneTtlMs = 5 * 60_000,
  closeAnsweredAfterMs = 1_500,
  now = Date.now,
  newId = () => crypto.randomUUID(),
}: CreateApprovalQueueParameters) {
  const waiters = new Map<string, Waiter[]>();
  const resolving = new Set<string>();
  const closedWindows = new Set<number>();

  // Read-modify-write of the stored lists goes through one queue so concurrent requests never lose one.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => {});
    return next;
  };

  async function readPending(): Promise<ApprovalRecord[]> {
    const stored = (await area.get(PENDING_KEY))[PENDING_KEY];
    return Array.isArray(stored) ? (stored as ApprovalRecord[]) : [];
  }

  async function readDone(): Promise<DoneJournal> {
    const stored = (await area.get(DONE_KEY))[DONE_KEY];
    return stored && typeof stored === 'object' ? (stored as DoneJournal) : {};
  }

  async function readWindow(): Promise<number | null> {
    const stored = (await area.get(WINDOW_KEY))[WINDOW_KEY];
    return typeof stored === 'number' ? stored : null;
  }

  /** The window every pending request shows in: the open one, or a new one for `record`. */
  let opening: Promise<number | null> | null = null;
  async function windowFor(record: ApprovalRecord): Promise<number | null> {
    while (opening) await opening.catch(() => {});
    const current = await readWindow();
    if (current !== null && !closedWindows.has(current)) return current;
    opening = (async () => {
      const created = await windows.create({ url: approvalUrl(record.id), type: 'popup', ...APPROVAL_WINDOW_SIZE });
      const windowId = created.id ?? null;
      await area.set({ [WINDOW_KEY]: windowId });
      return windowId;
    })();
    try {
      return await opening;
    } finally {
      opening = null;
    }
  }

  function wait(requestKey: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const list = waiters.get(requestKey) ?? [];
      list.push({ resolve, reject });
      waiters.set(requestKey, list);
    });
  }

  function settle(requestKey: string, response: DappResponse): void {
    const list = waiters.get(requestKey) ?? [];
    waiters.delete(requestKey);
    for (const waiter of list) {
      if ('error' in response) {
        const { code, message, data } = response.error;
        waiter.reject(new ProviderError(code, message, data));
      } else {
        waiter.resolve(response.result);
      }
    }
  }

  function answer(response: DappResponse): Promise<unknown> {
    if ('result' in response) return Promise.resolve(response.result);
    const { code, message, data } = response.error;
    return Promise.reject(new ProviderError(code, message, data));
  }

  /**
   * Removes an answered record and settles its waiters. Its window closes once no request is left in it,
   * after `closeAfterMs`; with 'release' (the user goes on in it) it is left open and no longer the
   * approval window.
   */
  async function finish(
    record: ApprovalRecord,
    response: DappResponse,
    closeAfterMs: number | 'release' = 0,
  ): Promise<void> {
    const removed = await serial(async () => {
      const pending = await readPending();
      if (!pending.some((r) => r.id === record.id)) return false;
      const done = await readDone();
      const cutoff = now() - doneTtlMs;
      const kept = Object.entries(done)
        .filter(([, entry]) => entry.at >= cutoff)
        .slice(-(DONE_KEPT - 1));
      const journal: DoneJournal = Object.fromEntries([...kept, [record.requestKey, { response, at: now() }]]);
      await area.set({ [PENDING_KEY]: pending.filter((r) => r.id !== record.id), [DONE_KEY]: journal });
      return true;
    });
    if (!removed) return;
    settle(record.requestKey, response);
    const { windowId } = record;
    if (windowId !== null && closeAfterMs === 'release') {
      // The user went on in this window: it stops serving the queue, and whatever still waited in it is
      // shown in a new approval window.
      const left = await serial(async () => {
        if ((await readWindow()) === windowId) await area.set({ [WINDOW_KEY]: null });
        return (await readPending()).filter((r) => r.windowId === windowId);
      });
      for (const waiting of left) await show(waiting);
    } else if (windowId !== null && closeAfterMs !== 'release') {
      const closeIfEmpty = async () => {
        const stillUsed = await serial(async () => {
          // Any pending request keeps the window: one without a window yet is about to be shown in it.
          if ((await readPending()).length) return true;
          if ((await readWindow()) === windowId) await area.set({ [WINDOW_KEY]: null });
          return false;
        });
        if (!stillUsed) await windows.remove(windowId).catch(() => {});
      };
      if (closeAfterMs > 0) setTimeout(() => void closeIfEmpty(), closeAfterMs);
      else await closeIfEmpty();
    }
    onChange();
  }

  /** windows.onRemoved: closing the window without a decision rejects what it showed. */
  async function onWindowRemoved(windowId: number): Promise<void> {
    closedWindows.add(windowId);
    await serial(async () => {
      if ((await readWindow()) === windowId) await area.set({ [WINDOW_KEY]: null });
    });
    const records = (await readPending()).filter((r) => r.windowId === windowId);
    for (const record of records) {
      if (resolving.has(record.id)) continue;
      await finish(record, { error: userRejected('the request (the Accord window was closed)').toShape() });
    }
  }

  /** Puts the record in the approval window (opening one if none is open). */
  async function show(record: ApprovalRecord): Promise<void> {
    try {
      const windowId = await windowFor(record);
      await serial(async () => {
        const pending = await readPending();
        await area.set({ [PENDING_KEY]: pending.map((r) => (r.id === record.id ? { ...r, windowId } : r)) });
      });
      record.windowId = windowId;
      if (windowId !== null && closedWindows.has(windowId)) await onWindowRemoved(windowId);
    } catch (error) {
      await finish(record, {
        error: {
          code: ErrorCode.internal,
          message: `Accord could not open its approval window: ${(error as Error).message}`,
        },
      });
    }
  }

  return {
    /**
     * A request already seen under this key: its stored answer, or its pending approval to wait on.
     * Null when the key is new.
     */
    async attach(requestKey: string): Promise<{ promise: Promise<unknown> } | null> {
      const done = (await readDone())[requestKey];
      if (done) return { promise: answer(done.response) };
      const pending = await readPending();
      if (pending.some((r) => r.requestKey === requestKey)) return { promise: wait(requestKey) };
      return null;
    },

    /** Stores the request, shows it in the approval window and resolves with the executor's result. */
    async ask({
      caller,
      requestKey,
      request,
      payload = null,
      exclusive = false,
      whileShown,
    }: AskParameters): Promise<unknown> {
      const stored = await serial(async () => {
        const pending = await readPending();
        if (pending.some((r) => r.requestKey === requestKey)) return null;
        const site = siteOf(caller.origin);
        const fromSite = pending.filter((r) => siteOf(r.origin) === site);
        if (exclusive && pending.some((r) => r.origin === caller.origin && r.request.kind === request.kind)) {
          throw new ProviderError(
            ErrorCode.resourceUnavailable,
            `A ${request.kind} request from ${caller.origin} is already waiting for the user in the Accord window.`,
          );
        }
        if (fromSite.length >= maxPerOrigin) {
          throw new ProviderError(
            ErrorCode.limitExceeded,
            `Too many requests from ${caller.origin} are waiting for the user (${fromSite.length}); ` +
              'answer or close them in Accord first.',
          );
        }
        const fresh: ApprovalRecord = {
          id: newId(),
          createdAt: now(),
          origin: caller.origin,
          tabId: caller.tabId,
          requestKey,
          request,
          payload,
          windowId: null,
        };
        const size = sizeOf(fresh);
        const evicted =
          size > budgetBytes
            ? null
            : makeRoom(pending, fresh, size, { siteOf, budgetBytes, maxTotal, busy: (id) => resolving.has(id) });
        if (!evicted) {
          throw new ProviderError(
            ErrorCode.limitExceeded,
            `Accord has too many requests waiting for the user (${pending.length}); answer or close them first.`,
          );
        }
        const gone = new Set(evicted.map((r) => r.id));
        const update: Record<string, unknown> = { [PENDING_KEY]: [...pending.filter((r) => !gone.has(r.id)), fresh] };
        if (evicted.length) {
          const journal = await readDone();
          for (const r of evicted) journal[r.requestKey] = { response: EVICTED, at: now() };
          update[DONE_KEY] = journal;
        }
        await area.set(update);
        return { fresh, evicted };
      });
      const promise = wait(requestKey);
      if (!stored) return promise;
      // The pages whose requests gave way are told why.
      for (const record of stored.evicted) settle(record.requestKey, EVICTED);
      onChange();
      await show(stored.fresh);
      if (whileShown && stored.fresh.windowId !== null) {
        const { id } = stored.fresh;
        const control: ShownRequest = {
          update: ({ request: next, payload: nextPayload }) =>
            serial(async () => {
              const pending = await readPending();
              if (!pending.some((r) => r.id === id)) return;
              await area.set({
                [PENDING_KEY]: pending.map((r) => (r.id === id ? { ...r, request: next, payload: nextPayload } : r)),
              });
            }).then(() => onChange()),
          fail: async (error) => {
            const current = (await readPending()).find((r) => r.id === id);
            if (current && !resolving.has(id)) await finish(current, { error: error.toShape() });
          },
        };
        void whileShown(control).catch((error: Error) =>
          control.fail(new ProviderError(ErrorCode.internal, `Accord failed: ${error.message}`)),
        );
      }
      return promise;
    },

    /** Whether `origin` already waits on a request of this kind (checked before costly preparation). */
    async isPending(origin: string, kind: ApprovalRequest['kind']): Promise<boolean> {
      return (await readPending()).some((r) => r.origin === origin && r.request.kind === kind);
    },

    async list(): Promise<PendingApproval[]> {
      return (await readPending()).map(({ id, createdAt, request }) => ({ id, createdAt, request: present(request) }));
    },

    async get(id: string): Promise<ApprovalRecord | null> {
      return (await readPending()).find((r) => r.id === id) ?? null;
    },

    /** The user's answer from the approval window. Throws (DecisionError) when the window must ask again. */
    async resolve(id: string, decision: ApprovalDecision): Promise<void> {
      if (resolving.has(id)) throw new DecisionError('This request is already being answered.');
      const record = (await readPending()).find((r) => r.id === id);
      if (!record) throw new DecisionError('This request is no longer waiting: it was answered, or the page closed.');
      resolving.add(id);
      try {
        let response: DappResponse;
        if (!decision.approved) {
          response = { error: userRejected().toShape() };
        } else {
          try {
            response = { result: (await execute(record, decision)) ?? null };
          } catch (error) {
            if (error instanceof ReviewAgainError) {
              const { request, payload } = error.update;
              await serial(async () => {
                const pending = await readPending();
                await area.set({
                  [PENDING_KEY]: pending.map((r) => (r.id === record.id ? { ...r, request, payload } : r)),
                });
              });
              onChange();
            }
            if (error instanceof DecisionError) throw error;
            response = { error: toProviderErrorShape(error) };
          }
        }
        const release = decision.approved && decision.keepWindow === true && 'result' in response;
        await finish(record, response, release ? 'release' : closeAnsweredAfterMs);
      } finally {
        resolving.delete(id);
      }
    },

    onWindowRemoved,

    /** tabs.onRemoved: nobody is left to answer, so the window goes too. */
    async onTabRemoved(tabId: number): Promise<void> {
      for (const record of (await readPending()).filter((r) => r.tabId === tabId)) {
        if (resolving.has(record.id)) continue;
        await finish(record, { error: { code: ErrorCode.disconnected, message: 'The page that asked was closed.' } });
      }
    },
  };
}
