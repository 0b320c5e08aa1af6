import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { SourceView } from '@/lib/messages/popup-api';
import type { SourceHealth } from '@/lib/rpc/types';
import { localDevnet } from '@/lib/testing/networks';
import { toNetworkView } from '@/lib/wallet/network-view';
import { SourceHealthCard } from './SourceHealthCard';

// The card as the networks screen shows it, from health the engine reports, through the same view the
// background builds (toNetworkView): every state but healthy says why, and a recovered source shows no old error.

const CONFIG = { id: 'bravo', url: 'http://127.0.0.5:8545', operator: 'Bravo Hosting', enabled: true };

function health(overrides: Partial<SourceHealth>): SourceHealth {
  return {
    ...CONFIG,
    chainId: 31337,
    chainOk: true,
    head: 120,
    lag: 0,
    latency: { p50: 12, p90: 20, samples: 10 },
    errorRate: 0,
    requests: 10,
    failures: 0,
    disagreements: 0,
    lastError: null,
    breaker: { state: 'closed', openUntil: null, failures: 0 },
    score: 12,
    ...overrides,
  };
}

function viewOf(h: SourceHealth | null, enabled = true): SourceView {
  const network = toNetworkView(localDevnet([{ ...CONFIG, enabled }]), h ? [h] : []);
  return network.sources[0];
}

function card(source: SourceView) {
  const html = renderToStaticMarkup(<SourceHealthCard source={source} onToggle={() => {}} onRemove={() => {}} />);
  const text = (pattern: RegExp) =>
    (pattern.exec(html)?.[1] ?? '')
      .replace(/<[^>]+>/g, '')
      .replace(/&#x27;/g, "'")
      .trim();
  return {
    badge: text(/class="badge[^"]*">([^<]*)</),
    reason: html.includes('data-testid="source-reason-bravo"')
      ? text(/data-testid="source-reason-bravo">(.*?)<\/p>/)
      : null,
    error: html.includes('class="source-error"') ? text(/class="source-error">(.*?)<\/p>/) : null,
  };
}

const refused = { kind: 'refused' as const, message: 'Failed to fetch' };

describe('SourceHealthCard', () => {
  it('says why for every state that is not healthy', () => {
    const cases: [string, SourceHealth, string, string][] = [
      [
        'errors',
        health({ errorRate: 0.5, failures: 5, lastError: refused }),
        'degraded',
        'degraded: 50% of recent requests failed; last: refused: Failed to fetch',
      ],
      ['lag', health({ lag: 5, head: 115 }), 'degraded', 'degraded: 5 blocks behind the agreed head'],
      ['disagreement', health({ disagreements: 2 }), 'degraded', 'degraded: disagreed with the agreed value 2 times'],
      [
        'breaker open',
        health({ breaker: { state: 'open', openUntil: 1, failures: 3 }, lastError: refused, errorRate: 0.3 }),
        'breaker open',
        'breaker open: paused after 3 failed requests; last: refused: Failed to fetch',
      ],
      [
        'half-open',
        health({ breaker: { state: 'half-open', openUntil: null, failures: 4 } }),
        'breaker half-open',
        'breaker half-open: trying one request after 4 failures',
      ],
      ['wrong chain', health({ chainOk: false, chainId: 1 }), 'wrong chain', 'wrong chain: answers for chain 1'],
    ];
    for (const [name, h, badge, reason] of cases) {
      const shown = card(viewOf(h));
      expect({ name, badge: shown.badge, reason: shown.reason }).toEqual({ name, badge, reason });
      // The last error is part of the reason where it explains it, never said twice.
      expect(shown.error).toBeNull();
    }
  });

  it('a degraded state with an error its reason does not name shows that error too', () => {
    const shown = card(viewOf(health({ lag: 4, lastError: { kind: 'timeout', message: 'no answer in 2000 ms' } })));
    expect(shown.reason).toBe('degraded: 4 blocks behind the agreed head');
    expect(shown.error).toBe('timeout: no answer in 2000 ms');
  });

  it('a recovered source shows healthy without its old error', () => {
    // The error is from before it recovered: rate back under the threshold, breaker closed.
    const shown = card(viewOf(health({ errorRate: 0.1, failures: 1, lastError: refused })));
    expect(shown).toEqual({ badge: 'healthy', reason: null, error: null });
    // Even a view that still carries one (an older background) does not put it under "healthy".
    const stale = viewOf(health({}));
    const withOld = { ...stale, health: { ...stale.health, lastError: 'refused: Failed to fetch' } };
    expect(card(withOld)).toEqual({ badge: 'healthy', reason: null, error: null });
  });

  it('disabled and not-yet-checked sources name their state and show no error', () => {
    expect(card(viewOf(health({ lastError: refused, errorRate: 0.5 }), false))).toEqual({
      badge: 'disabled',
      reason: null,
      error: null,
    });
    expect(card(viewOf(null))).toEqual({ badge: 'not checked yet', reason: null, error: null });
  });
});
