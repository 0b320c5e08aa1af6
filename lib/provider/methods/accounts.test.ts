import { describe, expect, it } from 'vitest';
import { ALICE, BOB, CAROL, DAPP, OTHER } from '../../testing/provider-fakes';
import { connectedHarness, rpcHarness } from '../../testing/provider-harness';

describe('connecting', () => {
  it('eth_accounts is [] for a site that never connected', async () => {
    const h = rpcHarness();
    expect(await h.call(DAPP, 'eth_accounts')).toEqual({ result: [] });
  });

  it('eth_requestAccounts opens the connect approval and returns the accounts the user picked', async () => {
    const h = rpcHarness();
    await h.rpc.hello(DAPP);
    const answer = h.call(DAPP, 'eth_requestAccounts');
    const approval = await h.decide({ approved: true, accounts: [BOB, ALICE] });
    expect(approval.request).toEqual({ kind: 'connect', origin: DAPP.origin });
    // The selected account (ALICE) comes first.
    expect(await answer).toEqual({ result: [ALICE, BOB] });
    expect(await h.call(DAPP, 'eth_accounts')).toEqual({ result: [ALICE, BOB] });
    expect(h.tabs.sent).toContainEqual({
      tabId: DAPP.tabId,
      frameId: 0,
      message: { type: 'dapp:event', origin: DAPP.origin, event: 'accountsChanged', data: [ALICE, BOB] },
    });
    expect(await h.call(OTHER, 'eth_accounts')).toEqual({ result: [] });
  });

  it('eth_requestAccounts answers at once for a connected site', async () => {
    const h = await connectedHarness();
    expect(await h.call(DAPP, 'eth_requestAccounts')).toEqual({ result: [ALICE] });
    expect(h.windows.created).toHaveLength(0);
  });

  it('answers -32002 while a connect request is pending for the origin', async () => {
    const h = rpcHarness();
    void h.call(DAPP, 'eth_requestAccounts');
    await h.pendingApprovals();
    expect(await h.call(DAPP, 'eth_requestAccounts')).toMatchObject({ error: { code: -32002 } });
    expect(await h.call(DAPP, 'wallet_requestPermissions', [{ eth_accounts: {} }])).toMatchObject({
      error: { code: -32002 },
    });
  });

  it('answers 4001 when the user rejects or closes the window', async () => {
    const h = rpcHarness();
    const rejected = h.call(DAPP, 'eth_requestAccounts');
    await h.decide({ approved: false });
    expect(await rejected).toMatchObject({ error: { code: 4001 } });
    const closed = h.call(DAPP, 'eth_requestAccounts');
    await h.pendingApprovals();
    await h.windows.close([...h.windows.open.keys()].at(-1)!);
    expect(await closed).toMatchObject({ error: { code: 4001 } });
    expect(h.sites.size).toBe(0);
  });

  it('asks for the password inside the approval when the wallet is locked', async () => {
    const h = rpcHarness({ unlocked: false });
    const answer = h.call(DAPP, 'eth_requestAccounts');
    const [approval] = await h.pendingApprovals();
    await expect(h.rpc.approvals.resolve(approval.id, { approved: true, accounts: [ALICE] })).rejects.toThrow(
      /locked: enter your password/,
    );
    await expect(
      h.rpc.approvals.resolve(approval.id, { approved: true, accounts: [ALICE], password: 'wrong' }),
    ).rejects.toThrow(/Incorrect password/);
    await h.rpc.approvals.resolve(approval.id, { approved: true, accounts: [ALICE], password: h.password });
    expect(await answer).toEqual({ result: [ALICE] });
  });

  it('refuses an approval that picks no account or one the wallet does not hold', async () => {
    const h = rpcHarness();
    void h.call(DAPP, 'eth_requestAccounts');
    const [approval] = await h.pendingApprovals();
    await expect(h.rpc.approvals.resolve(approval.id, { approved: true, accounts: [] })).rejects.toThrow(
      /at least one/,
    );
    await expect(h.rpc.approvals.resolve(approval.id, { approved: true, accounts: [CAROL] })).rejects.toThrow(
      /not an account/,
    );
  });

  it('eth_accounts is [] while locked, and the selected account comes first', async () => {
    const h = await connectedHarness({}, [BOB, ALICE]);
    h.state.selectedAddress = BOB;
    expect(await h.call(DAPP, 'eth_accounts')).toEqual({ result: [BOB, ALICE] });
    expect(await h.call(DAPP, 'eth_coinbase')).toEqual({ result: BOB });
    h.state.unlocked = false;
    expect(await h.call(DAPP, 'eth_accounts')).toEqual({ result: [] });
  });

  it('wallet_requestPermissions returns EIP-2255 permissions; other permissions are -32602', async () => {
    const h = rpcHarness();
    const answer = h.call(DAPP, 'wallet_requestPermissions', [{ eth_accounts: {} }]);
    await h.decide({ approved: true, accounts: [ALICE] });
    expect(await answer).toEqual({
      result: [
        {
          invoker: DAPP.origin,
          parentCapability: 'eth_accounts',
          caveats: [{ type: 'restrictReturnedAccounts', value: [ALICE] }],
          date: expect.any(Number),
        },
      ],
    });
    expect(await h.call(DAPP, 'wallet_requestPermissions', [{ snap_dialog: {} }])).toMatchObject({
      error: { code: -32602, message: expect.stringContaining('snap_dialog') },
    });
    expect(await h.call(DAPP, 'wallet_requestPermissions', 'eth_accounts' as never)).toMatchObject({
      error: { code: -32602 },
    });
  });

  it('wallet_getPermissions and wallet_revokePermissions', async () => {
    const h = await connectedHarness();
    await h.rpc.hello(DAPP);
    const { result } = (await h.call(DAPP, 'wallet_getPermissions')) as { result: unknown[] };
    expect(result).toMatchObject([{ parentCapability: 'eth_accounts', caveats: [{ value: [ALICE] }] }]);
    expect(await h.call(OTHER, 'wallet_getPermissions')).toEqual({ result: [] });
    // Locked: the permission is listed, its accounts are not.
    h.state.unlocked = false;
    expect(await h.call(DAPP, 'wallet_getPermissions')).toMatchObject({ result: [{ caveats: [{ value: [] }] }] });
    h.state.unlocked = true;
    expect(await h.call(DAPP, 'wallet_revokePermissions', [{ eth_accounts: {} }])).toEqual({ result: null });
    expect(await h.call(DAPP, 'eth_accounts')).toEqual({ result: [] });
    expect(h.tabs.sent.at(-1)?.message).toMatchObject({ event: 'accountsChanged', data: [] });
  });

  it('hello answers the chain and the site accounts', async () => {
    const h = await connectedHarness();
    expect(await h.rpc.hello(DAPP)).toEqual({ result: { chainId: '0x7a69', accounts: [ALICE] } });
    expect(await h.rpc.hello(OTHER)).toEqual({ result: { chainId: '0x7a69', accounts: [] } });
  });
});
