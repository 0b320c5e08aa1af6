import { median } from './agreement';
import { operatorKey } from './operator';
import { type Attempt, tally } from './race';
import type { SourceRuntime } from './sources';
import type { AgreedRpcError, QuorumStatus, SourceEvidence, SourceOutcome } from './types';

// Turning a race's attempts into a verdict (status + value) and into per-source evidence.
//
// k identical answers (state reads, chain data, the default rule):
//   1. a non-null answer from k operators is confirmed, unless another answer also has k (conflict);
//   2. two or more different non-null answers, none with k: conflict;
//   3. one non-null answer from fewer than k operators: unconfirmed. If other sources answered null
//      ("not seen yet"), the value returned is null: a receipt, transaction or block that only one
//      source has seen is not believed until k have; the lone answer stays in the evidence;
//   4. only nulls: null, confirmed when k operators said so;
//   5. no answer at all: unavailable.
// Null never counts as a disagreement: an honest source that is behind says null.

export type Verdict = {
  status: QuorumStatus;
  value: unknown;
  error?: AgreedRpcError;
  /** Operators behind the returned value. */
  agreeing: number;
  /** Key of the answer that won, when one did; evidence marks its sources `agree`. */
  winner: string | null;
};

export function identicalDeficit(k: number) {
  return (attempts: readonly Attempt[]): number => {
    const entries = tally(attempts);
    const nonNull = entries.filter((e) => !e.answer.isNull);
    const best = nonNull[0]?.operators.size ?? 0;
    if (nonNull.length > 0) return Math.max(0, k - best);
    const nulls = entries.find((e) => e.answer.isNull)?.operators.size ?? 0;
    return Math.max(0, k - nulls);
  };
}

export function medianDeficit(k: number) {
  return (attempts: readonly Attempt[]): number => {
    const operators = new Set(
      attempts.filter((a) => a.state === 'answered' && !a.answer?.isNull).map((a) => operatorKey(a.source)),
    );
    return Math.max(0, k - operators.size);
  };
}

export function identicalVerdict(attempts: readonly Attempt[], k: number): Verdict {
  const entries = tally(attempts);
  const nonNull = entries.filter((e) => !e.answer.isNull);
  const nulls = entries.find((e) => e.answer.isNull);
  const top = nonNull[0];
  if (top && top.operators.size >= k && (nonNull[1]?.operators.size ?? 0) < k) {
    return { status: 'confirmed', ...answerValue(top.answer), agreeing: top.operators.size, winner: top.key };
  }
  if (nonNull.length >= 2) return { status: 'conflict', value: null, agreeing: 0, winner: null };
  if (top && nulls) return { status: 'unconfirmed', value: null, agreeing: nulls.operators.size, winner: top.key };
  if (top) return { status: 'unconfirmed', ...answerValue(top.answer), agreeing: top.operators.size, winner: top.key };
  if (nulls) {
    const status = nulls.operators.size >= k ? 'confirmed' : 'unconfirmed';
    return { status, value: null, agreeing: nulls.operators.size, winner: nulls.key };
  }
  return { status: 'unavailable', value: null, agreeing: 0, winner: null };
}

/**
 * Fee data and gas estimates: the median of the numeric answers gathered, confirmed once k operators
 * contributed. A revert (eth_estimateGas) is a vote too: when as many operators reverted as gave a number,
 * or more, the answer is the revert, so one source's number never outvotes an honest revert.
 */
export function medianVerdict(attempts: readonly Attempt[], k: number, middle: 'lower' | 'upper'): Verdict {
  const answered = attempts.filter((a) => a.state === 'answered' && a.answer && !a.answer.isNull);
  const numeric = answered.filter((a) => !a.answer!.revert);
  const reverts = answered.filter((a) => a.answer!.revert);
  if (numeric.length === 0) return identicalVerdict(attempts, k);
  const operators = operatorsOf(numeric);
  const revertOperators = operatorsOf(reverts);
  if (revertOperators > 0 && revertOperators >= operators) {
    const [top] = tally(reverts);
    return {
      status: revertOperators >= k ? 'confirmed' : 'unconfirmed',
      ...answerValue(top.answer),
      agreeing: top.operators.size,
      winner: top.key,
    };
  }
  return {
    status: operators >= k ? 'confirmed' : 'unconfirmed',
    value: median(
      numeric.map((a) => a.answer!.value),
      middle,
    ),
    agreeing: operators,
    winner: '*',
  };
}

