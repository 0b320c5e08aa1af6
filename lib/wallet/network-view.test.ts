import { describe, expect, it } from 'vitest';
import type { SourceHealth } from '../rpc/types';
import { localDevnet } from '../testing/networks';
import type { NetworkConfig } from './network-config';
import { toNetworkView } from './network-view';

const config: NetworkConfig = localDevnet([
  { id: 'back', url: 'http://127.0.0.1:1', operator: 'A', enabled: true },
  { id: 'liar', url: 'http://127.0.0.1:2', operator: 'B', enabled: true },
  { id: 'off', url: 'http://127.0.0.1:3', operator: 'C', enabled: false },
]);

const health = (id: string, patch: Partial<SourceHealth>): SourceHealth => ({
  id,
  operator: 'X',
  url: 'http://127.0.0.1',
  enabled: true,
  chainId: 31337,
  chainOk: true,
  head: 10,
  lag: 0,
  latency: { p50: 10, p90: 12, samples: 5 },
  errorRate: 0,
  requests: 20,
  failures: 0,
  disagreements: 0,
  lastError: null,
  breaker: { state: 'closed', openUntil: null, failures: 0 },
  score: 10,
  ...patch,
});

describe('toNetworkView', () => {
  it('a recovered source shows healthy without its old error; a degraded one says why', () => {
    const view = toNetworkView(config, [
      health('back', { errorRate: 0.1, failures: 2, lastError: { kind: 'refused', message: 'Failed to fetch' } }),
      health('liar', { disagreements: 4 }),
      health('off', { lastError: { kind: 'refused', message: 'Failed to fetch' } }),
    ]);
    const [back, liar, off] = view.sources;
    expect(back.health).toMatchObject({ state: 'healthy' });
    expect(back.health.lastError).toBeUndefined();
    expect(back.health.reason).toBeUndefined();
    expect(liar.health).toMatchObject({ state: 'degraded', reason: 'disagreed with the agreed value 4 times' });
    expect(off.health.state).toBe('disabled');
    expect(off.health.lastError).toBeUndefined();
  });

  it('counts enabled operators as the engine does: one label or one registrable domain is one operator', () => {
    const view = toNetworkView(
      {
        ...config,
        sources: [
          { id: 'a', url: 'https://eth.example.org', operator: 'Example', enabled: true },
          { id: 'b', url: 'https://rpc.example.org/v1', operator: 'Someone else', enabled: true },
          { id: 'c', url: 'https://node.other.net', operator: 'Other', enabled: true },
          { id: 'd', url: 'https://x.third.io', operator: 'Other', enabled: true },
          { id: 'e', url: 'https://fourth.dev', operator: 'Fourth', enabled: false },
        ],
      },
      [],
    );
    expect(view.enabledOperators).toBe(2);
  });

  it('a source with an open breaker keeps its error and the reason', () => {
    const view = toNetworkView(config, [
      health('back', {
        breaker: { state: 'open', openUntil: Date.now() + 1000, failures: 3 },
        errorRate: 1,
        lastError: { kind: 'refused', message: 'ECONNREFUSED' },
      }),
    ]);
    expect(view.sources[0].health).toMatchObject({
      state: 'open',
      reason: 'paused after 3 failed requests; last: refused: ECONNREFUSED',
      lastError: 'refused: ECONNREFUSED',
    });
  });
});
