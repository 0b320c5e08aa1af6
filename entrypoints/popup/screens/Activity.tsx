import { AddressText } from '@/components/AddressText';
import { ErrorNotice } from '@/components/ErrorNotice';
import { NavBar } from '@/components/NavBar';
import type { ActivityItem, NetworkView } from '@/lib/messages/popup-api';
import { formatAgo, formatAmount } from '@/lib/state/format';
import { useNow, useWallet, useWatch } from '@/lib/state/hooks';
import { activityStatusLabel } from '@/lib/state/labels';
import { AccountBar } from './AccountBar';

/** Transactions of the selected account on the selected network: pending → confirmed (or failed/replaced). */
export function Activity() {
  useWatch('activity', 'networks');
  const activity = useWallet((s) => s.activity);
  const error = useWallet((s) => s.errors.activity);
  const chainId = useWallet((s) => s.status?.chainId);
  const network = useWallet((s) => s.networks?.find((n) => n.chainId === chainId));
  const now = useNow();
  const items = [...(activity ?? [])].sort((a, b) => b.createdAt - a.createdAt);

  return (
    <div className="layout">
      <AccountBar />
      <main className="screen">
        <h1>Activity</h1>
        <ErrorNotice message={error} />
        {activity === null ? (
          <p className="muted" role="status">
            Loading…
          </p>
        ) : items.length === 0 ? (
          <p className="muted">No transactions yet.</p>
        ) : (
          <ul className="activity" aria-label="Transactions">
            {items.map((item) => (
              <ActivityRow key={item.hash} item={item} network={network} now={now} />
            ))}
          </ul>
        )}
      </main>
      <NavBar current="#/activity" />
    </div>
  );
}

function ActivityRow({ item, network, now }: { item: ActivityItem; network?: NetworkView; now: number }) {
  const amount = item.token
    ? formatAmount(item.token.amount, item.token.decimals, item.token.symbol)
    : formatAmount(item.value, network?.decimals ?? 18, network?.symbol ?? 'ETH');
  const recipient = item.token?.recipient ?? item.to;
  const label = activityStatusLabel(item.status);
  return (
    <li
      className={`activity-item activity-${item.status}`}
      data-testid={`activity-${item.hash}`}
      data-status={item.status}
    >
      <div className="row">
        <span className="activity-title">
          Sent {amount}
          {recipient ? (
            <>
              {' '}
              to <AddressText address={recipient} />
            </>
          ) : (
            ' (contract creation)'
          )}
        </span>
      </div>
      <div className="row muted small">
        <span className={`badge badge-activity-${item.status}`}>{label}</span>
        <span>{formatAgo(item.createdAt, now)}</span>
        <span>nonce {item.nonce}</span>
        {item.blockNumber !== undefined ? <span>block {item.blockNumber}</span> : null}
        {item.origin ? <span>via {item.origin}</span> : null}
        <span className="spacer" />
        {network?.explorerUrl ? (
          <a href={`${network.explorerUrl.replace(/\/$/, '')}/tx/${item.hash}`} target="_blank" rel="noreferrer">
            View on explorer
          </a>
        ) : (
          <span className="mono" title={item.hash}>
            {item.hash.slice(0, 10)}…
          </span>
        )}
      </div>
    </li>
  );
}
