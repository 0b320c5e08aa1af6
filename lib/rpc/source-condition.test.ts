import { describe, expect, it } from 'vitest';
import { sourceCondition } from './source-condition';
import type { SourceHealth } from './types';

const health = (patch: Partial<SourceHealth> = {}): SourceHealth => ({
  id: 'a',
  operator: 'A',
  url: 'http://127.0.0.1:1',
  enabled: true,
  chainId: 1,
  chainOk: true,
  head: 10,
  lag: 0,
  latency: { p50: 10, p90: 12, samples: 5 },
  errorRate: 0,
  requests: 5,
  failures: 0,
  disagreements: 0,
  lastError: null,
  breaker: { state: 'closed', openUntil: null, failures: 0 },
  score: 10,
  ...patch,
});

describe('sourceCondition', () => {
  it('healthy has no reason, even when an old error is remembered', () => {
    const recovered = health({ lastError: { kind: 'refused', message: 'Failed to fetch' }, errorRate: 0.1 });
    expect(sourceCondition(recovered)).toEqual({ state: 'healthy', reason: null });
  });

  it('degraded always says why: errors, lag, disagreements', () => {
    expect(sourceCondition(health({ disagreements: 1 }))).toEqual({
      state: 'degraded',
      reason: 'disagreed with the agreed value once',
    });
    expect(sourceCondition(health({ lag: 3 })).reason).toBe('3 blocks behind the agreed head');
    expect(
      sourceCondition(health({ errorRate: 0.5, lastError: { kind: 'timeout', message: 'no answer in 10 s' } })).reason,
    ).toBe('50% of recent requests failed; last: timeout: no answer in 10 s');
  });

  it('names the breaker, the wrong chain, disabled and unchecked sources', () => {
    expect(
      sourceCondition(
        health({
          breaker: { state: 'open', openUntil: 1, failures: 3 },
          lastError: { kind: 'refused', message: 'ECONNREFUSED' },
        }),
      ),
    ).toEqual({ state: 'open', reason: 'paused after 3 failed requests; last: refused: ECONNREFUSED' });
    expect(sourceCondition(health({ chainOk: false, chainId: 5 }))).toEqual({
      state: 'wrong-chain',
      reason: 'answers for chain 5',
    });
    expect(sourceCondition(health(), false).state).toBe('disabled');
    expect(sourceCondition(health({ requests: 0 })).state).toBe('unknown');
    expect(sourceCondition(undefined).state).toBe('unknown');
  });
});
