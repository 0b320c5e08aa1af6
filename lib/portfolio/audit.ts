// The quorum engine asks only as many sources as agreement needs (a hedged race). The compare view promises
// every enabled source's answer, so the portfolio also asks every usable source the same reads, pinned to the
// same block, in one JSON-RPC batch per source, started alongside the race. Audit answers are shown, never
// trusted: they cannot change a status or a value, only say which sources the race did not need agree or
// disagree with the agreed value. A source still silent when the reads are done is reported as not answering.
import { numberToHex } from 'viem';
import { createSourceTransport, SourceRequestError } from '../rpc/transport-http';
import type { QuorumResult, SourceErrorInfo, SourceEvidence, SourceProofCheck } from '../rpc/types';

export interface AuditSource {
  id: string;
  url: string;
  enabled: boolean;
  /** false when the source reported another chain: it is never asked. */
  chainOk: boolean | null;
}

export interface AuditCall {
  method: string;
  /** Params with an explicit block number as the block tag. */
  params: unknown[];
}

export type AuditAnswer =
  | { ok: true; value: unknown; latencyMs: number }
  | { ok: false; error: SourceErrorInfo; latencyMs: number | null };

export interface Audit {
  /** Settles when every source answered or failed. */
  settled: Promise<void>;
  /** undefined while the source has not answered; null when the source was never asked. */
  answer(read: number, sourceId: string): AuditAnswer | undefined | null;
  /** Aborts what is still in flight. */
  close(): void;
}

export interface StartAuditParameters {
  calls: AuditCall[];
  sources: AuditSource[];
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export function startAudit({ calls, sources, fetch, timeoutMs = 1500 }: StartAuditParameters): Audit {
  const asked = sources.filter((s) => s.enabled && s.chainOk !== false);
  const answers = new Map<string, AuditAnswer>();
  const transports = asked.map((source) => ({
    source,
    transport: createSourceTransport({ url: source.url, fetch, timeoutMs }),
  }));
  // The transport coalesces calls made in the same tick: one batch per source.
  const settled = Promise.all(
    transports.flatMap(({ source, transport }) =>
      calls.map(async (call, read) => {
        try {
          const { result, latencyMs } = await transport.request(call.method, call.params);
          answers.set(`${read}:${source.id}`, { ok: true, value: result, latencyMs });
        } catch (error) {
          answers.set(
            `${read}:${source.id}`,
            error instanceof SourceRequestError
              ? { ok: false, error: error.info(), latencyMs: error.latencyMs }
              : { ok: false, error: { kind: 'refused', message: String(error) }, latencyMs: null },
          );
        }
      }),
    ),
  ).then(() => {});
  const askedIds = new Set(asked.map((s) => s.id));
  return {
    settled,
    answer: (read, sourceId) => (askedIds.has(sourceId) ? answers.get(`${read}:${sourceId}`) : null),
    close: () => {
      for (const { transport } of transports) transport.close();
    },
  };
}

/** `params` with the trailing block tag replaced by `block`. */
export function pinCall(method: string, params: unknown[], block: number): AuditCall {
  return { method, params: [...params.slice(0, -1), numberToHex(block)] };
}

/** The race did not ask it: skipped, or called stale from its last known head. */
export function notAsked(evidence: SourceEvidence): boolean {
  if (evidence.status === 'skipped') return true;
  return evidence.status === 'stale' && evidence.latencyMs === null;
}

export interface MergeAuditParameters {
  result: QuorumResult;
  read: number;
  audit: Audit;
  decode: (raw: unknown) => bigint | null;
  /** How long the audit was waited for, for the "no answer" message. */
  waitedMs: number;
  /** Each source's own proof of this read (by source id), shown beside its plain answer. */
  proofs?: Record<string, SourceProofCheck> | undefined;
}

/**
 * The result with each source the race did not ask replaced by what it said to the audit, and each source's own
 * proof result beside it (where the race did not already record one). Neither changes the status or the value.
 */
export function mergeAudit({ result, read, audit, decode, waitedMs, proofs }: MergeAuditParameters): QuorumResult {
  const merged = mergePlainAnswers({ result, read, audit, decode, waitedMs });
  if (!proofs) return merged;
  const sources = merged.evidence.sources.map((evidence): SourceEvidence => {
    const check = proofs[evidence.id];
    if (evidence.proof || !check) return evidence;
    return { ...evidence, proof: check.proof };
  });
  return { ...merged, evidence: { ...merged.evidence, sources } };
}

function mergePlainAnswers({ result, read, audit, decode, waitedMs }: MergeAuditParameters): QuorumResult {
  const agreed = result.value === null || result.error ? null : decode(result.value);
  const sources = result.evidence.sources.map((evidence): SourceEvidence => {
    if (!notAsked(evidence)) return evidence;
    const answer = audit.answer(read, evidence.id);
    if (answer === null) return evidence;
    if (answer === undefined) {
      return { ...evidence, status: 'skipped', error: { kind: 'timeout', message: `no answer within ${waitedMs} ms` } };
    }
    if (answer.ok) {
      const { error: _unused, ...rest } = evidence;
      const mine = decode(answer.value);
      const status = agreed === null ? 'skipped' : mine === agreed ? 'agree' : 'disagree';
      return { ...rest, status, value: answer.value, latencyMs: answer.latencyMs };
    }
    // A source the engine called stale that errs on the block is still best described as stale.
    if (evidence.status === 'stale' && answer.error.kind === 'rpc-error') return evidence;
    const kind = answer.error.kind;
    const status = kind === 'timeout' || kind === 'stale' || kind === 'wrong-chain' ? kind : 'error';
    return { ...evidence, status, error: answer.error, latencyMs: answer.latencyMs };
  });
  return { ...result, evidence: { ...result.evidence, sources } };
}
