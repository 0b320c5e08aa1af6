import { describe, expect, it } from 'vitest';
import { ALICE, BOB, DAPP, OTHER } from '../../testing/provider-fakes';
import { connectedHarness } from '../../testing/provider-harness';

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
