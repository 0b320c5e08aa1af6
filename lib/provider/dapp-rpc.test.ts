import { describe, expect, it } from 'vitest';
import { ALICE, DAPP } from '../testing/provider-fakes';
import { connectedHarness, signOps } from '../testing/provider-harness';
import { ProviderError } from './errors';

describe('service worker restarts', () => {
  it('a request re-sent after a restart attaches to its approval and completes once', async () => {
    const h = await connectedHarness();
    const first = h.call(DAPP, 'personal_sign', ['0x01', ALICE], 'req-1');
    void first.catch(() => {});
    const [approval] = await h.pendingApprovals();
    h.restart();
    const resent = h.call(DAPP, 'personal_sign', ['0x01', ALICE], 'req-1');
    await new Promise((r) => setTimeout(r, 5));
    expect(await h.rpc.approvals.list()).toHaveLength(1);
    await h.rpc.approvals.resolve(approval.id, { approved: true });
    expect(await resent).toEqual({ result: expect.stringMatching(/^0x11/) });
    // A third copy (the relay retried once more) gets the same answer without signing again.
    expect(await h.call(DAPP, 'personal_sign', ['0x01', ALICE], 'req-1')).toEqual(await resent);
    expect(signOps(h)).toHaveLength(1);
  });

  it('a different request that reuses a page request id is asked again, not answered from the journal', async () => {
    const h = await connectedHarness();
    const first = h.call(DAPP, 'personal_sign', ['0x01', ALICE], 'same-id');
    await h.decide({ approved: true });
    await first;
    const second = h.call(DAPP, 'personal_sign', ['0x02', ALICE], 'same-id');
    const approval = await h.decide({ approved: false });
    expect(approval.request).toMatchObject({ message: { hex: '0x02' } });
    expect(await second).toMatchObject({ error: { code: 4001 } });
  });
});

describe('reachability from subscription polls', () => {
  it('a page that only holds a subscription hears disconnect when no source answers the head, and connect on recovery', async () => {
    const h = await connectedHarness();
    h.state.head = { number: 5, hash: `0x${'05'.repeat(32)}` };
    const subscribed = (await h.call(DAPP, 'eth_subscribe', ['newHeads'])) as { result: string };
    expect(subscribed.result).toMatch(/^0x/);
    const events = () =>
      h.tabs.sent
        .map((s) => s.message as { event?: string; data?: unknown })
        .filter((m) => m.event === 'connect' || m.event === 'disconnect');
    const settle = () => new Promise((r) => setTimeout(r, 10));

    h.state.headError = new ProviderError(-32603, 'no source answered', {
      reason: 'unavailable',
      sources: [
        { id: 'a', error: 'refused' },
        { id: 'b', error: 'timeout' },
      ],
    });
    await h.rpc.watchers.poll();
    await settle();
    expect(events()).toEqual([
      { type: 'dapp:event', origin: DAPP.origin, event: 'disconnect', data: expect.objectContaining({ code: 4901 }) },
    ]);
    // Polling on while they stay down says nothing more.
    await h.rpc.watchers.poll();
    await settle();
    expect(events()).toHaveLength(1);

    // Another kind of failure (the sources answered, but disagree) is not "unreachable".
    h.state.headError = new ProviderError(-32603, 'sources disagree', { reason: 'conflict', sources: [] });
    await h.rpc.watchers.poll();
    await settle();
    expect(events()).toHaveLength(1);

    h.state.headError = null;
    h.state.head = { number: 6, hash: `0x${'06'.repeat(32)}` };
    await h.rpc.watchers.poll();
    await settle();
    expect(events().at(-1)).toEqual({
      type: 'dapp:event',
      origin: DAPP.origin,
      event: 'connect',
      data: { chainId: '0x7a69' },
    });
  });
});
