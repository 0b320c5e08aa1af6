import { describe, expect, it } from 'vitest';
import type { TokenPermission } from '../provider/typed-data-meaning';
import { permissionSentence } from './permission';

const BOB = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const ATT = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const format = {
  amount: (amount: string) => `${Number(BigInt(amount) / 10n ** 15n) / 1000} ATT`,
  symbol: 'ATT',
  name: (address: string) => address.slice(0, 6),
};
const permit = (overrides: Partial<TokenPermission>): TokenPermission => ({
  kind: 'token-permission',
  token: ATT,
  spender: BOB,
  amount: '5000000000000000000',
  once: false,
  until: null,
  via: null,
  ...overrides,
});

describe('permissionSentence', () => {
  it('says who may spend how much, until when, and through what', () => {
    expect(permissionSentence(permit({ until: 1_796_212_800 }), format)).toBe(
      'Lets 0x7099 spend 5 ATT of yours, until 2026-12-02 12:00 UTC. Signing it is as good as approving it on chain.',
    );
    expect(permissionSentence(permit({ amount: null, via: 'Uniswap Permit2' }), format)).toBe(
      'Lets 0x7099 spend all your ATT, without limit (through Uniswap Permit2). Signing it is as good as approving it on chain.',
    );
    expect(permissionSentence(permit({ once: true }), format)).toBe(
      'Lets 0x7099 take 5 ATT from you, once. Signing it is as good as approving it on chain.',
    );
    expect(permissionSentence(permit({ amount: '0', until: 1_796_212_800 }), format)).toBe(
      "Takes back 0x7099's permission to spend your ATT. Signing it is as good as approving it on chain.",
    );
  });
});
