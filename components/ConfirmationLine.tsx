import type { ConfirmedValueView } from '@/lib/messages/popup-api';
import { formatConfirmation } from '@/lib/state/format';

export interface ConfirmationLineProps {
  view: ConfirmedValueView;
  symbol: string;
  decimals: number;
  now: number;
  testId?: string;
}

/** "Confirmed by 3 of 5 sources · block 123" and its siblings, coloured by how far the value can be trusted. */
export function ConfirmationLine({ view, symbol, decimals, now, testId }: ConfirmationLineProps) {
  return (
    <p className={`confirmation confirmation-${view.status}`} data-testid={testId} data-status={view.status}>
      <span className="confirmation-dot" aria-hidden="true" />
      {formatConfirmation({ view, symbol, decimals, now })}
    </p>
  );
}
