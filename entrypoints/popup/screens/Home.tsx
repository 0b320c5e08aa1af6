import { BackupReminder } from '@/components/BackupReminder';
import { BalanceRow } from '@/components/BalanceRow';
import { ErrorNotice } from '@/components/ErrorNotice';
import { NavBar } from '@/components/NavBar';
import type { Address } from '@/lib/messages/popup-api';
import { callBackground } from '@/lib/state/background';
import { useLive, useNow, useWallet, useWatch, walletStore } from '@/lib/state/hooks';
import { quorumReach } from '@/lib/state/quorum-reach';
import { useAction } from '../use-action';
import { AccountBar } from './AccountBar';

/** Balances of the selected account on the selected network, each with how it was confirmed. */
export function Home() {
  useWatch('networks', 'balances', 'approvals');
  // Source health, so Home can say when no source answers (not only that values are unavailable).
  useLive('networks');
  const status = useWallet((s) => s.status);
  const snapshot = useWallet((s) => s.balances);
  const balancesError = useWallet((s) => s.errors.balances);
  const firstApproval = useWallet((s) => s.approvals?.[0]?.id);
  const network = useWallet((s) => s.networks?.find((n) => n.chainId === s.status?.chainId));
  const now = useNow();
  const hide = useAction(async (chainId: number, address: Address) => {
    await callBackground('tokens/remove', { chainId, address });
    await walletStore.getState().refresh('balances');
  });
  if (!status) return null;
  const current = snapshot && snapshot.chainId === status.chainId && snapshot.address === status.selectedAddress;
  const unreachable = network ? quorumReach(network).problem : null;

  return (
    <div className="layout">
      <AccountBar />
      <main className="screen home">
        <BackupReminder pending={status.backupPending} />
        {unreachable ? (
          <p className="notice notice-warning" data-testid="quorum-unreachable">
            {unreachable} <a href={`#/networks/${status.chainId}`}>Open {network?.name}</a>
          </p>
        ) : null}
        {status.pendingApprovals > 0 ? (
          <p className="notice row">
            <span>
              {status.pendingApprovals} request{status.pendingApprovals === 1 ? '' : 's'} waiting for your approval.
            </span>
            {firstApproval ? (
              <a className="link-button" href={`#/approval/${encodeURIComponent(firstApproval)}`}>
                Review
              </a>
            ) : null}
          </p>
        ) : null}
        <div className="row actions">
          <a className="button primary" href="#/send">
            Send
          </a>
          <a className="button secondary" href="#/tokens/add">
            Add token
          </a>
        </div>
        <ErrorNotice message={balancesError ?? hide.error} />
        {current ? (
          <ul className="balances" aria-label="Balances">
            {snapshot.balances.map((balance) => {
              const key = balance.asset.kind === 'native' ? 'native' : balance.asset.token.address;
              const token = balance.asset.kind === 'erc20' ? balance.asset.token : null;
              return (
                <BalanceRow
                  key={key}
                  balance={balance}
                  assetKey={key}
                  now={now}
                  compareHref={`#/compare/${key}`}
                  onRemove={token ? () => void hide.run(token.chainId, token.address) : undefined}
                />
              );
            })}
          </ul>
        ) : (
          <p className="muted" role="status">
            Asking sources…
          </p>
        )}
        {current && snapshot.head !== null ? <p className="muted small">Agreed head: block {snapshot.head}</p> : null}
      </main>
      <NavBar current="#/" />
    </div>
  );
}
