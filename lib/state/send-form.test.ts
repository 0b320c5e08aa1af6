import { describe, expect, it } from 'vitest';
import { fundsProblem, parseAmount, recipientProblem } from './send-form';

describe('recipientProblem', () => {
  it('accepts checksummed and single-case addresses', () => {
    expect(recipientProblem('0x70997970C51812dc3A010C7d01b50e0d17dc79C8')).toBeNull();
    expect(recipientProblem('0x70997970c51812dc3a010c7d01b50e0d17dc79c8')).toBeNull();
  });

  it('rejects a wrong checksum, a malformed address and the zero address', () => {
    expect(recipientProblem('0x70997970C51812dc3A010C7d01b50e0d17dc79c8')).toMatch(/checksum/);
    expect(recipientProblem('0x1234')).toMatch(/Not an address/);
    expect(recipientProblem('')).toMatch(/Enter/);
    expect(recipientProblem(`0x${'0'.repeat(40)}`)).toMatch(/zero address/);
  });
});

describe('parseAmount', () => {
  it('parses decimals to base units', () => {
    expect(parseAmount('1.5', 18)).toEqual({ value: 1_500_000_000_000_000_000n });
    expect(parseAmount('.5', 6)).toEqual({ value: 500_000n });
  });

  it('rejects what is not a positive amount', () => {
    expect(parseAmount('0', 18)).toEqual({ problem: 'The amount must be more than 0.' });
    expect(parseAmount('abc', 18)).toEqual({ problem: 'Not a number.' });
    expect(parseAmount('1.1234567', 6)).toEqual({ problem: 'At most 6 decimal places.' });
    expect(parseAmount('-1', 18)).toEqual({ problem: 'Not a number.' });
  });
});

describe('fundsProblem', () => {
  it('native: amount plus fee must fit the balance', () => {
    const base = { nativeBalance: 100n, feeWei: 10n, native: true };
    expect(fundsProblem({ ...base, amount: 90n, assetBalance: 100n })).toBeNull();
    expect(fundsProblem({ ...base, amount: 91n, assetBalance: 100n })).toMatch(/more than the balance/);
  });

  it('token: amount within token balance, fee within native balance', () => {
    const base = { feeWei: 10n, native: false };
    expect(fundsProblem({ ...base, amount: 5n, assetBalance: 5n, nativeBalance: 10n })).toBeNull();
    expect(fundsProblem({ ...base, amount: 6n, assetBalance: 5n, nativeBalance: 10n })).toMatch(/token balance/);
    expect(fundsProblem({ ...base, amount: 5n, assetBalance: 5n, nativeBalance: 9n })).toMatch(/network fee/);
  });

  it('refuses to check against a balance that was not confirmed', () => {
    expect(fundsProblem({ amount: 1n, assetBalance: null, nativeBalance: 5n, feeWei: 1n, native: true })).toMatch(
      /could not be confirmed/,
    );
  });
});
