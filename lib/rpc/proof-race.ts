import { LocalCallTimeLimitError, ProofError } from '../errors';
import type { SourceRuntime } from './sources';
import { SourceRequestError } from './transport-http';
import type { ProofOutcome, SourceErrorInfo } from './types';

// The race behind a verified read. One answer whose proof checks is enough, so it asks one source at a
// time: the first candidate, then the next when that one fails, lies, or runs past its hedge delay. The
// first proof that checks ends it. A source whose proof fails is recorded as disagreeing (it ranks down).

export type ProofAttempt<value> = {
  source: SourceRuntime;
  startedAt: number;
  state: 'pending' | 'proven' | 'invalid' | 'unsupported' | 'incomplete' | 'failed';
  overdue: boolean;
  value?: value;
  error?: SourceErrorInfo;
  latencyMs: number | null;
};

export type ProofRaceParameters<value> = {
  candidates: readonly SourceRuntime[];
  /** Asks one source and checks its answer: throws ProofError for a lie, SourceRequestError for a failure. */
  prove: (source: SourceRuntime) => Promise<value>;
  /** Whether a failed call means the source does not serve proofs at all (method not found). */
  isUnsupported: (error: SourceRequestError) => boolean;
  /** Sources asked at most (each read sends its address to every one of them). Default 3. */
  maxSources?: number | undefined;
  /** Once nothing else can be asked, how many hedge delays to wait on a late answer. Default 2. */
  patience?: number | undefined;
  /** Sequential requests one proof takes: its hedge delay is that many of the source's single-request delays. */
  roundTrips?: number | undefined;
};

export function raceForProof<value>(parameters: ProofRaceParameters<value>): Promise<ProofAttempt<value>[]> {
  const { candidates, prove, isUnsupported } = parameters;
  const maxSources = parameters.maxSources ?? 3;
  const patience = parameters.patience ?? 2;
  const roundTrips = parameters.roundTrips ?? 1;
  const attempts: ProofAttempt<value>[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let next = 0;
  let abandoned = false;

  return new Promise((resolve) => {
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      for (const timer of timers) clearTimeout(timer);
      resolve(attempts);
    };

    const evaluate = () => {
      if (finished) return;
      // 1. One proof that checked is the answer; a local call past its time limit ends the race without one
      //    (any source's proofs would take as long).
      if (attempts.some((a) => a.state === 'proven') || abandoned) return finish();
      // 2. Keep one request counted on: start the next source when the last failed, lied or is overdue.
      const live = attempts.filter((a) => a.state === 'pending' && !a.overdue).length;
      // Sources that do not serve proofs at all do not count towards the limit.
      const asked = attempts.filter((a) => a.state !== 'unsupported').length;
      if (live === 0 && next < candidates.length && asked < maxSources) {
        start(candidates[next++]);
        return;
      }
      const pending = attempts.filter((a) => a.state === 'pending');
      if (pending.length === 0) return finish();
      // 3. Nothing more to start: wait on late answers within their patience.
      const now = Date.now();
      if (!pending.some((a) => now < a.startedAt + patience * roundTrips * a.source.health.hedgeDelayMs())) finish();
    };

    const start = (source: SourceRuntime) => {
      const attempt: ProofAttempt<value> = {
        source,
        startedAt: Date.now(),
        state: 'pending',
        overdue: false,
        latencyMs: null,
      };
      attempts.push(attempt);
      const hedgeMs = source.health.hedgeDelayMs() * roundTrips;
      const arm = (ms: number, action: () => void) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          action();
        }, ms);
        timers.add(timer);
      };
      arm(hedgeMs, () => {
        if (attempt.state !== 'pending') return;
        attempt.overdue = true;
        evaluate();
      });
      arm(hedgeMs * patience + 1, evaluate);
      prove(source).then(
        (value) => {
          attempt.latencyMs = Date.now() - attempt.startedAt;
          attempt.state = 'proven';
          attempt.value = value;
          evaluate();
        },
        (error: unknown) => {
          attempt.latencyMs = Date.now() - attempt.startedAt;
          if (error instanceof ProofError) {
            attempt.state = 'invalid';
            attempt.error = { kind: 'invalid-proof', message: error.shortMessage };
            source.health.recordDisagreement();
          } else if (error instanceof SourceRequestError) {
            attempt.state = isUnsupported(error) ? 'unsupported' : 'failed';
            attempt.error = error.info();
            if (attempt.state === 'failed') source.health.recordError(error.info());
          } else if (error instanceof LocalCallTimeLimitError) {
            attempt.state = 'incomplete';
            attempt.error = { kind: 'incomplete', message: error.shortMessage };
            abandoned = true;
          } else {
            // State the proofs did not cover (an access list that was too short): not a lie, not an answer.
            attempt.state = 'incomplete';
            attempt.error = { kind: 'incomplete', message: (error as Error).message ?? String(error) };
          }
          evaluate();
        },
      );
    };

    if (candidates.length === 0) return finish();
    evaluate();
  });
}

/** What the evidence says about a source's proof. */
export function proofOutcome(attempt: ProofAttempt<unknown> | undefined): ProofOutcome | undefined {
  if (!attempt) return undefined;
  if (attempt.state === 'proven') return 'valid';
  if (attempt.state === 'invalid') return 'invalid';
  if (attempt.state === 'unsupported') return 'unsupported';
  return undefined;
}
