import { describe, expect, it } from 'vitest';
import { fundsProblem, isSelfSend, parseAmount, plainSendError, recipientProblem } from './send-form';

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
    expect(parseAmount('abc', 18)).toEqual({ problem: 'Enter the amount as a number, such as 1.5.' });
    expect(parseAmount('1.1234567', 6)).toEqual({ problem: 'At most 6 decimal places.' });
    expect(parseAmount('-1', 18)).toEqual({ problem: 'The amount must be more than 0.' });
    expect(parseAmount('-0.5', 18)).toEqual({ problem: 'The amount must be more than 0.' });
    expect(parseAmount('1,5', 18)).toEqual({ problem: 'Use a dot for decimals: 1.5.' });
  });
});

describe('plainSendError', () => {
  it('turns a revert into a sentence saying the contract would refuse, and why', () => {
    expect(plainSendError('execution reverted: ERC20: transfer amount exceeds balance')).toBe(
      "The contract would refuse this transaction: the amount is more than this account's token balance. Nothing was sent.",
    );
    expect(plainSendError('eth_estimateGas: execution reverted: Ownable: caller is not the owner')).toBe(
      'The contract would refuse this transaction: it says "Ownable: caller is not the owner". Nothing was sent.',
    );
    expect(plainSendError('execution reverted')).toMatch(/reverts without saying why/);
    expect(plainSendError('Sources disagree')).toBe('Sources disagree');
  });

  it('knows a send to the sending account itself', () => {
    const me = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
    expect(isSelfSend(` ${me.toLowerCase()} `, me)).toBe(true);
    expect(isSelfSend('0x70997970C51812dc3A010C7d01b50e0d17dc79C8', me)).toBe(false);
    expect(isSelfSend(me, null)).toBe(false);
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
