// Words for the states the compare view and the source list show. Pure, so they are tested without a browser.
import type { ActivityStatus, ConfirmationStatus, SourceAnswerView, SourceView } from '../messages/popup-api';
import { BREAKER_LABELS, SOURCE_STATE_LABELS } from '../rpc/source-condition';

/**
 * "proved it", "agrees", "disagrees", "alone", "error: refused", "stale", "wrong chain", ...
 * `outcome` is the value's status: a lone answer is not an agreement, and with no agreed value nobody disagrees.
 */
export function answerStatusLabel(
  answer: Pick<SourceAnswerView, 'status' | 'error' | 'proof'>,
  outcome?: ConfirmationStatus,
): string {
  switch (answer.status) {
    case 'agree':
      if (answer.proof === 'valid') return 'proved it';
      if (outcome === 'unconfirmed') return 'alone, unconfirmed';
      return outcome === 'verified' ? 'matches the proof' : 'agrees';
    case 'disagree':
      if (answer.proof === 'invalid') return 'proof failed';
      if (outcome === 'conflict') return 'differs';
      return outcome === 'verified' ? 'differs from the proof' : 'disagrees';
    case 'error':
      return answer.error ? `error: ${errorKind(answer.error)}` : 'error';
    case 'timeout':
      return 'timed out';
    case 'wrong-chain':
      return 'wrong chain';
    case 'stale':
      return 'stale';
    case 'skipped':
      if (answer.error && errorKind(answer.error) === 'timeout') return 'no answer yet';
      return answer.error ? `skipped: ${errorKind(answer.error)}` : 'not asked';
  }
}

/** The kind part of "refused: connection refused". */
export function errorKind(error: string): string {
  const colon = error.indexOf(':');
  return colon > 0 ? error.slice(0, colon) : error;
}

export function healthStateLabel(state: SourceView['health']['state']): string {
  return SOURCE_STATE_LABELS[state];
}

/** Breaker state as the networks screen (and the CLI) lists it. */
export function breakerLabel(state: SourceView['health']['state']): string {
  if (state === 'open' || state === 'half-open') return BREAKER_LABELS[state];
  if (state === 'disabled') return '—';
  return BREAKER_LABELS.closed;
}

/** What a source's proof showed, beside its plain answer. */
export function proofLabel(proof: SourceAnswerView['proof']): string {
  if (proof === 'valid') return 'valid';
  if (proof === 'invalid') return 'invalid';
  if (proof === 'unsupported') return 'not offered';
  return '—';
}

export function activityStatusLabel(status: ActivityStatus): string {
  return { pending: 'Pending', confirmed: 'Confirmed', failed: 'Failed', replaced: 'Replaced' }[status];
}

export function formatLatency(ms: number | null): string {
  return ms === null ? '—' : `${Math.round(ms)} ms`;
}
