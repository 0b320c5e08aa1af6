import { useEffect, useId, useState } from 'react';
import { AddressText } from '@/components/AddressText';
import { ErrorNotice } from '@/components/ErrorNotice';
import type { Address } from '@/lib/messages/popup-api';
import { callBackground } from '@/lib/state/background';
import { useWallet, walletStore } from '@/lib/state/hooks';
import { useAction } from '../use-action';

/** Network switcher, account switcher and the lock button, on top of the main screens. */
export function AccountBar() {
  const networkId = useId();
  const accountId = useId();
  const status = useWallet((s) => s.status);
  const networks = useWallet((s) => s.networks);
  const apply = walletStore.getState().applyStatus;
  const selectNetwork = useAction(async (chainId: number) =>
    apply(await callBackground('networks/select', { chainId })),
  );
  const selectAccount = useAction(async (address: Address) =>
    apply(await callBackground('accounts/select', { address })),
  );
  const lock = useAction(async () => apply(await callBackground('wallet/lock')));
  const [copied, setCopied] = useState(false);
  const copy = useAction(async (address: string) => {
    await navigator.clipboard.writeText(address);
    setCopied(true);
  });
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2_000);
    return () => clearTimeout(timer);
  }, [copied]);
  if (!status) return null;
  const networkList = networks ?? [];
  const knownChain = networkList.some((n) => n.chainId === status.chainId);

  return (
    <header className="account-bar">
      <div className="row account-bar-controls">
        <label className="visually-hidden" htmlFor={networkId}>
          Network
        </label>
        <select
          id={networkId}
          value={status.chainId}
          disabled={selectNetwork.busy}
          onChange={(e) => void selectNetwork.run(Number(e.currentTarget.value))}
        >
          {knownChain ? null : <option value={status.chainId}>Chain {status.chainId}</option>}
          {networkList.map((n) => (
            <option key={n.chainId} value={n.chainId}>
              {n.name}
            </option>
          ))}
        </select>
        <label className="visually-hidden" htmlFor={accountId}>
          Account
        </label>
        <select
          id={accountId}
          value={status.selectedAddress ?? ''}
          disabled={selectAccount.busy}
          onChange={(e) => void selectAccount.run(e.currentTarget.value as Address)}
        >
          {status.accounts.map((a) => (
            <option key={a.address} value={a.address}>
              {a.name}
            </option>
          ))}
        </select>
        <span className="spacer" />
        <button type="button" className="secondary small" onClick={() => void lock.run()} disabled={lock.busy}>
          Lock
        </button>
      </div>
      <div className="row">
        {status.selectedAddress ? (
          <button
            type="button"
            className="link-button address-copy"
            onClick={() => void copy.run(status.selectedAddress!)}
            aria-label="Copy address"
            title="Copy address"
          >
            <AddressText address={status.selectedAddress} />
          </button>
        ) : null}
        <span className="copied" role="status">
          {copied ? 'Copied' : ''}
        </span>
      </div>
      <ErrorNotice message={selectNetwork.error ?? selectAccount.error ?? lock.error ?? copy.error} />
    </header>
  );
}
