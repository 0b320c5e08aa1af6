import { keccak256, toHex } from 'viem';
import { ProofError } from '../errors';
import { operatorKey } from './operator';
import { type ProofAttempt, proofOutcome, raceForProof } from './proof-race';
import { isProofUnsupported } from './proven-read';
import { rankSources, type SourceRuntime } from './sources';
import { SourceRequestError } from './transport-http';
import type { Anchor, SourceEvidence, SourceProofCheck } from './types';

// Verified reads: one source's proof, checked against the agreed header, instead of k answers. Which
// source is asked first depends on the account read (among the sources about as fast as the best), so
// where there are enough sources no single operator sees every account of the user.

/** How long a source that answered "method not found" to eth_getProof is not asked for proofs again. */
const NO_PROOFS_FOR_MS = 10 * 60_000;
/** Sources within this much of the best score share the accounts between them. */
const NEAR_BEST_FACTOR = 1.3;
const NEAR_BEST_SLACK = 5;

export type VerifiedOutcome<value> =
  | { verified: true; value: value; attempts: ProofAttempt<value>[] }
  | { verified: false; attempts: ProofAttempt<value>[] };

/** Asks one source and checks its answer; `roundTrips`: sequential requests it takes at least. */
export type ProofTask<value> = ((source: SourceRuntime) => Promise<value>) & { roundTrips: number };

type Attempts = ProofAttempt<unknown>[];

export function createVerifier(parameters: { usable: () => SourceRuntime[]; now: () => number }) {
  const noProofsUntil = new WeakMap<SourceRuntime, number>();
  const servesProofs = (source: SourceRuntime) => (noProofsUntil.get(source) ?? 0) <= parameters.now();

  /** Proof candidates: sources at the anchor that serve proofs, near-best ones ordered by account affinity. */
  function candidates(anchor: Anchor, affinity: string): SourceRuntime[] {
    const eligible = parameters
      .usable()
      .filter((s) => servesProofs(s) && (s.health.head() ?? Number.POSITIVE_INFINITY) >= anchor.number);
    const ranked = rankSources(eligible);
    if (ranked.length === 0) return [];
    const threshold = ranked[0].health.score() * NEAR_BEST_FACTOR + NEAR_BEST_SLACK;
    const seen = new Set<string>();
    const near = ranked.filter((s) => {
      if (s.health.score() > threshold || seen.has(operatorKey(s))) return false;
      seen.add(operatorKey(s));
      return true;
    });
    const weight = (s: SourceRuntime) => keccak256(toHex(`${affinity}|${operatorKey(s)}`));
    near.sort((a, b) => (weight(a) < weight(b) ? -1 : 1));
    return [...near, ...ranked.filter((s) => !near.includes(s))];
  }

  return {
    /** The first answer a source proves against the anchor, asking by affinity and hedging as it goes. */
    async read<value>(task: ProofTask<value>, anchor: Anchor, affinity: string): Promise<VerifiedOutcome<value>> {
      const attempts = await raceForProof({
        candidates: candidates(anchor, affinity),
        prove: task,
        roundTrips: task.roundTrips,
        isUnsupported: isProofUnsupported,
      });
      for (const a of attempts)
        if (a.state === 'unsupported') noProofsUntil.set(a.source, parameters.now() + NO_PROOFS_FOR_MS);
      const winner = attempts.find((a) => a.state === 'proven');
      if (!winner || winner.value === undefined) return { verified: false, attempts };
      return { verified: true, value: winner.value, attempts };
    },
    servesProofs,

    /** Every usable source's own proof (the compare view): each checked alone, none used to answer. */
    async checkEach(task: ProofTask<{ value: unknown; error?: unknown }>): Promise<Record<string, SourceProofCheck>> {
      const checks: Record<string, SourceProofCheck> = {};
      await Promise.all(
        parameters.usable().map(async (source) => {
          const id = source.config.id;
          if (!servesProofs(source)) {
            checks[id] = { proof: 'unsupported' };
            return;
          }
          try {
            const answer = await task(source);
            checks[id] = { proof: 'valid', value: answer.error ?? answer.value };
          } catch (error) {
            if (error instanceof ProofError) {
              // A failed proof is evidence wherever it was asked for: the source ranks down.
              source.health.recordDisagreement();
              checks[id] = { proof: 'invalid', error: { kind: 'invalid-proof', message: error.shortMessage } };
            } else if (error instanceof SourceRequestError && isProofUnsupported(error)) {
              noProofsUntil.set(source, parameters.now() + NO_PROOFS_FOR_MS);
              checks[id] = { proof: 'unsupported' };
            }
            // Anything else (a failed request, a call the local EVM could not finish) says nothing about proofs.
          }
        }),
      );
      return checks;
    },
  };
}

/** Evidence of a verified read: the prover agrees; liars disagree; the rest say why they were not used. */
export function verifiedEvidence(
  all: readonly SourceRuntime[],
  attempts: Attempts,
  value: unknown,
  base: (source: SourceRuntime) => SourceEvidence,
): SourceEvidence[] {
  return all.map((source) => {
    const attempt = attempts.find((a) => a.source === source);
    const entry = base(source);
    if (!attempt) return entry;
    const proof = proofOutcome(attempt);
    if (attempt.state === 'proven') return { ...entry, status: 'agree', proof, value, latencyMs: attempt.latencyMs };
    if (attempt.state === 'invalid') {
      return { ...entry, status: 'disagree', proof, error: attempt.error, latencyMs: attempt.latencyMs };
    }
    if (attempt.state === 'pending') return { ...entry, status: attempt.overdue ? 'timeout' : 'skipped' };
    return {
      ...entry,
      ...(proof ? { proof } : {}),
      status: 'error',
      error: attempt.error,
      latencyMs: attempt.latencyMs,
    };
  });
}

/** Adds what the proof race learned to the evidence of the agreement read that followed it. */
export function withProofEvidence(evidence: SourceEvidence[], attempts: Attempts): SourceEvidence[] {
  return evidence.map((entry) => {
    const attempt = attempts.find((a) => a.source.config.id === entry.id);
    const proof = proofOutcome(attempt);
    if (!attempt || !proof) return entry;
    if (proof === 'invalid') return { ...entry, proof, status: 'disagree', error: attempt.error };
    return { ...entry, proof };
  });
}
