import { describe, expect, it } from 'vitest';
import { DAPP, fakeWindows, memoryArea, OTHER } from '../testing/provider-fakes';
import { type ApprovalRecord, createApprovalQueue, DecisionError, requestKeyFor } from './approvals';
import { ProviderError } from './errors';

function setup(
  execute: (record: ApprovalRecord) => Promise<unknown> = async () => 'done',
  limits: { maxTotal?: number; budgetBytes?: number; siteOf?: (origin: string) => string } = {},
) {
  const area = memoryArea();
  const windows = fakeWindows();
  let changes = 0;
  const make = () =>
    createApprovalQueue({
      area,
      windows,
      approvalUrl: (id) => `chrome-extension://x/popup.html#/approval/${id}`,
      execute: (record) => execute(record),
      onChange: () => changes++,
      closeAnsweredAfterMs: 20,
      ...limits,
    });
  const queue = make();
  windows.onRemoved((id) => void queue.onWindowRemoved(id));
  return { area, windows, queue, make, changes: () => changes };
}

const connect = { kind: 'connect', origin: DAPP.origin } as const;

async function settled<T>(promise: Promise<T>) {
  return promise.then(
    (value) => ({ value }),
    (error: ProviderError) => ({ code: error.code, message: error.message }),
  );
}

async function untilPending(queue: ReturnType<typeof setup>['queue'], count = 1) {
  for (let i = 0; i < 100; i++) {
    const list = await queue.list();
    if (list.length >= count) return list;
    await new Promise((r) => setTimeout(r, 1));
  }
  throw new Error('approval never appeared');
}

