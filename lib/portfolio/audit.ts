// The quorum engine asks only as many sources as agreement needs (a hedged race). The compare view promises
// every enabled source's answer, so after a read the portfolio asks the sources the race did not need, pinned to
// the same anchor block, in one JSON-RPC batch per source (also the ones it called stale without asking: a source
// that died after the last head looks stale until asked). Audit answers are shown, never trusted: they cannot
// change a status or a value, only say which extra sources agree or disagree with the agreed one.

import { createSourceTransport, SourceRequestError } from '@/lib/rpc/transport-http';
import type { QuorumResult, SourceEvidence } from '@/lib/rpc/types';

export interface AuditSource {
  id: string;
  url: string;
  enabled: boolean;
  /** false when the source reported another chain: it is never asked. */
  chainOk: boolean | null;
}

export interface AuditRead {
  result: QuorumResult;
  method: string;
  /** Params with the block tag last; it is replaced by the result's anchor block. */
  params: unknown[];
  decode: (raw: unknown) => bigint | null;
}

export interface AuditParameters {
  reads: AuditRead[];
  sources: AuditSource[];
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** Returns the reads' results with the race's skipped sources replaced by what each said when asked. */
export async function auditReads({
  reads,
  sources,
  fetch,
  timeoutMs = 1500,
}: AuditParameters): Promise<QuorumResult[]> {
  const askable = new Map(sources.filter((s) => s.enabled && s.chainOk !== false).map((s) => [s.id, s]));
  // 1. Which source still has to be asked what: only reads anchored to a block, only sources the race skipped.
  const plan = new Map<string, { read: number; params: unknown[] }[]>();
  reads.forEach((read, index) => {
    const anchor = read.result.evidence.anchor;
    if (!anchor) return;
    const params = [...read.params.slice(0, -1), `0x${anchor.number.toString(16)}`];
    for (const evidence of read.result.evidence.sources) {
      if (!notAsked(evidence) || !askable.has(evidence.id)) continue;
      const list = plan.get(evidence.id) ?? [];
      list.push({ read: index, params });
      plan.set(evidence.id, list);
    }
  });
  if (!plan.size) return reads.map((r) => r.result);

  // 2. One batch per source (the transport coalesces calls made in the same tick).
  const answers = new Map<string, SourceEvidence>();
  await Promise.all(
    [...plan].map(async ([sourceId, calls]) => {
      const transport = createSourceTransport({ url: askable.get(sourceId)!.url, fetch, timeoutMs });
      await Promise.all(
        calls.map(async ({ read, params }) => {
          const before = reads[read].result.evidence.sources.find((s) => s.id === sourceId)!;
          const audited = await askOne(transport, reads[read], params, sourceId);
          // A source the engine called stale that now errs on the block is still best described as stale.
          const keepStale = before.status === 'stale' && audited.error?.kind === 'rpc-error';
          if (!keepStale) answers.set(`${read}:${sourceId}`, audited);
        }),
      );
      transport.close();
    }),
  );

  // 3. Merge: an audited answer agrees only if it decodes to the agreed value.
  return reads.map((read, index) => ({
    ...read.result,
    evidence: {
      ...read.result.evidence,
      sources: read.result.evidence.sources.map((s) => {
        const audited = answers.get(`${index}:${s.id}`);
        return audited ? { ...audited, id: s.id, operator: s.operator, url: s.url } : s;
      }),
    },
  }));
}

/** The race did not ask it: skipped, or called stale from its last known head. */
function notAsked(evidence: SourceEvidence): boolean {
  if (evidence.status === 'skipped') return true;
  return evidence.status === 'stale' && evidence.latencyMs === null;
}

async function askOne(
  transport: ReturnType<typeof createSourceTransport>,
  read: AuditRead,
  params: unknown[],
  sourceId: string,
): Promise<SourceEvidence> {
  const base = { id: sourceId, operator: '', url: '' };
  try {
    const { result, latencyMs } = await transport.request(read.method, params);
    const agreed = read.result.value === null ? null : read.decode(read.result.value);
    const mine = read.decode(result);
    if (agreed === null) return { ...base, status: 'skipped', value: result, latencyMs };
    return { ...base, status: mine === agreed ? 'agree' : 'disagree', value: result, latencyMs };
  } catch (error) {
    if (error instanceof SourceRequestError) {
      const status =
        error.kind === 'timeout' || error.kind === 'stale' || error.kind === 'wrong-chain' ? error.kind : 'error';
      return { ...base, status, error: error.info(), latencyMs: error.latencyMs };
    }
    return { ...base, status: 'error', error: { kind: 'refused', message: String(error) }, latencyMs: null };
  }
}
