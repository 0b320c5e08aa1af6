import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { ALICE, BOB, DAPP } from '../../testing/provider-fakes';
import { connectedHarness, rpcHarness, signOps } from '../../testing/provider-harness';

// The first devnet key (its address is ALICE).
const ALICE_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

describe('MetaMask compatibility', () => {
  it('accounts reach the dapp in lowercase (eth_accounts, eth_requestAccounts, permissions); checksummed when off', async () => {
    const h = await connectedHarness({ metamaskCompat: true }, [ALICE, BOB]);
    const lower = [ALICE.toLowerCase(), BOB.toLowerCase()];
    expect(await h.call(DAPP, 'eth_accounts')).toEqual({ result: lower });
    expect(await h.call(DAPP, 'eth_requestAccounts')).toEqual({ result: lower });
    expect(await h.call(DAPP, 'eth_coinbase')).toEqual({ result: lower[0] });
    const permissions = (await h.call(DAPP, 'wallet_getPermissions')) as {
      result: { caveats: { value: string[] }[] }[];
    };
    expect(permissions.result[0].caveats[0].value).toEqual(lower);
    expect(await h.call(DAPP, 'metamask_getProviderState')).toEqual({
      result: { isUnlocked: true, chainId: '0x7a69', networkVersion: '31337', accounts: lower },
    });
    // Signing with the lowercase address the dapp was given works.
    void h.call(DAPP, 'personal_sign', ['0x48656c6c6f', lower[0]]);
    expect((await h.pendingApprovals())[0].request).toMatchObject({ kind: 'personal_sign', address: ALICE });

    h.state.metamaskCompat = false;
    expect(await h.call(DAPP, 'eth_accounts')).toEqual({ result: [ALICE, BOB] });
  });

  it('a connect approved in the window answers lowercase accounts too', async () => {
    const h = rpcHarness({ metamaskCompat: true });
    const answer = h.call(DAPP, 'eth_requestAccounts');
    await h.decide({ approved: true, accounts: [ALICE] });
    expect(await answer).toEqual({ result: [ALICE.toLowerCase()] });
  });
});

describe('legacy methods', () => {
  it('personal_ecRecover returns the signer (lowercase, as eth_accounts gives it) and rejects bad signatures', async () => {
    const h = await connectedHarness({ metamaskCompat: true });
    const signature = await privateKeyToAccount(ALICE_KEY).signMessage({ message: 'Hello' });
    expect(await h.call(DAPP, 'personal_ecRecover', ['0x48656c6c6f', signature])).toEqual({
      result: ALICE.toLowerCase(),
    });
    expect(await h.call(DAPP, 'personal_ecRecover', ['Hello', signature])).toEqual({ result: ALICE.toLowerCase() });
    expect(await h.call(DAPP, 'personal_ecRecover', ['Hello', '0x1234'])).toMatchObject({ error: { code: -32602 } });
  });

  it('eth_signTypedData (v1) shows every value and signs only after approval', async () => {
    const h = await connectedHarness();
    const data = [
      { type: 'string', name: 'Message', value: 'Hi, Alice!' },
      { type: 'uint32', name: 'A number', value: '1337' },
    ];
    const answer = h.call(DAPP, 'eth_signTypedData', [data, ALICE]);
    const [approval] = await h.pendingApprovals();
    expect(approval.request).toEqual({
      kind: 'typed_data_v1',
      origin: DAPP.origin,
      address: ALICE,
      fields: [
        { type: 'string', name: 'Message', value: 'Hi, Alice!' },
        { type: 'uint32', name: 'A number', value: '1337' },
      ],
    });
    expect(signOps(h)).toEqual([]);
    await h.rpc.approvals.resolve(approval.id, { approved: true });
    expect(await answer).toEqual({ result: `0x${'22'.repeat(65)}` });
    expect(signOps(h)).toEqual([{ op: 'signTypedData', args: [ALICE, data, 'V1'] }]);
    expect(await h.call(DAPP, 'eth_signTypedData', [[{ type: 'nope', name: 'x', value: 1 }], ALICE])).toMatchObject({
      error: { code: -32602 },
    });
    expect(await h.call(DAPP, 'eth_signTypedData', [data, BOB])).toMatchObject({ error: { code: 4100 } });
  });

  it('web3_clientVersion, net_listening and eth_syncing are answered by the quorum client', async () => {
    const h = rpcHarness();
    h.answerReads(
      (method) => ({ web3_clientVersion: 'Accord/quorum', net_listening: true, eth_syncing: false })[method],
    );
    expect(await h.call(DAPP, 'web3_clientVersion')).toEqual({ result: 'Accord/quorum' });
    expect(await h.call(DAPP, 'net_listening')).toEqual({ result: true });
    expect(await h.call(DAPP, 'eth_syncing')).toEqual({ result: false });
    expect(h.reads.map((r) => r.method)).toEqual(['web3_clientVersion', 'net_listening', 'eth_syncing']);
  });
});
