import { QuorumConfigError } from '../errors';
import {
  type BreakerParameters,
  createSourceHealthTracker,
  type HedgeParameters,
  type SourceHealthTracker,
} from './health';
import { operatorKey, resolveOperators } from './operator';
import { createSourceTransport, type SourceTransport } from './transport-http';
import type { SourceConfig } from './types';

// The configured sources of one chain, each with its transport and health. Replacing the list keeps
// the history of sources whose id and url did not change.

export type SourceRuntime = {
  config: SourceConfig;
  transport: SourceTransport;
  health: SourceHealthTracker;
  /** Who runs it, for counting towards k (operator.ts): shared by sources of one label or one domain. */
  operatorKey?: string;
};

export type SourceSetParameters = {
  sources: readonly SourceConfig[];
  fetch?: typeof fetch | undefined;
  now: () => number;
  timeoutMs?: number | undefined;
  batchSize?: number | undefined;
  breaker?: BreakerParameters | undefined;
  hedge?: HedgeParameters | undefined;
};

export type SourceSet = ReturnType<typeof createSourceSet>;

/** Throws QuorumConfigError for a source that cannot be used: a missing id, a duplicate, a non-http URL. */
export function validateSources(sources: readonly SourceConfig[]): void {
  const ids = new Set<string>();
  for (const source of sources) {
    if (!source.id) throw new QuorumConfigError('Every source needs an id.');
    if (ids.has(source.id)) throw new QuorumConfigError(`Two sources share the id "${source.id}".`);
    ids.add(source.id);
    if (!isHttpUrl(source.url)) {
      throw new QuorumConfigError(`Source "${source.id}" has an unusable URL: ${JSON.stringify(source.url)}.`, {
        metaMessages: ['Only http:// and https:// JSON-RPC endpoints are supported.'],
      });
    }
    if (!source.operator) throw new QuorumConfigError(`Source "${source.id}" needs an operator label.`);
  }
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

export function createSourceSet(parameters: SourceSetParameters) {
  let runtimes: SourceRuntime[] = [];

  function build(config: SourceConfig): SourceRuntime {
    const health = createSourceHealthTracker({
      now: parameters.now,
      breaker: parameters.breaker,
      hedge: parameters.hedge,
    });
    const transport = createSourceTransport({
      url: config.url,
      fetch: parameters.fetch,
      timeoutMs: parameters.timeoutMs,
      batchSize: parameters.batchSize,
      now: parameters.now,
      onHttpResponse: (report) => health.recordHttp(report),
    });
    return { config: { ...config }, transport, health };
  }

  function set(sources: readonly SourceConfig[]) {
    validateSources(sources);
    const previous = new Map(runtimes.map((r) => [r.config.id, r]));
    runtimes = sources.map((config) => {
      const kept = previous.get(config.id);
      if (kept && kept.config.url === config.url) {
        previous.delete(config.id);
        kept.config = { ...config };
        return kept;
      }
      return build(config);
    });
    for (const dropped of previous.values()) dropped.transport.close();
    const operators = resolveOperators(sources);
    for (const runtime of runtimes) runtime.operatorKey = operators.get(runtime.config.id);
  }

  set(parameters.sources);

  return {
    set,
    all: (): readonly SourceRuntime[] => runtimes,
    enabled: (): SourceRuntime[] => runtimes.filter((r) => r.config.enabled),
    close() {
      for (const runtime of runtimes) runtime.transport.close();
    },
  };
}

/** Distinct operators among the given sources. */
export function operatorCount(sources: readonly { config: SourceConfig; operatorKey?: string | undefined }[]): number {
  return new Set(sources.map((s) => operatorKey(s))).size;
}

/**
 * Orders sources for a read: best score first, one per operator before any operator's second source,
 * so the first k requests go to k different operators.
 */
export function rankSources(sources: readonly SourceRuntime[]): SourceRuntime[] {
  const byScore = [...sources].sort((a, b) => a.health.score() - b.health.score());
  const seen = new Set<string>();
  const first: SourceRuntime[] = [];
  const rest: SourceRuntime[] = [];
  for (const source of byScore) {
    if (seen.has(operatorKey(source))) rest.push(source);
    else {
      seen.add(operatorKey(source));
      first.push(source);
    }
  }
  return [...first, ...rest];
}

/** One call to one source, tracked as in flight so a hung call lowers the source's rank at once. */
export async function callSource(source: SourceRuntime, method: string, params: readonly unknown[]) {
  const done = source.health.startCall();
  try {
    return await source.transport.request(method, params);
  } finally {
    done();
  }
}
