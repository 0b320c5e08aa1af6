import { describe, expect, it } from 'vitest';
import { DAPP } from '../../testing/provider-fakes';
import { rpcHarness } from '../../testing/provider-harness';

describe('wallet_watchAsset', () => {
  const token = '0x5FbDB2315678afecb367f032d93F642f64180aa3';

  it('shows the token and adds it after approval', async () => {
    const h = rpcHarness();
    const answer = h.call(DAPP, 'wallet_watchAsset', {
      type: 'ERC20',
      options: { address: token, symbol: 'ACT', decimals: 18 },
    });
    const approval = await h.decide({ approved: true });
    expect(approval.request).toEqual({
      kind: 'watch_asset',
      origin: DAPP.origin,
      token: { chainId: 31337, address: token, symbol: 'ACT', name: 'Accord Test Token', decimals: 18 },
    });
    expect(await answer).toEqual({ result: true });
    expect(h.tokens).toEqual([
      { chainId: 31337, address: token, symbol: 'ACT', name: 'Accord Test Token', decimals: 18, source: 'dapp' },
    ]);
  });

  it('-32602 for other asset types and decimals the contract contradicts', async () => {
    const h = rpcHarness();
    expect(await h.call(DAPP, 'wallet_watchAsset', { type: 'ERC721', options: { address: token } })).toMatchObject({
      error: { code: -32602 },
    });
    expect(
      await h.call(DAPP, 'wallet_watchAsset', {
        type: 'ERC20',
        options: { address: token, symbol: 'ACT', decimals: 6 },
      }),
    ).toMatchObject({ error: { code: -32602, message: expect.stringContaining('decimals') } });
  });
});
