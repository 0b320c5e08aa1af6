import { encodeFunctionData, erc20Abi } from 'viem';
import { describe, expect, it } from 'vitest';
import { ALICE, BOB, DAPP, OTHER } from '../../testing/provider-fakes';
import { connectedHarness, signOps } from '../../testing/provider-harness';

describe('transactions', () => {
  const transfer = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [BOB, 5n] });
  const token = '0x5FbDB2315678afecb367f032d93F642f64180aa3';

  it('eth_sendTransaction shows the decoded transaction and sends only after approval', async () => {
    const h = await connectedHarness();
    const answer = h.call(DAPP, 'eth_sendTransaction', [{ from: ALICE, to: token, data: transfer }]);
    const [approval] = await h.pendingApprovals();
    expect(approval.request).toMatchObject({
      kind: 'transaction',
      origin: DAPP.origin,
      chainId: 31337,
      networkName: 'Local devnet',
      from: ALICE,
      to: token,
      value: '0',
      gas: '21000',
      nonce: 3,
      decoded: {
        functionName: 'transfer',
        args: [
          { name: 'recipient', type: 'address', value: BOB },
          { name: 'amount', type: 'uint256', value: '5' },
        ],
      },
    });
    expect(signOps(h)).toEqual([]);
    await h.rpc.approvals.resolve(approval.id, { approved: true });
    expect(await answer).toEqual({ result: `0x${'ab'.repeat(32)}` });
    expect(signOps(h)).toHaveLength(1);
    expect(signOps(h)[0].args[1]).toEqual({ origin: DAPP.origin, acceptUnconfirmed: false });
  });

  it('values too few sources agreed on are flagged and signed only when the user confirms them', async () => {
    const h = await connectedHarness();
    h.state.unconfirmed = ['fees', 'nonce'];
    const answer = h.call(DAPP, 'eth_sendTransaction', [{ from: ALICE, to: BOB, value: '0x1' }]);
    const [approval] = await h.pendingApprovals();
    expect(approval.request).toMatchObject({ kind: 'transaction', unconfirmed: ['fees', 'nonce'] });
    await expect(h.rpc.approvals.resolve(approval.id, { approved: true })).rejects.toThrow(/fees, nonce/);
    expect(signOps(h)).toEqual([]);
    await h.rpc.approvals.resolve(approval.id, { approved: true, acceptUnconfirmed: true });
    expect(await answer).toEqual({ result: `0x${'ab'.repeat(32)}` });
    expect(signOps(h)[0].args[1]).toEqual({ origin: DAPP.origin, acceptUnconfirmed: true });
  });

  it('a nonce taken after the review goes back to review with the new nonce; nothing signed meanwhile', async () => {
    const h = await connectedHarness();
    const answer = h.call(DAPP, 'eth_sendTransaction', [{ from: ALICE, to: BOB, value: '0x1' }]);
    const [approval] = await h.pendingApprovals();
    expect(approval.request).toMatchObject({ nonce: 3 });
    h.state.nextFreeNonce = 4;
    await expect(h.rpc.approvals.resolve(approval.id, { approved: true })).rejects.toThrow(/now has nonce 4/);
    expect(signOps(h)).toEqual([]);
    const [again] = await h.rpc.approvals.list();
    expect(again).toMatchObject({ id: approval.id, request: { nonce: 4 } });
    await h.rpc.approvals.resolve(approval.id, { approved: true });
    expect(await answer).toEqual({ result: `0x${'ab'.repeat(32)}` });
    expect(signOps(h)[0].args[0]).toMatchObject({ nonce: 4 });
  });

  it('eth_sendTransaction: -32602 for bad fields, 4100 for an account the site may not use', async () => {
    const h = await connectedHarness();
    expect(await h.call(DAPP, 'eth_sendTransaction', [{ to: BOB }])).toMatchObject({
      error: { code: -32602, message: expect.stringContaining('from is required') },
    });
    expect(await h.call(DAPP, 'eth_sendTransaction', [{ from: ALICE, to: BOB, value: 100 }])).toMatchObject({
      error: { code: -32602, message: expect.stringContaining('transaction.value') },
    });
    expect(await h.call(DAPP, 'eth_sendTransaction', [{ from: ALICE, to: BOB, chainId: '0x1' }])).toMatchObject({
      error: { code: -32602, message: expect.stringContaining('wallet_switchEthereumChain') },
    });
    expect(await h.call(DAPP, 'eth_sendTransaction', [{ from: ALICE }])).toMatchObject({
      error: { code: -32602, message: expect.stringContaining('needs data') },
    });
    expect(await h.call(DAPP, 'eth_sendTransaction', [{ from: BOB, to: ALICE }])).toMatchObject({
      error: { code: 4100 },
    });
    expect(await h.call(OTHER, 'eth_sendTransaction', [{ from: ALICE, to: BOB }])).toMatchObject({
      error: { code: 4100 },
    });
    expect(h.log.filter((e) => e.op === 'prepare')).toEqual([]);
  });
});
