import { useState } from 'react';
import { AddressText } from '@/components/AddressText';
import { PasswordPrompt } from '@/components/PasswordPrompt';
import { ScreenHeader } from '@/components/ScreenHeader';
import { callBackground } from '@/lib/state/background';
import { useWallet } from '@/lib/state/hooks';

/** The selected account's private key, after the password. */
export function ExportKey() {
  const account = useWallet((s) => s.status?.accounts.find((a) => a.address === s.status?.selectedAddress));
  const [privateKey, setPrivateKey] = useState<string | null>(null);
  if (!account) return null;
  return (
    <main className="screen">
      <ScreenHeader title="Export private key" backHref="#/settings" />
      <p>
        {account.name} · <AddressText address={account.address} />
      </p>
      {privateKey ? (
        <div className="stack">
          <p className="notice notice-warning">
            Anyone with this key controls this account. Never paste it into a website.
          </p>
          <code className="secret" data-testid="private-key">
            {privateKey}
          </code>
          <a className="button secondary" href="#/settings">
            Done
          </a>
        </div>
      ) : (
        <PasswordPrompt
          submitLabel="Show private key"
          onSubmit={async (password) => {
            const result = await callBackground('wallet/exportPrivateKey', { address: account.address, password });
            setPrivateKey(result.privateKey);
          }}
        >
          <p>Enter your password to see this account's private key.</p>
        </PasswordPrompt>
      )}
    </main>
  );
}
