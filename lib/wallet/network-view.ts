// NetworkView for the popup: the stored configuration plus each source's health from the quorum engine.
import type { NetworkView } from '../messages/popup-api';
import { resolveOperators } from '../rpc/operator';
import { sourceCondition } from '../rpc/source-condition';
import type { SourceHealth } from '../rpc/types';
import type { NetworkConfig } from './network-config';

const HISTORY = 20;

/** Keeps a short latency history per source (the engine reports percentiles, the popup draws a line). */
export function createLatencyHistory() {
  const samples = new Map<string, number[]>();
  return {
    record(chainId: number, health: SourceHealth): number[] {
      const key = `${chainId}:${health.id}`;
      const list = samples.get(key) ?? [];
      const p50 = health.latency.p50;
      if (p50 !== null && health.latency.samples > 0 && list.at(-1) !== p50) list.push(Math.round(p50));
      samples.set(key, list.slice(-HISTORY));
      return [...list.slice(-HISTORY)];
    },
  };
}

export type LatencyHistory = ReturnType<typeof createLatencyHistory>;

/** Distinct operators among the enabled sources, as the quorum engine counts them towards k. */
export function countEnabledOperators(sources: NetworkConfig['sources']): number {
  return new Set(resolveOperators(sources.filter((s) => s.enabled)).values()).size;
}

export function toNetworkView(config: NetworkConfig, health: SourceHealth[], history?: LatencyHistory): NetworkView {
  const byId = new Map(health.map((h) => [h.id, h]));
  return {
    chainId: config.chainId,
    name: config.name,
    symbol: config.symbol,
    decimals: config.decimals,
    ...(config.explorerUrl ? { explorerUrl: config.explorerUrl } : {}),
    quorum: config.quorum,
    strict: config.strict,
    builtIn: config.builtIn,
    enabledOperators: countEnabledOperators(config.sources),
    ...(config.consensus ? { consensus: config.consensus } : {}),
    sources: config.sources.map((source) => {
      const h = byId.get(source.id);
      const { state, reason } = sourceCondition(h, source.enabled);
      // An error a source has recovered from is history, not its condition: shown only while it matters.
      const showError = h?.lastError && state !== 'healthy' && state !== 'disabled';
      return {
        id: source.id,
        url: source.url,
        operator: source.operator,
        enabled: source.enabled,
        health: {
          state,
          ...(reason ? { reason } : {}),
          latencyMs: h?.latency.p50 ?? null,
          latencyHistoryMs: h && history ? history.record(config.chainId, h) : [],
          errorRate: h?.errorRate ?? 0,
          head: h?.head ?? null,
          lagBlocks: h?.lag ?? null,
          disagreements: h?.disagreements ?? 0,
          ...(showError && h.lastError ? { lastError: `${h.lastError.kind}: ${h.lastError.message}` } : {}),
        },
      };
    }),
  };
}
