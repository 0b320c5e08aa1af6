import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { BalanceView, ConfirmedValueView } from '@/lib/messages/popup-api';
import { BalanceRow } from './BalanceRow';
import { SourceAnswerCard } from './SourceAnswerCard';

const NOW = 1_700_000_000_000;

function balance(view: Partial<ConfirmedValueView>): BalanceView {
  return {
    asset: { kind: 'native', symbol: 'ETH', decimals: 18 },
    balance: {
      status: 'confirmed',
      value: '520000000000000000',
      agreeing: 3,
      quorum: 2,
      enabledSources: 5,
      block: { number: 123, hash: '0xab' },
      header: null,
      sources: [],
      checkedAt: NOW,
      ...view,
    },
  };
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe('BalanceRow', () => {
  it('shows a confirmed amount with its confirmation line and a compare link', () => {
    const html = renderToStaticMarkup(
      <BalanceRow balance={balance({})} assetKey="native" now={NOW} compareHref="#/compare/native" />,
    );
    expect(text(html)).toContain('0.52 ETH');
    expect(text(html)).toContain('Confirmed by 3 of 5 sources · block 123');
    expect(html).toContain('aria-label="Compare sources for ETH"');
    expect(html).toContain('data-testid="confirmation-native"');
  });

  it('never shows a number that did not pass the quorum, only the last confirmed one, labelled', () => {
    const view = balance({
      status: 'unavailable',
      value: null,
      block: null,
      lastConfirmed: { value: '520000000000000000', block: 100, at: NOW - 180_000 },
    });
    const html = renderToStaticMarkup(<BalanceRow balance={view} assetKey="native" now={NOW} compareHref="#" />);
    expect(text(html)).toContain('— ETH');
    expect(text(html)).toContain('Unavailable — last confirmed 0.52 ETH, 3 min ago');
    expect(text(html)).not.toMatch(/(^| )0 ETH/);
    const conflict = renderToStaticMarkup(
      <BalanceRow balance={balance({ status: 'conflict', value: '0' })} assetKey="native" now={NOW} compareHref="#" />,
    );
    expect(text(conflict)).toContain('— ETH');
  });
});

describe('SourceAnswerCard', () => {
  it('highlights a source whose answer differs from the agreed value', () => {
    const html = renderToStaticMarkup(
      <SourceAnswerCard
        answer={{
          sourceId: 'zero',
          url: 'http://z',
          operator: 'Zero Networks',
          status: 'disagree',
          value: '0',
          latencyMs: 7,
        }}
        symbol="ETH"
        decimals={18}
        agreedValue="520000000000000000"
      />,
    );
    expect(html).toContain('source-highlight');
    expect(html).toContain('data-testid="compare-row-zero"');
    expect(text(html)).toContain('disagrees');
    expect(text(html)).toContain('(differs from the agreed value)');
  });

  it('with no established value nobody is painted as the liar, and a lone answer is not an agreement', () => {
    const card = (status: 'agree' | 'disagree', outcome: 'conflict' | 'unconfirmed') =>
      renderToStaticMarkup(
        <SourceAnswerCard
          answer={{ sourceId: 'honest', url: 'http://h', operator: 'Honest', status, value: '5', latencyMs: 9 }}
          symbol="ETH"
          decimals={18}
          agreedValue={null}
          outcome={outcome}
        />,
      );
    const conflict = card('disagree', 'conflict');
    expect(conflict).not.toContain('source-highlight');
    expect(text(conflict)).toContain('differs');
    expect(text(conflict)).not.toContain('disagrees');
    const alone = card('agree', 'unconfirmed');
    expect(text(alone)).toContain('alone, unconfirmed');
    expect(text(alone)).not.toContain('agrees');
  });

  it('a source whose proof failed is called out even beside a verified value it happens to match', () => {
    const html = renderToStaticMarkup(
      <SourceAnswerCard
        answer={{
          sourceId: 'forger',
          url: 'http://f',
          operator: 'Forger',
          status: 'disagree',
          value: null,
          latencyMs: 3,
          proof: 'invalid',
          error: 'invalid-proof: claims balance 0 but its proof shows 5',
        }}
        symbol="ETH"
        decimals={18}
        agreedValue="5"
        outcome="verified"
      />,
    );
    expect(html).toContain('source-highlight');
    expect(html).toContain('data-proof="invalid"');
    expect(text(html)).toContain('proof failed');
  });
});
