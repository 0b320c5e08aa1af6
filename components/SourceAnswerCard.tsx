import type { ConfirmationStatus, SourceAnswerView, SourceView } from '@/lib/messages/popup-api';
import { formatAmount } from '@/lib/state/format';
import { answerStatusLabel, formatLatency, proofLabel } from '@/lib/state/labels';
import { Sparkline } from './Sparkline';

export interface SourceAnswerCardProps {
  answer: SourceAnswerView;
  /** The source's configuration and health (head, latency history), when the network lists it. */
  source?: SourceView;
  symbol: string;
  decimals: number;
  /** The verified or agreed value, so a different answer can be called out. */
  agreedValue: string | null;
  /** How the value was established (verified, confirmed, conflict, ...). */
  outcome?: ConfirmationStatus;
}

/** One source in the compare view: who runs it, what it answered, how fast, at which head, and whether it agreed. */
export function SourceAnswerCard({ answer, source, symbol, decimals, agreedValue, outcome }: SourceAnswerCardProps) {
  const differs = answer.value !== null && agreedValue !== null && answer.value !== agreedValue;
  // Only an answer that differs from an established value (or whose proof failed) is called out.
  const highlight = differs || answer.proof === 'invalid' || (answer.status === 'disagree' && agreedValue !== null);
  const status = answerStatusLabel(answer, outcome);
  const displayStatus = highlight && answer.status !== 'disagree' ? 'disagree' : answer.status;
  return (
    <li
      className={`source-card answer-${displayStatus}${highlight ? ' source-highlight' : ''}`}
      data-testid={`compare-row-${answer.sourceId}`}
      data-status={answer.status}
      data-proof={answer.proof ?? 'none'}
      aria-label={`${answer.operator} (${answer.sourceId}): ${status}`}
    >
      <div className="source-card-head">
        <span className="source-operator">{answer.operator}</span>
        <span className="source-id">{answer.sourceId}</span>
        <span className={`badge badge-${displayStatus}`} data-testid="compare-status">
          {status}
        </span>
      </div>
      <dl className="source-facts">
        <div>
          <dt>Answer</dt>
          <dd className={highlight ? 'value-differs' : undefined} data-testid="compare-answer">
            {answer.value === null ? '—' : formatAmount(answer.value, decimals, symbol, 8)}
            {highlight ? <span className="visually-hidden"> (differs from the agreed value)</span> : null}
          </dd>
        </div>
        <div>
          <dt>Proof</dt>
          <dd data-testid="compare-proof">{proofLabel(answer.proof)}</dd>
        </div>
        <div>
          <dt>Latency</dt>
          <dd>{formatLatency(answer.latencyMs)}</dd>
        </div>
        <div>
          <dt>Head</dt>
          <dd>
            {source?.health.head ?? '—'}
            {source?.health.lagBlocks ? ` (−${source.health.lagBlocks})` : ''}
          </dd>
        </div>
        <div className="source-chart">
          <Sparkline values={source?.health.latencyHistoryMs ?? []} label={`Latency history of ${answer.sourceId}`} />
        </div>
      </dl>
      {answer.error ? <p className="source-error">{answer.error}</p> : null}
    </li>
  );
}
