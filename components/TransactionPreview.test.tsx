import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { TransactionPreview } from './TransactionPreview';

const ME = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const BOB = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const ATT = '0x5FbDB2315678afecb367f032d93F642f64180aa3';

const render = (preview: Parameters<typeof TransactionPreview>[0]['preview']) =>
  renderToStaticMarkup(<TransactionPreview preview={preview} from={ME} nativeSymbol="ETH" nativeDecimals={18} />);

describe('TransactionPreview', () => {
  it('says it is still simulating, or plainly why it could not', () => {
    expect(render(undefined)).toContain('Simulating this transaction on proven state');
    expect(
      render({ status: 'unavailable', reason: 'could not simulate: no source could prove the state it touches' }),
    ).toContain('Could not preview this transaction: no source could prove the state it touches.');
  });

  it('shows the warning first, then what you send, and the block it was verified at', () => {
    const html = render({
      status: 'verified',
      block: { number: 42, hash: `0x${'ab'.repeat(32)}` },
      header: { agreeing: 3, operators: 4 },
      reverted: false,
      revertReason: null,
      gasUsed: '46000',
      gasNeeded: '46000',
      steps: [{ reverted: false, revertReason: null, gasUsed: '46000' }],
      unmentioned: [],
      nativeChanges: [{ address: ME.toLowerCase() as `0x${string}`, delta: '-100000000000000000' }],
      effects: [
        { kind: 'erc20-approval', token: ATT, owner: ME, spender: BOB, amount: (2n ** 256n - 1n).toString() },
        { kind: 'erc20-transfer', token: ATT, from: ME, to: BOB, amount: '2500000000000000000' },
      ],
      sources: [],
      tokens: { [ATT.toLowerCase()]: { symbol: 'ATT', decimals: 18 } },
    });
    expect(html.indexOf('Approves 0x7099…79C8 to spend all your ATT, without limit')).toBeGreaterThan(-1);
    expect(html.indexOf('Approves')).toBeLessThan(html.indexOf('You send 0.1 ETH'));
    expect(html).toContain('You send 2.5 ATT');
    expect(html).toContain(
      'Simulated here · Verified at block 42 (header agreed by 3 of 4 operators) · uses 46,000 gas',
    );
  });
});
