import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { TokenView } from '../messages/popup-api';
import { defaultTokens } from './default-tokens';
import { createTokenList } from './token-list';

const ATT: TokenView = {
  chainId: 31337,
  address: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
  symbol: 'TWO',
  name: 'Second Token',
  decimals: 18,
  source: 'user',
};

describe('createTokenList', () => {
  beforeEach(() => fakeBrowser.reset());
  const area = () => fakeBrowser.storage.local;

  it('lists the chain defaults first, then added tokens, and persists', async () => {
    const list = createTokenList({ area: area() });
    expect((await list.list(1)).map((t) => t.symbol)).toEqual(['USDC', 'USDT', 'DAI', 'WETH']);
    await list.add(ATT);
    expect(await createTokenList({ area: area() }).list(31337)).toEqual([...defaultTokens(31337), ATT]);
  });

  it('hides a removed default and shows it again when re-added', async () => {
    const list = createTokenList({ area: area() });
    const [usdc] = defaultTokens(1);
    await list.remove(1, usdc.address);
    expect((await list.list(1)).map((t) => t.symbol)).toEqual(['USDT', 'DAI', 'WETH']);
    await list.add({ ...usdc, source: 'dapp' });
    expect((await list.list(1)).map((t) => t.symbol)).toContain('USDC');
  });

  it('updates instead of duplicating, whatever the address case', async () => {
    const list = createTokenList({ area: area() });
    await Promise.all([
      list.add(ATT),
      list.add({ ...ATT, address: ATT.address.toLowerCase() as `0x${string}`, source: 'dapp' }),
    ]);
    const tokens = (await list.list(31337)).filter((t) => t.source !== 'default');
    expect(tokens).toHaveLength(1);
    expect(tokens[0].source).toBe('dapp');
    await list.remove(31337, ATT.address);
    expect(await list.list(31337)).toEqual(defaultTokens(31337));
  });
});

describe('defaultTokens', () => {
  it('uses checksummed addresses', async () => {
    const { getAddress } = await import('viem');
    for (const chainId of [1, 10, 8453, 42161, 11155111, 31337]) {
      for (const token of defaultTokens(chainId)) expect(getAddress(token.address)).toBe(token.address);
    }
  });
});
