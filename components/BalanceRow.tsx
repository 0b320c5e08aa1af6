import type { BalanceView } from '@/lib/messages/popup-api';
import { displayedAmount } from '@/lib/state/format';
import { ConfirmationLine } from './ConfirmationLine';

export interface BalanceRowProps {
  balance: BalanceView;
  /** 'native' or the token address: used in test ids and the compare link. */
  assetKey: string;
  now: number;
  compareHref: string;
  onRemove?: () => void;
}

export function assetSymbol(balance: BalanceView): string {
  return balance.asset.kind === 'native' ? balance.asset.symbol : balance.asset.token.symbol;
}

export function assetDecimals(balance: BalanceView): number {
  return balance.asset.kind === 'native' ? balance.asset.decimals : balance.asset.token.decimals;
}

/** One balance: the amount (only if it passed the quorum rules), how it was confirmed, one click to compare. */
export function BalanceRow({ balance, assetKey, now, compareHref, onRemove }: BalanceRowProps) {
  const symbol = assetSymbol(balance);
  const decimals = assetDecimals(balance);
  const testKey = assetKey === 'native' ? 'native' : assetKey.toLowerCase();
  const name = balance.asset.kind === 'native' ? symbol : balance.asset.token.name;
  return (
    <li className={`balance balance-${balance.asset.kind}`} aria-label={`${name} balance`}>
      <div className="balance-main">
        <span className="balance-name">{name}</span>
        <span className={`balance-amount amount-${balance.balance.status}`} data-testid={`balance-${testKey}`}>
          {displayedAmount(balance.balance, decimals, symbol)}
        </span>
      </div>
      <div className="balance-meta">
        <ConfirmationLine
          view={balance.balance}
          symbol={symbol}
          decimals={decimals}
          now={now}
          testId={`confirmation-${testKey}`}
        />
        <a className="link-button" href={compareHref} aria-label={`Compare sources for ${symbol}`}>
          Compare
        </a>
        {onRemove ? (
          <button type="button" className="link-button" onClick={onRemove} aria-label={`Hide ${symbol}`}>
            Hide
          </button>
        ) : null}
      </div>
    </li>
  );
}
