import { describe, expect, it } from 'vitest';
import { ALICE, DAPP } from '../testing/provider-fakes';
import { connectedHarness, signOps } from '../testing/provider-harness';

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
