import { type Hex, keccak256 } from 'viem';
import { operatorKey } from './operator';
import type { Attempt } from './race';
import { callSource, type SourceRuntime } from './sources';
import { SourceRequestError } from './transport-http';
import type { Verdict } from './verdict';

// eth_sendRawTransaction: the signed transaction goes to every healthy source at once. The hash is
// computed here (keccak256 of the raw bytes) and is the only hash ever returned; a source answering
// another hash is flagged as disagreeing. "Already known" counts as accepted, and so does a refusal
// ("nonce too low") from a source that, asked right after, already has the transaction.

export type BroadcastParameters = {
  sources: readonly SourceRuntime[];
  raw: Hex;
  k: number;
  /** After the first acceptance, how long to wait for more before answering. Default 1 s. */
  graceMs?: number | undefined;
};

export type BroadcastResult = { hash: Hex; attempts: Attempt[]; verdict: Verdict };

const ALREADY_KNOWN =
  /already known|known transaction|already imported|already exists|alreadyknown|already in (the )?(tx)?pool/i;

/** Whether the source already has the transaction (pending or mined), after it refused it. */
async function knows(source: SourceRuntime, hash: Hex): Promise<boolean> {
  try {
    const { result } = await callSource(source, 'eth_getTransactionByHash', [hash]);
    const found = (result as { hash?: unknown } | null)?.hash;
    return typeof found === 'string' && found.toLowerCase() === hash;
  } catch {
    return false;
  }
}

export async function broadcastRawTransaction(parameters: BroadcastParameters): Promise<BroadcastResult> {
  const { sources, raw, k, graceMs = 1_000 } = parameters;
  // 1. The hash every honest source must answer.
  const hash = keccak256(raw);
  const attempts: Attempt[] = [];

  await new Promise<void>((resolve) => {
    let settled = 0;
    let graceTimer: ReturnType<typeof setTimeout> | undefined;
    const done = () => {
      if (graceTimer) clearTimeout(graceTimer);
      resolve();
    };
    const accepted = () =>
      new Set(attempts.filter((a) => a.answer?.key === hash).map((a) => operatorKey(a.source))).size;
    let shortened = false;
    const check = () => {
      // 3. Answer when every source settled, or shortly after the first acceptance (sooner once k accepted):
      //    the evidence then shows the other sources' answers too, but a hung source cannot hold the hash back.
      if (settled === sources.length) return done();
      const n = accepted();
      if (n >= k && !shortened) {
        shortened = true;
        if (graceTimer) clearTimeout(graceTimer);
        graceTimer = setTimeout(done, Math.min(200, graceMs));
      } else if (n >= 1) graceTimer ??= setTimeout(done, graceMs);
    };
    if (sources.length === 0) return done();
    // 2. Every source in parallel.
    for (const source of sources) {
      const attempt: Attempt = { source, startedAt: Date.now(), state: 'pending', overdue: false, latencyMs: null };
      attempts.push(attempt);
      callSource(source, 'eth_sendRawTransaction', [raw])
        .then(
          ({ result, latencyMs }) => {
            attempt.latencyMs = latencyMs;
            attempt.state = 'answered';
            const key = typeof result === 'string' ? result.toLowerCase() : JSON.stringify(result);
            attempt.answer = { key, value: result, isNull: result === null };
            if (key !== hash) source.health.recordDisagreement();
          },
          async (error: unknown) => {
            const failure =
              error instanceof SourceRequestError
                ? error
                : new SourceRequestError({ kind: 'bad-json', message: String(error), latencyMs: 0 });
            attempt.latencyMs = failure.latencyMs;
            // "Already known", or "nonce too low" because this very transaction is already in: accepted.
            const accepted =
              failure.kind === 'rpc-error' && (ALREADY_KNOWN.test(failure.shortMessage) || (await knows(source, hash)));
            if (accepted) {
              attempt.state = 'answered';
              attempt.answer = { key: hash, value: hash, isNull: false };
            } else {
              attempt.state = 'failed';
              attempt.error = failure;
              source.health.recordError(failure.info());
            }
          },
        )
        .finally(() => {
          settled++;
          check();
        });
    }
  });

  // 4. Accepted by k operators: confirmed; by fewer: unconfirmed but sent; by none: the sources' error.
  const operators = new Set(attempts.filter((a) => a.answer?.key === hash).map((a) => operatorKey(a.source))).size;
  if (operators > 0) {
    const status = operators >= k ? 'confirmed' : 'unconfirmed';
    return { hash, attempts, verdict: { status, value: hash, agreeing: operators, winner: hash } };
  }
  const rejection = attempts.find((a) => a.error?.kind === 'rpc-error')?.error;
  const error = rejection
    ? { code: rejection.code ?? -32000, message: rejection.shortMessage, data: rejection.data }
    : undefined;
  const lied = attempts.some((a) => a.state === 'answered');
  return {
    hash,
    attempts,
    verdict: { status: lied ? 'conflict' : 'unavailable', value: null, error, agreeing: 0, winner: hash },
  };
}
