import { describe, expect, it } from 'vitest';
import type { ConfirmedValueView } from '../messages/popup-api';
import { displayedAmount, formatAgo, formatAmount, formatConfirmation, shortAddress } from './format';

const NOW = 1_700_000_000_000;

function view(overrides: Partial<ConfirmedValueView>): ConfirmedValueView {
  return {
    status: 'confirmed',
    value: '520000000000000000',
    agreeing: 3,
    quorum: 2,
    enabledSources: 5,
    block: { number: 123, hash: '0xabc' },
    header: null,
    sources: [],
    checkedAt: NOW,
    ...overrides,
  };
}

describe('formatAmount', () => {
  it('formats base units with the symbol and trims trailing zeros', () => {
    expect(formatAmount('520000000000000000', 18, 'ETH')).toBe('0.52 ETH');
    expect(formatAmount('10000000000000000000000', 18, 'ETH')).toBe('10,000 ETH');
    expect(formatAmount('0', 18, 'ETH')).toBe('0 ETH');
    expect(formatAmount('1234567', 6, 'USDC')).toBe('1.234567 USDC');
  });

  it('never shows a tiny non-zero amount as 0', () => {
    expect(formatAmount('1', 18, 'ETH')).toBe('<0.000001 ETH');
  });

  it('truncates instead of rounding up', () => {
    expect(formatAmount('999999999999999999', 18, 'ETH')).toBe('0.999999 ETH');
  });

  it('shows ? for a value that is not a number', () => {
    expect(formatAmount('zzz', 18, 'ETH')).toBe('? ETH');
  });
});

describe('formatAgo', () => {
  it('reads like a person would say it', () => {
    expect(formatAgo(NOW - 10_000, NOW)).toBe('just now');
    expect(formatAgo(NOW - 3 * 60_000, NOW)).toBe('3 min ago');
    expect(formatAgo(NOW - 2 * 3_600_000, NOW)).toBe('2 h ago');
    expect(formatAgo(NOW - 3 * 86_400_000, NOW)).toBe('3 days ago');
  });
});

describe('formatConfirmation', () => {
  const line = (v: ConfirmedValueView) => formatConfirmation({ view: v, symbol: 'ETH', decimals: 18, now: NOW });

  it('confirmed: how many of how many, and the block', () => {
    expect(line(view({}))).toBe('Confirmed by 3 of 5 sources · block 123');
  });

  it('conflict', () => {
    expect(line(view({ status: 'conflict', value: null }))).toBe('Sources disagree');
    expect(
      line(
        view({ status: 'conflict', value: null, lastConfirmed: { value: '1000000000000000000', block: 7, at: NOW } }),
      ),
    ).toBe('Sources disagree — last confirmed 1 ETH, just now');
  });

  it('unconfirmed: counts the sources that answered', () => {
    expect(line(view({ status: 'unconfirmed', agreeing: 1 }))).toBe('Unconfirmed: 1 source');
    expect(line(view({ status: 'unconfirmed', agreeing: 2 }))).toBe('Unconfirmed: 2 sources');
  });

  it('unconfirmed because no majority agreed on the header: says so, not how many sources agreed', () => {
    const v = view({
      status: 'unconfirmed',
      agreeing: 4,
      capped: 'header-unconfirmed',
      header: { agreeing: 2, operators: 4 },
    });
    expect(line(v)).toBe(
      'Unconfirmed: header at block 123 not agreed (2 of 4 operators reported it alike; a majority is needed)',
    );
    expect(line(v)).not.toMatch(/Confirmed|Verified/);
  });

  it('unavailable: the last confirmed value and its age', () => {
    const v = view({
      status: 'unavailable',
      value: null,
      block: null,
      lastConfirmed: { value: '520000000000000000', block: 100, at: NOW - 3 * 60_000 },
    });
    expect(line(v)).toBe('Unavailable — last confirmed 0.52 ETH, 3 min ago');
    expect(line(view({ status: 'unavailable', value: null }))).toBe('Unavailable — no confirmed value yet');
  });
});

describe('displayedAmount', () => {
  it('shows only values that passed the quorum rules', () => {
    expect(displayedAmount(view({}), 18, 'ETH')).toBe('0.52 ETH');
    expect(displayedAmount(view({ status: 'unconfirmed', agreeing: 1 }), 18, 'ETH')).toBe('0.52 ETH');
    expect(displayedAmount(view({ status: 'conflict', value: '0' }), 18, 'ETH')).toBe('— ETH');
    expect(displayedAmount(view({ status: 'unavailable', value: null }), 18, 'ETH')).toBe('— ETH');
  });
});

describe('shortAddress', () => {
  it('keeps the start and the end', () => {
    expect(shortAddress('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266')).toBe('0xf39F…2266');
  });
});
