// Whether a network's enabled sources can ever confirm a value, and if not, a sentence saying why.
// Pure, so Home, the network screen and their tests share one wording.
import type { NetworkView } from '../messages/popup-api';

export interface QuorumReach {
  enabledSources: number;
  /** Agreement counts distinct operators, not URLs. */
  enabledOperators: number;
  /** Null when k operators can agree; otherwise what stops it, as a sentence. */
  problem: string | null;
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
  }
  return { enabledSources: enabled.length, enabledOperators, problem };
}
