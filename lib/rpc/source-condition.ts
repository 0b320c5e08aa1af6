// One source's condition in words: the state a person sees and why. The popup's source list and the CLI's
// `sources` command both read it from here, so a source never has two names.
import type { SourceHealth } from './types';

export type SourceState = 'healthy' | 'degraded' | 'open' | 'half-open' | 'wrong-chain' | 'disabled' | 'unknown';

export interface SourceCondition {
  state: SourceState;
  /** Why the state is not `healthy`, as a phrase; null for healthy, disabled and unknown. */
  reason: string | null;
}

export const SOURCE_STATE_LABELS: Record<SourceState, string> = {
  healthy: 'healthy',
  degraded: 'degraded',
  open: 'breaker open',
  'half-open': 'breaker half-open',
  'wrong-chain': 'wrong chain',
  disabled: 'disabled',
  unknown: 'not checked yet',
};

export const BREAKER_LABELS: Record<SourceHealth['breaker']['state'], string> = {
  closed: 'closed',
  open: 'open',
  'half-open': 'half-open',
};

/** Above this share of failed requests, or this many blocks behind, a source is degraded. */
export const DEGRADED_ERROR_RATE = 0.2;
export const DEGRADED_LAG_BLOCKS = 2;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function sourceCondition(health: SourceHealth | undefined, enabled = true): SourceCondition {
  if (!enabled) return { state: 'disabled', reason: null };
  if (!health) return { state: 'unknown', reason: null };
  const last = health.lastError ? `; last: ${health.lastError.kind}: ${health.lastError.message}` : '';
  if (health.chainOk === false) {
    return { state: 'wrong-chain', reason: `answers for chain ${health.chainId ?? 'unknown'}` };
  }
  if (health.breaker.state === 'open') {
    return { state: 'open', reason: `paused after ${plural(health.breaker.failures, 'failed request')}${last}` };
  }
  if (health.breaker.state === 'half-open') {
    return {
      state: 'half-open',
      reason: `trying one request after ${plural(health.breaker.failures, 'failure')}${last}`,
    };
  }
  if (health.requests === 0) return { state: 'unknown', reason: null };
  const reasons: string[] = [];
  if (health.errorRate > DEGRADED_ERROR_RATE) {
    reasons.push(`${Math.round(health.errorRate * 100)}% of recent requests failed${last}`);
  }
  if ((health.lag ?? 0) > DEGRADED_LAG_BLOCKS)
    reasons.push(`${plural(health.lag ?? 0, 'block')} behind the agreed head`);
  if (health.disagreements > 0) {
    reasons.push(
      `disagreed with the agreed value ${health.disagreements === 1 ? 'once' : `${health.disagreements} times`}`,
    );
  }
  return reasons.length ? { state: 'degraded', reason: reasons.join('; ') } : { state: 'healthy', reason: null };
}
