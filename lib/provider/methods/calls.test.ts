import { describe, expect, it } from 'vitest';
import { ALICE, BOB, DAPP, OTHER } from '../../testing/provider-fakes';
import { ACTIVITY_URL, connectedHarness } from '../../testing/provider-harness';

const TOKEN = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const transfer = `0xa9059cbb${BOB.slice(2).toLowerCase().padStart(64, '0')}${5n.toString(16).padStart(64, '0')}`;

const until = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error('condition not reached');
};

describe('EIP-5792', () => {
  it('wallet_getCapabilities: atomic is "unsupported" on the chains Accord knows', async () => {
    const h = await connectedHarness();
    expect(await h.call(DAPP, 'wallet_getCapabilities', [ALICE])).toEqual({
      result: { '0x7a69': { atomic: { status: 'unsupported' } } },
    });
    expect(await h.call(DAPP, 'wallet_getCapabilities', [ALICE, ['0x1', '0x999']])).toEqual({
      result: { '0x1': { atomic: { status: 'unsupported' } } },
    });
    expect(await h.call(OTHER, 'wallet_getCapabilities', [ALICE])).toMatchObject({ error: { code: 4100 } });
  });

  it('wallet_sendCalls: one approval lists every call decoded; sent in order, each after the previous was mined', async () => {
    const h = await connectedHarness();
    const mined = new Set<string>();
    h.answerReads((method) => {
      if (method !== 'eth_getTransactionReceipt') return null;
      mined.add('receipt');
      return {
        status: '0x1',
        transactionHash: `0x${'ab'.repeat(32)}`,
        blockHash: `0x${'cd'.repeat(32)}`,
        blockNumber: '0x5',
        gasUsed: '0x5208',
        logs: [],
      };
    });
    const answer = h.call(DAPP, 'wallet_sendCalls', [
      {
        version: '2.0.0',
        chainId: '0x7a69',
        from: ALICE,
        atomicRequired: false,
        calls: [
          { to: BOB, value: '0x10' },
          { to: TOKEN, data: transfer },
        ],
      },
    ]);
    const [approval] = await h.pendingApprovals();
    expect(approval.request).toMatchObject({
      kind: 'calls',
      from: ALICE,
      calls: [
        { to: BOB, value: '16', data: '0x', decoded: null },
        {
          to: TOKEN,
          value: '0',
          decoded: {
            functionName: 'transfer',
            args: [
              { name: 'recipient', value: BOB },
              { name: 'amount', value: '5' },
            ],
          },
        },
      ],
    });
    expect(h.log.filter((e) => e.op === 'sendTransaction')).toEqual([]);
    await h.rpc.approvals.resolve(approval.id, { approved: true });
    const { result } = (await answer) as { result: { id: string } };
    expect(result.id).toMatch(/^0x[0-9a-f]{64}$/);

    let status: { result: { status: number; atomic: boolean; receipts: unknown[] } } | null = null;
    await until(async () => {
      status = (await h.call(DAPP, 'wallet_getCallsStatus', [result.id])) as typeof status;
      return status?.result.status === 200;
    });
    expect(status!.result).toMatchObject({ version: '2.0.0', chainId: '0x7a69', atomic: false });
    expect(status!.result.receipts).toHaveLength(2);
    // prepare → send → (receipt) → prepare → send: the second call is prepared after the first was mined.
    expect(h.log.filter((e) => ['prepare', 'sendTransaction'].includes(e.op)).map((e) => e.op)).toEqual([
      'prepare',
      'sendTransaction',
      'prepare',
      'sendTransaction',
    ]);
    expect(await h.call(OTHER, 'wallet_getCallsStatus', [result.id])).toMatchObject({ error: { code: 5730 } });
  });

  it('batch ids belong to their site: another site may use the same id, and never reaches or replaces the first', async () => {
    const h = await connectedHarness();
    h.sites.set(OTHER.origin, { origin: OTHER.origin, accounts: [ALICE], connectedAt: 1 });
    h.answerReads((method) => (method === 'eth_getTransactionReceipt' ? { status: '0x1', logs: [] } : null));
    const send = async (caller: typeof DAPP, calls: { to: string; value?: string }[]) => {
      const answer = h.call(caller, 'wallet_sendCalls', [
        { version: '2.0.0', id: 'shared', atomicRequired: false, calls },
      ]);
      await h.decide({ approved: true });
      return answer;
    };
    expect(await send(DAPP, [{ to: BOB, value: '0x1' }])).toEqual({ result: { id: 'shared' } });
    expect(await send(OTHER, [{ to: BOB }, { to: BOB }])).toEqual({ result: { id: 'shared' } });
    const status = async (caller: typeof DAPP) => {
      let last: { result?: { status: number; receipts: unknown[] } } = {};
      await until(async () => {
        last = (await h.call(caller, 'wallet_getCallsStatus', ['shared'])) as typeof last;
        return last.result?.status === 200;
      });
      return last.result!;
    };
    expect((await status(DAPP)).receipts).toHaveLength(1);
    expect((await status(OTHER)).receipts).toHaveLength(2);
    // The same site using its id again is refused before anything is asked (EIP-5792: 5720).
    expect(
      await h.call(DAPP, 'wallet_sendCalls', [
        { version: '2.0.0', id: 'shared', atomicRequired: false, calls: [{ to: BOB }] },
      ]),
    ).toMatchObject({ error: { code: 5720 } });
    expect(h.log.filter((e) => e.op === 'sendTransaction')).toHaveLength(3);
  });

  it('two requests with one id, both approved: the second is refused with 5720 and sends nothing', async () => {
    const h = await connectedHarness();
    h.answerReads((method) => (method === 'eth_getTransactionReceipt' ? { status: '0x1', logs: [] } : null));
    const request = [{ version: '2.0.0', id: 'twice', atomicRequired: false, calls: [{ to: BOB }] }];
    const first = h.call(DAPP, 'wallet_sendCalls', request);
    await h.pendingApprovals(1);
    const second = h.call(DAPP, 'wallet_sendCalls', request);
    const [a, b] = await h.pendingApprovals(2);
    await h.rpc.approvals.resolve(a.id, { approved: true });
    await h.rpc.approvals.resolve(b.id, { approved: true });
    expect(await first).toEqual({ result: { id: 'twice' } });
    expect(await second).toMatchObject({ error: { code: 5720 } });
    await until(async () => h.log.filter((e) => e.op === 'sendTransaction').length === 1);
    await new Promise((r) => setTimeout(r, 20));
    expect(h.log.filter((e) => e.op === 'sendTransaction')).toHaveLength(1);
  });

  it("wallet_showCallsStatus opens Accord's activity for a batch of this site, and only for one", async () => {
    const h = await connectedHarness();
    h.answerReads((method) => (method === 'eth_getTransactionReceipt' ? { status: '0x1', logs: [] } : null));
    const answer = h.call(DAPP, 'wallet_sendCalls', [
      { version: '2.0.0', id: 'mine', atomicRequired: false, calls: [{ to: BOB }] },
    ]);
    await h.decide({ approved: true });
    await answer;
    const before = h.windows.created.length;
    expect(await h.call(DAPP, 'wallet_showCallsStatus', ['mine'])).toEqual({ result: null });
    expect(h.windows.created.slice(before)).toEqual([ACTIVITY_URL]);
    expect(await h.call(OTHER, 'wallet_showCallsStatus', ['mine'])).toMatchObject({ error: { code: 5730 } });
    expect(h.windows.created.slice(before)).toEqual([ACTIVITY_URL]);
  });

  it('a reverted call stops the batch (status 600 after a success); atomicRequired and unknown capabilities are refused', async () => {
    const h = await connectedHarness();
    let receipts = 0;
    h.answerReads((method) =>
      method === 'eth_getTransactionReceipt' ? { status: ++receipts === 1 ? '0x1' : '0x0', logs: [] } : null,
    );
    const answer = h.call(DAPP, 'wallet_sendCalls', [
      { version: '2.0.0', atomicRequired: false, calls: [{ to: BOB }, { to: BOB }, { to: BOB }] },
    ]);
    await h.decide({ approved: true });
    const { result } = (await answer) as { result: { id: string } };
    await until(async () => {
      const s = (await h.call(DAPP, 'wallet_getCallsStatus', [result.id])) as { result: { status: number } };
      return s.result.status === 600;
    });
    expect(h.log.filter((e) => e.op === 'sendTransaction')).toHaveLength(2);

    expect(
      await h.call(DAPP, 'wallet_sendCalls', [{ version: '2.0.0', atomicRequired: true, calls: [{ to: BOB }] }]),
    ).toMatchObject({ error: { code: 5760 } });
    expect(
      await h.call(DAPP, 'wallet_sendCalls', [
        { version: '2.0.0', atomicRequired: false, calls: [{ to: BOB }], capabilities: { paymasterService: {} } },
      ]),
    ).toMatchObject({ error: { code: 5700 } });
    expect(
      await h.call(DAPP, 'wallet_sendCalls', [
        { version: '2.0.0', chainId: '0x1', atomicRequired: false, calls: [{ to: BOB }] },
      ]),
    ).toMatchObject({ error: { code: 5710 } });
    expect(await h.call(DAPP, 'wallet_showCallsStatus', ['0x1234'])).toMatchObject({ error: { code: 5730 } });
  });
});