function operatorsOf(attempts: readonly Attempt[]): number {
  return new Set(attempts.map((a) => operatorKey(a.source))).size;
}

function answerValue(answer: { value: unknown; revert?: AgreedRpcError }): { value: unknown; error?: AgreedRpcError } {
  return answer.revert ? { value: null, error: answer.revert } : { value: answer.value };
}

export type EvidenceParameters = {
  sources: readonly SourceRuntime[];
  attempts: readonly Attempt[];
  verdict: Verdict;
  /** Lowest head a source needed for this read; sources known to be below it are `stale`. */
  needsHead: number | null;
};

/** One entry per configured source: what it answered, why it failed, or why it was not asked. */
export function buildEvidence(parameters: EvidenceParameters): SourceEvidence[] {
  const { sources, attempts, verdict, needsHead } = parameters;
  const bySource = new Map<SourceRuntime, Attempt>();
  for (const attempt of attempts) {
    const previous = bySource.get(attempt.source);
    if (previous?.state !== 'answered') bySource.set(attempt.source, attempt);
  }
  return sources.map((source) => {
    const base = { id: source.config.id, operator: source.config.operator, url: source.config.url };
    const attempt = bySource.get(source);
    if (attempt?.state === 'answered' && attempt.answer) {
      const { answer } = attempt;
      const value = answer.revert ? { error: answer.revert } : answer.value;
      let status: SourceOutcome;
      if (verdict.winner === '*' || answer.key === verdict.winner) status = 'agree';
      else if (answer.isNull) status = 'stale';
      else status = 'disagree';
      return { ...base, status, value, latencyMs: attempt.latencyMs };
    }
    if (attempt?.state === 'failed' && attempt.error) {
      const kind = attempt.error.kind;
      const status: SourceOutcome =
        kind === 'timeout' ? 'timeout' : kind === 'wrong-chain' ? 'wrong-chain' : kind === 'stale' ? 'stale' : 'error';
      return { ...base, status, error: attempt.error.info(), latencyMs: attempt.latencyMs };
    }
    if (attempt?.state === 'pending') {
      // Asked, but the verdict did not wait for it.
      const elapsed = Date.now() - attempt.startedAt;
      if (attempt.overdue) {
        return {
          ...base,
          status: 'timeout',
          error: { kind: 'timeout', message: `no answer after ${elapsed} ms` },
          latencyMs: null,
        };
      }
      return { ...base, status: 'skipped', latencyMs: null };
    }
    return { ...base, ...notAskedEvidence(source, needsHead), latencyMs: null };
  });
}

export function notAskedEvidence(
  source: SourceRuntime,
  needsHead: number | null,
): Pick<SourceEvidence, 'status' | 'error'> {
  const { health, config } = source;
  if (!config.enabled) return { status: 'skipped' };
  if (health.chainOk() === false) {
    return { status: 'wrong-chain', error: { kind: 'wrong-chain', message: 'answers for another chain' } };
  }
  const head = health.head();
  if (head === null && health.chainOk() === null) {
    // Never answered the head probe: say why, if it said anything.
    const error = health.lastError() ?? { kind: 'timeout' as const, message: 'has not answered yet' };
    return { status: error.kind === 'timeout' ? 'timeout' : 'error', error };
  }
  if (needsHead !== null && head !== null && head < needsHead) {
    return { status: 'stale', error: { kind: 'stale', message: `at block ${head}, read needs ${needsHead}` } };
  }
  if (!health.available()) {
    return { status: 'error', error: { kind: 'circuit-open', message: 'circuit breaker open' } };
  }
  return { status: 'skipped' };
}
