import { describe, expect, it } from 'vitest';
import type { TransactionPreview } from '../messages/popup-api';
import { previewLines } from './preview';

const ME = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const BOB = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const TOKEN = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const OTHER = '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0';

function preview(overrides: Partial<Extract<TransactionPreview, { status: 'verified' }>>) {
  return {
    status: 'verified' as const,
    block: { number: 21, hash: `0x${'ab'.repeat(32)}` as const },
    header: { agreeing: 4, operators: 4 },
    reverted: false,
    revertReason: null,
    gasUsed: '21000',
    gasNeeded: '21000',
    steps: [{ reverted: false, revertReason: null, gasUsed: '21000' }],
    unmentioned: [],
    nativeChanges: [],
    effects: [],
    sources: [],
    tokens: { [TOKEN.toLowerCase()]: { symbol: 'ATT', decimals: 18 } },
    ...overrides,
  };
}

const format = {
  native: (wei: string) => `${Number(BigInt(wei) / 10n ** 15n) / 1000} ETH`,
  nativeSymbol: 'ETH',
  token: (token: string, amount: string) =>
    token === TOKEN ? `${Number(BigInt(amount) / 10n ** 15n) / 1000} ATT` : `${amount} units of ${token.slice(0, 6)}`,
  symbol: (token: string) => (token === TOKEN ? 'ATT' : `tokens of ${token.slice(0, 6)}`),
  name: (address: string) => address.slice(0, 6),
};

describe('previewLines', () => {
  it('an ETH send and a swap-like call: what you send and what you receive, per token, net', () => {
    const lines = previewLines(
      preview({
        nativeChanges: [{ address: ME.toLowerCase() as `0x${string}`, delta: '-100000000000000000' }],
        effects: [
          { kind: 'erc20-transfer', token: TOKEN, from: ME, to: BOB, amount: '2000000000000000000' },
          { kind: 'erc20-transfer', token: OTHER, from: BOB, to: ME, amount: '250' },
        ],
      }),
      ME,
      format,
    );
    expect(lines).toEqual({
      warnings: [],
      changes: ['You send 0.1 ETH', 'You send 2 ATT', 'You receive 250 units of 0x9fE4'],
    });
  });

  it('approvals are warnings: unlimited named as such, exact with its amount; a revert comes first', () => {
    const lines = previewLines(
      preview({
        reverted: true,
        revertReason: 'ERC20: transfer amount exceeds balance',
        effects: [
          { kind: 'erc20-approval', token: TOKEN, owner: ME, spender: BOB, amount: (2n ** 256n - 1n).toString() },
          { kind: 'erc20-approval', token: TOKEN, owner: ME, spender: OTHER, amount: '5000000000000000000' },
          { kind: 'approval-for-all', token: OTHER, owner: ME, operator: BOB, approved: true },
        ],
      }),
      ME,
      format,
    );
    expect(lines.warnings).toEqual([
      'This transaction would fail: ERC20: transfer amount exceeds balance. It would still cost the network fee.',
      'Approves 0x7099 to spend all your ATT, without limit',
      'Approves 0x9fE4 to spend 5 ATT',
      'Approves 0x7099 to take every token you hold of 0x9fE4',
    ]);
  });

  it('other people’s movements are not yours', () => {
    const lines = previewLines(
      preview({ effects: [{ kind: 'erc20-transfer', token: TOKEN, from: BOB, to: OTHER, amount: '1' }] }),
      ME,
      format,
    );
    expect(lines).toEqual({ warnings: [], changes: [] });
  });

  it('a batch names which of its transactions would fail; the others still count', () => {
    const lines = previewLines(
      preview({
        reverted: true,
        revertReason: 'swap: unsupported pair',
        steps: [
          { reverted: false, revertReason: null, gasUsed: '46000' },
          { reverted: true, revertReason: 'swap: unsupported pair', gasUsed: '30000' },
        ],
        effects: [{ kind: 'erc20-approval', token: TOKEN, owner: ME, spender: OTHER, amount: '5000000000000000000' }],
      }),
      ME,
      format,
    );
    expect(lines.warnings).toEqual([
      'Transaction 2 of 2 would fail: swap: unsupported pair. The others would still be sent, and it would still cost its network fee.',
      'Approves 0x9fE4 to spend 5 ATT',
    ]);
  });

  it('assets the request does not name are a warning, before approvals', () => {
    const lines = previewLines(
      preview({
        unmentioned: [TOKEN.toLowerCase(), 'native'],
        effects: [{ kind: 'erc20-transfer', token: TOKEN, from: ME, to: OTHER, amount: '3000000000000000000' }],
      }),
      ME,
      { ...format, symbol: (token: string) => (token.toLowerCase() === TOKEN.toLowerCase() ? 'ATT' : 'tokens') },
    );
    expect(lines.warnings).toEqual([
      'It moves your ATT, which the request does not name',
      'It takes more of your ETH than the value the request shows',
    ]);
    expect(lines.changes).toEqual(['You send 3 ATT']);
  });

  it('a gas limit below what the transaction needs is a warning', () => {
    const lines = previewLines(preview({ gasLimit: '21000', gasNeeded: '46151', gasUsed: '46151' }), ME, format);
    expect(lines.warnings).toEqual([
      'Its gas limit (21000) is below the 46151 it needs: it would run out of gas and fail, still costing the network fee.',
    ]);
    expect(previewLines(preview({ gasLimit: '60000', gasNeeded: '46151' }), ME, format).warnings).toEqual([]);
  });
});
