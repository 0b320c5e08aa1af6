import { useEffect, useState } from 'react';
import { ApprovalDetails, approvalTitle } from '@/components/ApprovalDetails';
import { ErrorNotice } from '@/components/ErrorNotice';
import { Field } from '@/components/Field';
import type { Address, PendingApproval, WalletStatus } from '@/lib/messages/popup-api';
import { callBackground } from '@/lib/state/background';
import { shortAddress } from '@/lib/state/format';
import { useWallet, useWatch } from '@/lib/state/hooks';
import { useAction } from '../use-action';

/** The approval window the background opens for a dapp request: decoded request, Approve and Reject. */
export function Approval({ id }: { id: string }) {
  useWatch('status', 'approvals', 'networks');
  const status = useWallet((s) => s.status);
  const approvals = useWallet((s) => s.approvals);
  const networks = useWallet((s) => s.networks);
  const [answered, setAnswered] = useState<'approved' | 'rejected' | null>(null);
  const approval = approvals?.find((a) => a.id === id);

  if (answered) {
    return (
      <main className="screen approval">
        <p role="status">{answered === 'approved' ? 'Approved.' : 'Rejected.'} You can close this window.</p>
      </main>
    );
  }
  if (!status || approvals === null) {
    return (
      <main className="screen approval">
        <p className="muted" role="status">
          Loading…
        </p>
      </main>
    );
  }
  if (!approval) {
    return (
      <main className="screen approval">
        <h1>Request</h1>
        <p>This request was already answered or has expired.</p>
        <button type="button" className="secondary" onClick={() => window.close()}>
          Close
        </button>
      </main>
    );
  }
  const chainId = approval.request.kind === 'transaction' ? approval.request.chainId : status.chainId;
  const nativeSymbol = networks?.find((n) => n.chainId === chainId)?.symbol ?? 'ETH';
  return <ApprovalForm approval={approval} status={status} nativeSymbol={nativeSymbol} onAnswered={setAnswered} />;
}

interface ApprovalFormProps {
  approval: PendingApproval;
  status: WalletStatus;
  nativeSymbol: string;
  onAnswered: (answer: 'approved' | 'rejected') => void;
}

function ApprovalForm({ approval, status, nativeSymbol, onAnswered }: ApprovalFormProps) {
  const { request } = approval;
  const [password, setPassword] = useState('');
  const [accounts, setAccounts] = useState<Address[]>(() => (status.selectedAddress ? [status.selectedAddress] : []));
  useEffect(() => {
    if (!accounts.length && status.selectedAddress) setAccounts([status.selectedAddress]);
  }, [status.selectedAddress, accounts.length]);
  const locked = !status.unlocked;
  const resolve = useAction(async (approved: boolean) => {
    await callBackground('approvals/resolve', {
      id: approval.id,
      approved,
      ...(approved && request.kind === 'connect' ? { accounts } : {}),
      ...(approved && locked ? { password } : {}),
    });
    onAnswered(approved ? 'approved' : 'rejected');
    setTimeout(() => window.close(), 300);
  });
  const needsAccounts = request.kind === 'connect' && status.accounts.length > 0;
  const canApprove = (!needsAccounts || accounts.length > 0) && (!locked || password.length > 0) && status.initialized;

  return (
    <main className="screen approval" aria-labelledby="approval-title">
      <p className="origin" data-testid="approval-origin">
        {request.origin}
      </p>
      <h1 id="approval-title">{approvalTitle(request)}</h1>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          if (canApprove) void resolve.run(true);
        }}
      >
        <ApprovalDetails request={request} nativeSymbol={nativeSymbol} />
        {needsAccounts ? (
          <fieldset className="accounts">
            <legend>Accounts to share</legend>
            {status.accounts.map((account) => {
              const checkboxId = `account-${account.address}`;
              return (
                <div key={account.address} className="row">
                  <input
                    id={checkboxId}
                    type="checkbox"
                    checked={accounts.includes(account.address)}
                    onChange={(e) => {
                      const on = e.currentTarget.checked;
                      setAccounts((list) =>
                        on ? [...list, account.address] : list.filter((a) => a !== account.address),
                      );
                    }}
                  />
                  <label htmlFor={checkboxId}>
                    {account.name} <span className="mono muted">{shortAddress(account.address)}</span>
                  </label>
                </div>
              );
            })}
          </fieldset>
        ) : null}
        {!status.initialized ? <p className="notice notice-warning">Set up Accord before approving requests.</p> : null}
        {locked && status.initialized ? (
          <Field
            label="Password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            hint="Accord is locked: approving unlocks it."
          />
        ) : null}
        <ErrorNotice message={resolve.error} />
        <div className="row approval-buttons">
          <button type="button" className="secondary" onClick={() => void resolve.run(false)} disabled={resolve.busy}>
            Reject
          </button>
          <button type="submit" className="primary" disabled={resolve.busy || !canApprove}>
            Approve
          </button>
        </div>
      </form>
    </main>
  );
}
