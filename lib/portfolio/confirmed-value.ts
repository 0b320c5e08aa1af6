// Maps the quorum engine's evidence to the view the popup shows under every balance.
import type { ConfirmedValueView, SourceAnswerView } from '../messages/popup-api';
import { isEstablished, type QuorumResult, type SourceEvidence } from '../rpc/types';

export interface LastConfirmedValue {
  value: string;
  block: number;
  at: number;
}

export interface ToConfirmedValueViewParameters {
  result: QuorumResult;
  /** Turns one raw answer (a hex quantity, a 32-byte word) into base units; null when it is not a number. */
  decode: (raw: unknown) => bigint | null;
  lastConfirmed?: LastConfirmedValue | undefined;
  now: number;
}

export function toConfirmedValueView({
  result,
  decode,
  lastConfirmed,
  now,
}: ToConfirmedValueViewParameters): ConfirmedValueView {
  const { evidence } = result;
  const passed = isEstablished(result.status) || result.status === 'unconfirmed';
  const decoded = passed && !result.error ? decode(result.value) : null;
  const view: ConfirmedValueView = {
    status: result.status,
    value: decoded === null ? null : decoded.toString(),
    // Sources (not operators) that gave the agreed answer, counting audited ones; never fewer than the engine's count.
    agreeing: passed ? Math.max(evidence.agreeing, evidence.sources.filter((s) => s.status === 'agree').length) : 0,
    quorum: evidence.quorum,
    enabledSources: evidence.sources.filter((s) => s.status !== 'skipped').length || evidence.sources.length,
    block: evidence.anchor ? { number: evidence.anchor.number, hash: evidence.anchor.hash } : null,
    header: evidence.anchor ? { agreeing: evidence.anchor.confirmations, operators: evidence.anchor.voters } : null,
    sources: evidence.sources.map((source) => toSourceAnswer(source, decode)),
    checkedAt: now,
  };
  if (evidence.anchor?.basis) view.basis = evidence.anchor.basis;
  if (evidence.capped) view.capped = evidence.capped;
  if (!isEstablished(view.status) && lastConfirmed) view.lastConfirmed = lastConfirmed;
  return view;
}

function toSourceAnswer(source: SourceEvidence, decode: (raw: unknown) => bigint | null): SourceAnswerView {
  const value = source.value === undefined ? null : decode(source.value);
  const answer: SourceAnswerView = {
    sourceId: source.id,
    url: source.url,
    operator: source.operator,
    status: source.status,
    value: value === null ? null : value.toString(),
    latencyMs: source.latencyMs,
  };
  if (source.proof) answer.proof = source.proof;
  if (source.error)
    answer.error = source.error.message ? `${source.error.kind}: ${source.error.message}` : source.error.kind;
  else if (source.value !== undefined && value === null) answer.error = 'not a number';
  return answer;
}

/** When the engine itself failed (bad configuration, no client): nothing was asked, nothing is known. */
export function unavailableView(now: number, lastConfirmed?: LastConfirmedValue): ConfirmedValueView {
  return {
    status: 'unavailable',
    value: null,
    agreeing: 0,
    quorum: 0,
    enabledSources: 0,
    block: null,
    header: null,
    sources: [],
    checkedAt: now,
    ...(lastConfirmed ? { lastConfirmed } : {}),
  };
}
