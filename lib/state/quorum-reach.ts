// Whether a network's enabled sources can confirm a value (enough operators, any of them answering), and if
// not, a sentence saying why.
// Pure, so Home, the network screen and their tests share one wording.
import type { NetworkView } from '../messages/popup-api';

export interface QuorumReach {
  enabledSources: number;
  /** Agreement counts distinct operators, not URLs. */
  enabledOperators: number;
  /** Null when k operators can agree; otherwise what stops it, as a sentence. */
  problem: string | null;
}

/** Paused after failures, on another chain, or failing every request lately. */
function notAnswering(source: Pick<NetworkView, 'sources'>['sources'][number]): boolean {
  const { state, errorRate } = source.health;
  return (
    state === 'open' || state === 'half-open' || state === 'wrong-chain' || (state === 'degraded' && errorRate >= 1)
  );
}

export function quorumReach(
  network: Pick<NetworkView, 'name' | 'quorum' | 'sources' | 'enabledOperators'>,
): QuorumReach {
  const enabled = network.sources.filter((s) => s.enabled);
  // The background counts as the engine does (a label or a domain shared is one operator); labels otherwise.
  const enabledOperators = network.enabledOperators ?? new Set(enabled.map((s) => s.operator)).size;
  let problem: string | null = null;
  if (!enabled.length) {
    problem = `Every source of ${network.name} is disabled, so nothing can be read. Enable a source in Networks.`;
  } else if (enabledOperators < network.quorum) {
    const operators = `${enabledOperators} operator${enabledOperators === 1 ? ' is' : 's are'}`;
    problem = `${network.name} needs ${network.quorum} operators to agree (k = ${network.quorum}), but only ${operators} enabled, so no value can be confirmed. Enable sources of other operators or lower k.`;
  } else if (enabled.every(notAnswering)) {
    const last = enabled.find((s) => s.health.lastError)?.health.lastError;
    const sources = enabled.length === 1 ? 'its one source' : `any of its ${enabled.length} sources`;
    problem = `No answer from ${sources}${last ? ` (last: ${last})` : ''}, so nothing on ${network.name} can be read now. Check the connection, or add sources that are up.`;
  }
  return { enabledSources: enabled.length, enabledOperators, problem };
}
