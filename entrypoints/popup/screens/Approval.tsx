import { useEffect, useState } from 'react';
import { ApprovalDetails, approvalTitle } from '@/components/ApprovalDetails';
import { ErrorNotice } from '@/components/ErrorNotice';
import { Field } from '@/components/Field';
import { UnconfirmedConsent } from '@/components/UnconfirmedConsent';
import type { Address, PendingApproval, WalletStatus } from '@/lib/messages/popup-api';
import { callBackground } from '@/lib/state/background';
import { shortAddress } from '@/lib/state/format';
import { useWallet, useWatch } from '@/lib/state/hooks';
import { navigate } from '../router';
import { useAction } from '../use-action';

/** The approval window the background opens for a dapp request: decoded request, Approve and Reject. */
export function Approval({ id }: { id: string }) {
  useWatch('status', 'approvals', 'networks');
  const status = useWallet((s) => s.status);
  const approvals = useWallet((s) => s.approvals);
  const networks = useWallet((s) => s.networks);
  const [answered, setAnswered] = useState<{ id: string; answer: 'approved' | 'rejected' } | null>(null);
  const approval = approvals?.find((a) => a.id === id);
  // One window serves the queue: once this request is answered, the next one waiting is shown.
  const next = approvals?.find((a) => a.id !== id && a.id !== answered?.id);
  useEffect(() => {
    if (answered && next) {
      setAnswered(null);
      navigate(`/approval/${encodeURIComponent(next.id)}`);
    }
  }, [answered, next]);

  if (answered) {
    return (
      <main className="screen approval">
        <p role="status">{answered.answer === 'approved' ? 'Approved.' : 'Rejected.'} You can close this window.</p>
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
  if (!approval && next) {
    navigate(`/approval/${encodeURIComponent(next.id)}`);
    return null;
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
  const network = networks?.find((n) => n.chainId === chainId);
  // A changed request (a nonce taken meanwhile) is a new form: consent and the Approve delay start over.
  const version = approval.request.kind === 'transaction' ? approval.request.nonce : 0;
  return (
    <ApprovalForm
      key={`${approval.id}:${version}`}
      approval={approval}
      status={status}
      nativeSymbol={network?.symbol ?? 'ETH'}
      nativeDecimals={network?.decimals ?? 18}
      waiting={approvals.length - 1}
      onAnswered={(answer) => setAnswered({ id: approval.id, answer })}
    />
  );
}

/** Approve stays disabled this long after the window shows (or regains focus): no click lands on it unseen. */
export const APPROVE_DELAY_MS = 800;

/** True once the window has had focus for APPROVE_DELAY_MS without a break. */
function useArmedWhileFocused(): boolean {
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => setArmed(document.hasFocus()), APPROVE_DELAY_MS);
    };
    const disarm = () => {
      clearTimeout(timer);
      setArmed(false);
    };
    const onVisibility = () => (document.visibilityState === 'visible' ? arm() : disarm());
    if (document.hasFocus()) arm();
    window.addEventListener('focus', arm);
    window.addEventListener('blur', disarm);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('focus', arm);
      window.removeEventListener('blur', disarm);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, []);
  return armed;
}

interface ApprovalFormProps {
  approval: PendingApproval;
  status: WalletStatus;
  nativeSymbol: string;
  nativeDecimals: number;
  /** Other requests waiting in this window after this one. */
  waiting: number;
  onAnswered: (answer: 'approved' | 'rejected') => void;
}

function ApprovalForm({ approval, status, nativeSymbol, nativeDecimals, waiting, onAnswered }: ApprovalFormProps) {
  const { request } = approval;
  const armed = useArmedWhileFocused();
  const unconfirmed = request.kind === 'transaction' ? (request.unconfirmed ?? []) : [];
  const [acceptUnconfirmed, setAcceptUnconfirmed] = useState(false);
  const [password, setPassword] = useState('');
  // Ticked at first: what the site already has, else the selected account. Once the person ticks or unticks
  // anything, the choice is theirs alone (none ticked leaves Approve off).
  const known = new Set(status.accounts.map((a) => a.address.toLowerCase()));
  const shared = request.kind === 'connect' ? (request.shared ?? []).filter((a) => known.has(a.toLowerCase())) : [];
  const defaults = shared.length ? shared : status.selectedAddress ? [status.selectedAddress] : [];
  const [chosen, setChosen] = useState<Address[] | null>(null);
  const accounts = chosen ?? defaults;
  const locked = !status.unlocked;
  const resolve = useAction(async (approved: boolean, then?: 'add-sources') => {
    await callBackground('approvals/resolve', {
      id: approval.id,
      approved,
      ...(approved && request.kind === 'connect' ? { accounts } : {}),
      ...(approved && locked ? { password } : {}),
      ...(approved && acceptUnconfirmed ? { acceptUnconfirmed: true } : {}),
      ...(approved && then ? { keepWindow: true } : {}),
    });
    // The network a dapp added, to add sources to: this window goes on there (the background leaves it
    // open and shows any other waiting request in a new one).
    if (approved && then === 'add-sources' && request.kind === 'add_chain') {
      navigate(`/networks/${request.chainId}`);
      return;
    }
    // The background closes the window once no request is left in it.
    onAnswered(approved ? 'approved' : 'rejected');
  });
  const needsAccounts = request.kind === 'connect' && status.accounts.length > 0;
  const canApprove =
    armed &&
    (!needsAccounts || accounts.length > 0) &&
    (!locked || password.length > 0) &&
    (unconfirmed.length === 0 || acceptUnconfirmed) &&
    !(request.kind === 'add_chain' && request.sources.some((s) => s.testing)) &&
    status.initialized;

  return (
    <main className="screen approval" aria-labelledby="approval-title">
      <p className="origin" data-testid="approval-origin">
        {request.origin}
      </p>
      <h1 id="approval-title">{approvalTitle(request)}</h1>
      {waiting > 0 ? (
        <p className="muted small" data-testid="approval-queue">
          {waiting} more request{waiting > 1 ? 's' : ''} waiting after this one
        </p>
      ) : null}
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          if (canApprove) void resolve.run(true);
        }}
      >
        <ApprovalDetails
          request={request}
          nativeSymbol={nativeSymbol}
          nativeDecimals={nativeDecimals}
          addSources={{ run: () => void resolve.run(true, 'add-sources'), disabled: resolve.busy || !canApprove }}
        />
        {unconfirmed.length ? (
          <UnconfirmedConsent fields={unconfirmed} checked={acceptUnconfirmed} onChange={setAcceptUnconfirmed} />
        ) : null}
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
                    checked={accounts.some((a) => a.toLowerCase() === account.address.toLowerCase())}
                    onChange={(e) => {
                      const on = e.currentTarget.checked;
                      const others = accounts.filter((a) => a.toLowerCase() !== account.address.toLowerCase());
                      setChosen(on ? [...others, account.address] : others);
                    }}
                  />
                  <label htmlFor={checkboxId}>
                    {account.name} <span className="mono muted">{shortAddress(account.address)}</span>
                  </label>
                </div>
              );
            })}
            {accounts.length === 0 ? (
              <p className="muted small" role="status">
                Tick at least one account to share.
              </p>
            ) : null}
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
