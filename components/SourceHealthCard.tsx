import { useState } from 'react';
import type { SourceView } from '@/lib/messages/popup-api';
import { breakerLabel, formatLatency, healthStateLabel } from '@/lib/state/labels';
import { Sparkline } from './Sparkline';

export interface SourceHealthCardProps {
  source: SourceView;
  onToggle: (enabled: boolean) => void;
  onRemove: () => void;
  busy?: boolean;
}

/** A configured source with its health: status, latency, lag, breaker state; enable and remove controls. */
export function SourceHealthCard({ source, onToggle, onRemove, busy }: SourceHealthCardProps) {
  const { health } = source;
  const checkboxId = `enable-${source.id}`;
  // Removing forgets the URL and its operator label: asked once more, in place.
  const [confirming, setConfirming] = useState(false);
  return (
    <li className={`source-card health-${health.state}`} data-testid={`source-${source.id}`}>
      <div className="source-card-head">
        <span className="source-operator">{source.operator}</span>
        <span className="source-id">{source.id}</span>
        <span className={`badge health-badge-${health.state}`}>{healthStateLabel(health.state)}</span>
      </div>
      <p className="source-url">{source.url}</p>
      <dl className="source-facts">
        <div>
          <dt>Latency</dt>
          <dd>{formatLatency(health.latencyMs)}</dd>
        </div>
        <div>
          <dt>Lag</dt>
          <dd>{health.lagBlocks === null ? '—' : `${health.lagBlocks} blocks`}</dd>
        </div>
        <div>
          <dt>Breaker</dt>
          <dd>{breakerLabel(health.state)}</dd>
        </div>
        <div>
          <dt>Errors</dt>
          <dd>{Math.round(health.errorRate * 100)}%</dd>
        </div>
        <div className="source-chart">
          <Sparkline values={health.latencyHistoryMs} label={`Latency history of ${source.id}`} />
        </div>
      </dl>
      {health.reason ? (
        <p className="source-reason" data-testid={`source-reason-${source.id}`}>
          {healthStateLabel(health.state)}: {health.reason}
        </p>
      ) : null}
      {/* An error is shown only beside the state it explains: never under "healthy" or "disabled". */}
      {health.lastError &&
      health.state !== 'healthy' &&
      health.state !== 'disabled' &&
      !health.reason?.includes(health.lastError) ? (
        <p className="source-error">{health.lastError}</p>
      ) : null}
      <div className="row source-controls">
        <input
          id={checkboxId}
          type="checkbox"
          checked={source.enabled}
          disabled={busy}
          onChange={(e) => onToggle(e.currentTarget.checked)}
        />
        <label htmlFor={checkboxId}>
          Enabled<span className="visually-hidden"> {source.id}</span>
        </label>
        {confirming ? null : (
          <button
            type="button"
            className="link-button danger"
            onClick={() => setConfirming(true)}
            disabled={busy}
            aria-label={`Remove ${source.id}`}
          >
            Remove
          </button>
        )}
      </div>
      {confirming ? (
        <p className="row source-remove-confirm">
          <span>Remove this source? Its URL and operator are forgotten.</span>
          <button
            type="button"
            className="danger"
            onClick={() => {
              setConfirming(false);
              onRemove();
            }}
            disabled={busy}
            aria-label={`Yes, remove ${source.id}`}
          >
            Remove
          </button>
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </p>
      ) : null}
    </li>
  );
}