describe('approval queue', () => {
  it('opens the approval window for the request and answers with the executor result', async () => {
    const { queue, windows, changes } = setup();
    const answer = queue.ask({ caller: DAPP, requestKey: requestKeyFor(DAPP, 1), request: connect });
    const [pending] = await untilPending(queue);
    expect(pending.request).toEqual(connect);
    expect(windows.created).toEqual([`chrome-extension://x/popup.html#/approval/${pending.id}`]);
    await queue.resolve(pending.id, { approved: true });
    expect(await answer).toBe('done');
    // The window shows the outcome and closes itself; the background closes it only if it stays open.
    expect(windows.open.size).toBe(1);
    await new Promise((r) => setTimeout(r, 40));
    expect(windows.open.size).toBe(0);
    expect(await queue.list()).toEqual([]);
    expect(changes()).toBeGreaterThanOrEqual(2);
  });

  it('rejects with 4001 when the user rejects or closes the window', async () => {
    const { queue, windows } = setup();
    const rejected = settled(queue.ask({ caller: DAPP, requestKey: 'a', request: connect }));
    const [first] = await untilPending(queue);
    await queue.resolve(first.id, { approved: false });
    expect(await rejected).toMatchObject({ code: 4001 });

    const closed = settled(queue.ask({ caller: DAPP, requestKey: 'b', request: connect }));
    await untilPending(queue);
    const windowId = [...windows.open.keys()].at(-1)!;
    await windows.close(windowId);
    expect(await closed).toMatchObject({ code: 4001, message: expect.stringContaining('window was closed') });
  });

  it('answers -32002 for a second exclusive request of the same kind from one origin, not from another', async () => {
    const { queue } = setup();
    void queue.ask({ caller: DAPP, requestKey: 'a', request: connect, exclusive: true });
    await untilPending(queue);
    const second = await settled(queue.ask({ caller: DAPP, requestKey: 'b', request: connect, exclusive: true }));
    expect(second).toMatchObject({ code: -32002 });
    void queue.ask({
      caller: OTHER,
      requestKey: 'c',
      request: { kind: 'connect', origin: OTHER.origin },
      exclusive: true,
    });
    expect(await untilPending(queue, 2)).toHaveLength(2);
  });

  it('caps pending requests per origin with -32005', async () => {
    const { queue } = setup();
    for (let i = 0; i < 5; i++) void queue.ask({ caller: DAPP, requestKey: `k${i}`, request: connect });
    await untilPending(queue, 5);
    const sixth = await settled(queue.ask({ caller: DAPP, requestKey: 'k6', request: connect }));
    expect(sixth).toMatchObject({ code: -32005 });
  });

  it('lets a re-sent request attach after the worker restarted, and replays a finished answer', async () => {
    const { queue, make } = setup();
    const key = requestKeyFor(DAPP, 'abc-1');
    void queue.ask({ caller: DAPP, requestKey: key, request: connect }).catch(() => {});
    const [pending] = await untilPending(queue);
    // A new worker: fresh memory, same storage.session.
    const restarted = make();
    const attached = await restarted.attach(key);
    expect(attached).not.toBeNull();
    await restarted.resolve(pending.id, { approved: true });
    expect(await attached!.promise).toBe('done');
    const replay = await make().attach(key);
    expect(await replay!.promise).toBe('done');
    expect(await restarted.attach(requestKeyFor(DAPP, 'abc-2'))).toBeNull();
  });

  it('keeps the request pending when the executor asks the user for more (DecisionError)', async () => {
    let tries = 0;
    const { queue } = setup(async () => {
      if (tries++ === 0) throw new DecisionError('Accord is locked: enter your password to approve.');
      return 'signed';
    });
    const answer = queue.ask({ caller: DAPP, requestKey: 'k', request: connect });
    const [pending] = await untilPending(queue);
    await expect(queue.resolve(pending.id, { approved: true })).rejects.toThrow(/locked/);
    expect(await queue.list()).toHaveLength(1);
    await queue.resolve(pending.id, { approved: true, password: 'pw' });
    expect(await answer).toBe('signed');
  });

  it('passes executor failures to the dapp as JSON-RPC errors', async () => {
    const { queue } = setup(async () => {
      throw new ProviderError(-32000, 'insufficient funds for gas * price + value');
    });
    const answer = settled(queue.ask({ caller: DAPP, requestKey: 'k', request: connect }));
    const [pending] = await untilPending(queue);
    await queue.resolve(pending.id, { approved: true });
    expect(await answer).toEqual({ code: -32000, message: 'insufficient funds for gas * price + value' });
  });

  it('refuses to resolve an unknown or finished approval', async () => {
    const { queue } = setup();
    await expect(queue.resolve('nope', { approved: true })).rejects.toBeInstanceOf(DecisionError);
  });

  it('answers 4900 and closes the window when the asking tab closes', async () => {
    const { queue, windows } = setup();
    const answer = settled(queue.ask({ caller: DAPP, requestKey: 'k', request: connect }));
    await untilPending(queue);
    await queue.onTabRemoved(DAPP.tabId);
    expect(await answer).toMatchObject({ code: 4900 });
    expect(windows.open.size).toBe(0);
  });

  it('answers -32603 when no window can be opened', async () => {
    const { queue, windows } = setup();
    windows.fail = true;
    const answer = await settled(queue.ask({ caller: DAPP, requestKey: 'k', request: connect }));
    expect(answer).toMatchObject({ code: -32603, message: expect.stringContaining('approval window') });
    expect(await queue.list()).toEqual([]);
  });

  it('one window serves the queue: later requests wait in it, it closes when the queue is empty', async () => {
    const { queue, windows } = setup();
    const first = queue.ask({ caller: DAPP, requestKey: 'a', request: connect });
    const second = queue.ask({ caller: OTHER, requestKey: 'b', request: { kind: 'connect', origin: OTHER.origin } });
    const [one, two] = await untilPending(queue, 2);
    await new Promise((r) => setTimeout(r, 5));
    expect(windows.created).toHaveLength(1);
    expect(windows.created[0]).toContain(one.id);
    await queue.resolve(one.id, { approved: true });
    expect(await first).toBe('done');
    await new Promise((r) => setTimeout(r, 40));
    expect(windows.open.size).toBe(1);
    await queue.resolve(two.id, { approved: true });
    expect(await second).toBe('done');
    await new Promise((r) => setTimeout(r, 40));
    expect(windows.open.size).toBe(0);
    // The next request opens a window again.
    void queue.ask({ caller: DAPP, requestKey: 'c', request: connect });
    await untilPending(queue);
    await new Promise((r) => setTimeout(r, 5));
    expect(windows.created).toHaveLength(2);
  });

  it('keepWindow: an approved request leaves its window open for the user, and what waited in it moves to a new window', async () => {
    const { queue, windows } = setup();
    const first = queue.ask({ caller: DAPP, requestKey: 'k1', request: connect });
    const second = queue.ask({ caller: OTHER, requestKey: 'k2', request: { kind: 'connect', origin: OTHER.origin } });
    const [a, b] = await untilPending(queue, 2);
    await new Promise((r) => setTimeout(r, 5));
    const kept = [...windows.open.keys()][0];
    expect(windows.created).toHaveLength(1);
    await queue.resolve(a.id, { approved: true, keepWindow: true });
    expect(await first).toBe('done');
    await new Promise((r) => setTimeout(r, 40));
    // The user's window stays; the other request is shown in a window of its own.
    expect(windows.open.has(kept)).toBe(true);
    expect(windows.created).toEqual([expect.any(String), `chrome-extension://x/popup.html#/approval/${b.id}`]);
    await queue.resolve(b.id, { approved: true });
    expect(await second).toBe('done');
    await new Promise((r) => setTimeout(r, 40));
    expect([...windows.open.keys()]).toEqual([kept]);
    // Closing it later answers nothing: it no longer shows requests.
    await windows.close(kept);
    expect(await queue.list()).toEqual([]);
  });

  it('keepWindow is ignored when the request failed: the window closes as usual', async () => {
    const { queue, windows } = setup(async () => {
      throw new ProviderError(-32603, 'could not add');
    });
    const answer = settled(queue.ask({ caller: DAPP, requestKey: 'k', request: connect }));
    const [pending] = await untilPending(queue);
    await queue.resolve(pending.id, { approved: true, keepWindow: true });
    expect(await answer).toMatchObject({ code: -32603 });
    await new Promise((r) => setTimeout(r, 40));
    expect(windows.open.size).toBe(0);
  });

  it('four sites filling the budget cannot lock a fifth site out: the biggest gives way', async () => {
    const { queue } = setup(async () => 'done', { maxTotal: 8 });
    const sites = ['https://a.example', 'https://b.example', 'https://c.example', 'https://d.example'];
    const answers: Promise<unknown>[] = [];
    for (const origin of sites) {
      for (let j = 0; j < 2; j++) {
        const caller = { ...DAPP, origin };
        answers.push(settled(queue.ask({ caller, requestKey: `${origin}${j}`, request: { kind: 'connect', origin } })));
      }
    }
    await untilPending(queue, 8);
    const fifth = { ...DAPP, origin: 'https://e.example' };
    void queue.ask({ caller: fifth, requestKey: 'e', request: { kind: 'connect', origin: fifth.origin } });
    let pending = await queue.list();
    for (
      let i = 0;
      i < 100 && !pending.some((p) => p.request.kind === 'connect' && p.request.origin === fifth.origin);
      i++
    ) {
      await new Promise((r) => setTimeout(r, 1));
      pending = await queue.list();
    }
    expect(pending.map((p) => (p.request as { origin: string }).origin)).toContain('https://e.example');
    expect(pending).toHaveLength(8);
    // The oldest request of a site holding the most gave way, with -32005.
    expect(await answers[0]).toMatchObject({ code: -32005, message: expect.stringContaining('make room') });
    expect(pending.filter((p) => (p.request as { origin: string }).origin === 'https://a.example')).toHaveLength(1);
  });

  it('counts origins of one site together (per-site cap)', async () => {
    const siteOf = (origin: string) => new URL(origin).hostname.split('.').slice(-2).join('.');
    const { queue } = setup(async () => 'done', { siteOf });
    for (let i = 0; i < 5; i++) {
      const caller = { ...DAPP, origin: `https://s${i}.evil.example` };
      void queue.ask({ caller, requestKey: `k${i}`, request: { kind: 'connect', origin: caller.origin } });
    }
    await untilPending(queue, 5);
    const caller = { ...DAPP, origin: 'https://s9.evil.example' };
    const sixth = await settled(
      queue.ask({ caller, requestKey: 'k9', request: { kind: 'connect', origin: caller.origin } }),
    );
    expect(sixth).toMatchObject({ code: -32005 });
  });
});
