import { useState } from 'react';
import { PasswordPrompt } from '@/components/PasswordPrompt';
import { PhraseGrid } from '@/components/PhraseGrid';
import { ScreenHeader } from '@/components/ScreenHeader';
import { callBackground } from '@/lib/state/background';
import { useWallet } from '@/lib/state/hooks';
import { ConfirmPhrase } from './ConfirmPhrase';

/** Shows the recovery phrase after the password; while the backup is pending, goes on to confirm it. */
export function RecoveryPhrase() {
  const backupPending = useWallet((s) => s.status?.backupPending ?? false);
  // The selected account's phrase; while a backup is pending, the wallet's own (first) phrase.
  const account = useWallet((s) => s.status?.accounts.find((a) => a.address === s.status?.selectedAddress));
  const address = !backupPending && account?.type === 'hd' ? account.address : undefined;
  const [words, setWords] = useState<string[] | null>(null);
  const [confirming, setConfirming] = useState(false);

  if (words && confirming) return <ConfirmPhrase words={words} onBack={() => setConfirming(false)} />;
  return (
    <main className="screen">
      <ScreenHeader title="Recovery phrase" backHref={backupPending ? '#/' : '#/settings'} />
      {words ? (
        <div className="stack">
          {address && account ? (
            <p className="muted small">The phrase of {account.name} and the other accounts made from it.</p>
          ) : null}
          <p>
            Write these {words.length} words down, in order, and keep them offline. Anyone who has them owns this
            wallet.
          </p>
          <PhraseGrid words={words} />
          {backupPending ? (
            <button type="button" className="primary" onClick={() => setConfirming(true)}>
              I wrote it down
            </button>
          ) : (
            <a className="button secondary" href="#/settings">
              Done
            </a>
          )}
        </div>
      ) : (
        <PasswordPrompt
          submitLabel="Show phrase"
          onSubmit={async (password) => {
            const { mnemonic } = await callBackground('wallet/revealMnemonic', {
              password,
              ...(address ? { address } : {}),
            });
            setWords(mnemonic.trim().split(/\s+/));
          }}
        >
          <p>Enter your password to see the recovery phrase. Make sure nobody is watching your screen.</p>
        </PasswordPrompt>
      )}
    </main>
  );
}
