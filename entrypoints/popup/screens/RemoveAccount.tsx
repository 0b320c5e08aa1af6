import { AddressText } from '@/components/AddressText';
import { PasswordPrompt } from '@/components/PasswordPrompt';
import { ScreenHeader } from '@/components/ScreenHeader';
import { callBackground } from '@/lib/state/background';
import { useWallet, walletStore } from '@/lib/state/hooks';
import { navigate } from '../router';

/** Removes the selected imported key from this wallet, after the password. */
export function RemoveAccount() {
  const account = useWallet((s) => s.status?.accounts.find((a) => a.address === s.status?.selectedAddress));
  if (!account) return null;
  return (
    <main className="screen">
      <ScreenHeader title="Remove imported key" backHref="#/settings" />
      {account.type === 'imported' ? (
        <PasswordPrompt
          submitLabel="Remove this key"
          busyLabel="Removing…"
          danger
          onSubmit={async (password) => {
            walletStore
              .getState()
              .applyStatus(await callBackground('accounts/remove', { address: account.address, password }));
            navigate('/settings');
          }}
        >
          <p>
            {account.name} · <AddressText address={account.address} />
          </p>
          <p className="notice notice-warning">
            The key is deleted from this browser and sites lose access to the account. The funds stay on chain: only a
            copy of the private key can bring the account back.
          </p>
        </PasswordPrompt>
      ) : (
        <p>
          {account.name} belongs to your recovery phrase; only imported keys can be removed. Select an imported account
          first.
        </p>
      )}
    </main>
  );
}
