import type { HttpReport } from './transport-http';
import type { SourceConfig, SourceErrorInfo, SourceHealth } from './types';

// Health of one source: latency history, error rate, lag, disagreements, and a circuit breaker.
// The engine ranks sources by `score()` and sets each request's hedge delay from `hedgeDelayMs()`.

export type BreakerParameters = {
  /** Consecutive failed HTTP requests that open the breaker. Default 3. */
  threshold?: number | undefined;
  /** First open period; doubles on each failed probe. Default 1 s. */
  baseBackoffMs?: number | undefined;
  maxBackoffMs?: number | undefined;
};

export type HedgeParameters = {
  /** Hedge delay for a source without latency history. Default 300 ms. */
  initialMs?: number | undefined;
  minMs?: number | undefined;
  maxMs?: number | undefined;
};

export type SourceHealthTrackerParameters = {
  now: () => number;
  breaker?: BreakerParameters | undefined;
  hedge?: HedgeParameters | undefined;
};

const LATENCY_WINDOW = 32;
const OUTCOME_WINDOW = 50;
/** Latency assumed for a source never heard from: ranks it behind measured fast sources, ahead of slow ones. */
const PRIOR_LATENCY_MS = 150;
/** A disagreement's weight halves every five minutes. */
const DISAGREEMENT_HALF_LIFE_MS = 5 * 60_000;

export type SourceHealthTracker = ReturnType<typeof createSourceHealthTracker>;

export function createSourceHealthTracker(parameters: SourceHealthTrackerParameters) {
  const { now } = parameters;
  const threshold = parameters.breaker?.threshold ?? 3;
  const baseBackoffMs = parameters.breaker?.baseBackoffMs ?? 1_000;
  const maxBackoffMs = parameters.breaker?.maxBackoffMs ?? 60_000;
  const hedgeInitialMs = parameters.hedge?.initialMs ?? 300;
  const hedgeMinMs = parameters.hedge?.minMs ?? 30;
  const hedgeMaxMs = parameters.hedge?.maxMs ?? 2_000;

  const latencies: number[] = [];
  const outcomes: boolean[] = [];
  const inFlight = new Map<number, number>();
  let nextCall = 0;
  let requests = 0;
  let failures = 0;
  let disagreements = 0;
  let disagreementWeight = 0;
  let disagreementAt = 0;
  let lastError: SourceErrorInfo | null = null;
  let consecutiveFailures = 0;
  let openUntil: number | null = null;
  let backoffMs = baseBackoffMs;
  let probing = false;
  let head: number | null = null;
  let lag: number | null = null;
  let chainId: number | null = null;
  let chainOk: boolean | null = null;

  function percentile(p: number): number | null {
    if (latencies.length === 0) return null;
    const sorted = [...latencies].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  }

  function breakerState(): 'closed' | 'open' | 'half-open' {
    if (openUntil === null) return 'closed';
    return now() >= openUntil ? 'half-open' : 'open';
  }

  function open(forMs: number) {
    openUntil = now() + forMs;
    probing = false;
  }

  function errorRate(): number {
    if (outcomes.length === 0) return 0;
    return outcomes.filter((ok) => !ok).length / outcomes.length;
  }

  function currentDisagreementWeight(): number {
    return disagreementWeight * 0.5 ** ((now() - disagreementAt) / DISAGREEMENT_HALF_LIFE_MS);
  }

  /** Lower is better. Expected latency plus penalties for errors, lag, disagreements and a hung call. */
  function score(): number {
    let latency = percentile(0.5) ?? PRIOR_LATENCY_MS;
    for (const started of inFlight.values()) latency = Math.max(latency, now() - started);
    return (
      latency +
      errorRate() * 2_000 +
      currentDisagreementWeight() * 1_000 +
      (lag ?? 0) * 50 +
      (head === null ? 500 : 0) +
      (breakerState() === 'closed' ? 0 : 1_000)
    );
  }

  return {
    /** 1. Every HTTP request the source's transport completed, batch or single. */
    recordHttp(report: HttpReport) {
      requests++;
      outcomes.push(report.ok);
      if (outcomes.length > OUTCOME_WINDOW) outcomes.shift();
      const state = breakerState();
      if (report.ok) {
        latencies.push(report.latencyMs);
        if (latencies.length > LATENCY_WINDOW) latencies.shift();
        consecutiveFailures = 0;
        if (state !== 'closed' || probing) {
          openUntil = null;
          probing = false;
          backoffMs = baseBackoffMs;
        }
        return;
      }
      failures++;
      consecutiveFailures++;
      if (report.error) lastError = report.error;
      // 2. A rate limit opens the breaker for as long as the source asked (Retry-After), else the backoff.
      if (report.error?.kind === 'rate-limited') {
        open(Math.min(maxBackoffMs, report.retryAfterMs ?? backoffMs));
        return;
      }
      // 3. A failed probe re-opens with a doubled backoff; enough failures in a row open a closed breaker.
      if (state === 'half-open' || probing) {
        backoffMs = Math.min(maxBackoffMs, backoffMs * 2);
        open(backoffMs);
      } else if (state === 'closed' && consecutiveFailures >= threshold) {
        open(backoffMs);
      }
    },

    recordDisagreement() {
      disagreements++;
      disagreementWeight = currentDisagreementWeight() + 1;
      disagreementAt = now();
    },

    recordError(error: SourceErrorInfo) {
      lastError = error;
    },

    setHead(value: number | null, agreed: number | null) {
      if (value !== null) head = value;
      lag = head !== null && agreed !== null ? Math.max(0, agreed - head) : null;
    },

    setChain(reported: number, expected: number) {
      chainId = reported;
      chainOk = reported === expected;
    },

    head: () => head,
    chainOk: () => chainOk,
    lastError: () => lastError,

    /** Whether a call may be sent now: closed, or half-open with no probe out yet. */
    available(): boolean {
      const state = breakerState();
      return state === 'closed' || (state === 'half-open' && !probing);
    },

    /** Marks a call as started; returns the function that marks it done. */
    startCall(): () => void {
      if (breakerState() === 'half-open') probing = true;
      const id = nextCall++;
      inFlight.set(id, now());
      return () => inFlight.delete(id);
    },

    /** How long to wait for this source before starting one more: adapts to its own history. */
    hedgeDelayMs(): number {
      if (latencies.length < 3) return hedgeInitialMs;
      const p50 = percentile(0.5)!;
      const p90 = percentile(0.9)!;
      return Math.round(Math.min(hedgeMaxMs, Math.max(hedgeMinMs, 2 * p50, 1.25 * p90 + 10)));
    },

    score,

    snapshot(source: SourceConfig): SourceHealth {
      const state = breakerState();
      return {
        id: source.id,
        operator: source.operator,
        url: source.url,
        enabled: source.enabled,
        chainId,
        chainOk,
        head,
        lag,
        latency: { p50: percentile(0.5), p90: percentile(0.9), samples: latencies.length },
        errorRate: errorRate(),
        requests,
        failures,
        disagreements,
        lastError,
        breaker: { state, openUntil: state === 'closed' ? null : openUntil, failures: consecutiveFailures },
        score: Math.round(score()),
      };
    },
  };
}
