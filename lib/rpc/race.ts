import { answerKey, isRevert, revertKey } from './agreement';
import { operatorKey } from './operator';
import { callSource, type SourceRuntime } from './sources';
import { SourceRequestError } from './transport-http';
import type { AgreedRpcError } from './types';

// The hedged race behind every quorum read. It starts exactly as many requests as agreement still
// needs, to the best-ranked sources of operators not yet asked; a request that fails, disagrees, or
// runs past its source's hedge delay makes room for one more. It stops the moment the rule is
// satisfied, and never waits on a straggler once nothing else can be asked.

export type Answer = {
  /** Equal for equal normalised answers. */
  key: string;
  value: unknown;
  isNull: boolean;
  /** Set when the answer is a revert (a deterministic JSON-RPC error). */
  revert?: AgreedRpcError;
};

export type Attempt = {
  source: SourceRuntime;
  startedAt: number;
  state: 'pending' | 'answered' | 'failed';
  /** Ran past its hedge delay: no longer counted on. */
  overdue: boolean;
  answer?: Answer;
  error?: SourceRequestError;
  latencyMs: number | null;
};

export type RaceParameters = {
  /** Ranked best first (see rankSources). */
  candidates: readonly SourceRuntime[];
  method: string;
  params: readonly unknown[];
  k: number;
  /** Whether a JSON-RPC revert counts as an answer (eth_call, eth_estimateGas, ...). */
  revertsAnswer: boolean;
  /** How many more agreeing operators the rule still needs, given the attempts so far; 0 = done. */
  deficit: (attempts: readonly Attempt[]) => number;
  /** Once nothing else can be asked, how many hedge delays to wait on a late answer. Default 2. */
  patience?: number | undefined;
};

export function raceForAgreement(parameters: RaceParameters): Promise<Attempt[]> {
  const { candidates, method, params, k, deficit, revertsAnswer } = parameters;
  const patience = parameters.patience ?? 2;
  const attempts: Attempt[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const started = new Set<SourceRuntime>();

  return new Promise((resolve) => {
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      for (const timer of timers) clearTimeout(timer);
      resolve(attempts);
    };

    /** A candidate is useful while its operator has neither answered nor a request in flight. */
    const usefulCandidate = (): SourceRuntime | undefined => {
      const busy = new Set(
        attempts.filter((a) => a.state !== 'failed' && !a.overdue).map((a) => operatorKey(a.source)),
      );
      for (const answered of attempts) if (answered.state === 'answered') busy.add(operatorKey(answered.source));
      return candidates.find((c) => !started.has(c) && !busy.has(operatorKey(c)));
    };

    const evaluate = () => {
      if (finished) return;
      // 1. Done as soon as the rule is satisfied.
      const needed = deficit(attempts);
      if (needed <= 0) return finish();
      // 2. Keep `needed` requests counted on: start more when some failed, disagreed or are overdue.
      let live = attempts.filter((a) => a.state === 'pending' && !a.overdue).length;
      let exhausted = false;
      while (live < needed) {
        const candidate = usefulCandidate();
        if (!candidate) {
          exhausted = true;
          break;
        }
        start(candidate);
        live++;
      }
      const pending = attempts.filter((a) => a.state === 'pending');
      if (pending.length === 0) return finish();
      // 3. Nothing left to start: wait on late requests only while they are within their patience,
      //    unless nothing at all has answered (then the only hope is a late answer).
      if (live === 0 && exhausted && attempts.some((a) => a.state === 'answered')) {
        const now = Date.now();
        const waiting = pending.filter((a) => now < a.startedAt + patience * a.source.health.hedgeDelayMs());
        if (waiting.length === 0) return finish();
      }
    };

    const start = (source: SourceRuntime) => {
      started.add(source);
      const attempt: Attempt = { source, startedAt: Date.now(), state: 'pending', overdue: false, latencyMs: null };
      attempts.push(attempt);
      const hedgeMs = source.health.hedgeDelayMs();
      const hedgeTimer = setTimeout(() => {
        timers.delete(hedgeTimer);
        if (attempt.state !== 'pending') return;
        attempt.overdue = true;
        evaluate();
      }, hedgeMs);
      const giveUpTimer = setTimeout(
        () => {
          timers.delete(giveUpTimer);
          evaluate();
        },
        hedgeMs * patience + 1,
      );
      timers.add(hedgeTimer);
      timers.add(giveUpTimer);
      callSource(source, method, params).then(
        ({ result, latencyMs }) => {
          attempt.state = 'answered';
          attempt.latencyMs = latencyMs;
          attempt.answer = { key: answerKey(result), value: result, isNull: result === null || result === undefined };
          evaluate();
        },
        (error: unknown) => {
          const failure =
            error instanceof SourceRequestError
              ? error
              : new SourceRequestError({
                  kind: 'bad-json',
                  message: String(error),
                  latencyMs: Date.now() - attempt.startedAt,
                });
          attempt.latencyMs = failure.latencyMs;
          if (
            revertsAnswer &&
            failure.kind === 'rpc-error' &&
            isRevert({ code: failure.code, message: failure.shortMessage })
          ) {
            attempt.state = 'answered';
            const revert = { code: failure.code ?? 3, message: failure.shortMessage, data: failure.data };
            attempt.answer = { key: revertKey(failure.data), value: null, isNull: false, revert };
          } else {
            attempt.state = 'failed';
            attempt.error = failure;
            source.health.recordError(failure.info());
          }
          evaluate();
        },
      );
    };

    if (k <= 0 || candidates.length === 0) return finish();
    evaluate();
  });
}

/** Operators per answer key among the answered attempts, best first (non-null answers before null). */
export function tally(attempts: readonly Attempt[]): { key: string; answer: Answer; operators: Set<string> }[] {
  const byKey = new Map<string, { key: string; answer: Answer; operators: Set<string> }>();
  for (const attempt of attempts) {
    if (attempt.state !== 'answered' || !attempt.answer) continue;
    const entry = byKey.get(attempt.answer.key) ?? {
      key: attempt.answer.key,
      answer: attempt.answer,
      operators: new Set<string>(),
    };
    entry.operators.add(operatorKey(attempt.source));
    byKey.set(attempt.answer.key, entry);
  }
  return [...byKey.values()].sort(
    (a, b) => Number(a.answer.isNull) - Number(b.answer.isNull) || b.operators.size - a.operators.size,
  );
}
