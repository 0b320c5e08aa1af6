import { useState } from 'react';
import { ErrorNotice } from '@/components/ErrorNotice';
import { PhraseGrid } from '@/components/PhraseGrid';
import { ScreenHeader } from '@/components/ScreenHeader';
import { callBackground } from '@/lib/state/background';
import { useWallet, walletStore } from '@/lib/state/hooks';
import { useAction } from '../use-action';
import { useNewPassword } from '../use-new-password';
import { ConfirmPhrase } from './ConfirmPhrase';

type Step = { name: 'password' } | { name: 'show'; words: string[] } | { name: 'confirm'; words: string[] };

/**
 * Create: set a password, see the new phrase, prove it was kept by picking its words in order. The wallet
 * exists from the first step on; until the words are confirmed the background keeps it "backup pending", so a
 * popup closed on the way reopens to a reminder, not to a wallet that looks finished.
 */
export function CreateWallet() {
  const [step, setStep] = useState<Step>({ name: 'password' });
  const initialized = useWallet((s) => s.status?.initialized ?? false);
  const newPassword = useNewPassword();
  const create = useAction(async () => {
    const { mnemonic } = await callBackground('wallet/create', { password: newPassword.password, words: 12 });
    newPassword.reset();
    setStep({ name: 'show', words: mnemonic.trim().split(/\s+/) });
    await walletStore.getState().refresh('status');
  });

  if (step.name === 'show') {
    return (
      <main className="screen">
        <ScreenHeader title="Your recovery phrase" />
        <p>Write these 12 words down, in order, and keep them offline. Anyone who has them owns this wallet.</p>
        <PhraseGrid words={step.words} />
        <button type="button" className="primary" onClick={() => setStep({ name: 'confirm', words: step.words })}>
          I wrote it down
        </button>
      </main>
    );
  }

  if (step.name === 'confirm') {
    return <ConfirmPhrase words={step.words} onBack={() => setStep({ name: 'show', words: step.words })} />;
  }

  if (initialized) {
    // Reopened on this address after the wallet was made: its phrase is reached from Home's reminder.
    return (
      <main className="screen">
        <ScreenHeader title="Create a wallet" backHref="#/" />
        <p>A wallet already exists in this browser.</p>
        <a className="button primary" href="#/">
          Go to the wallet
        </a>
      </main>
    );
  }

  return (
    <main className="screen">
      <ScreenHeader title="Create a wallet" backHref="#/" />
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          newPassword.submit();
          create.setError(null);
          if (!newPassword.problem) void create.run();
        }}
      >
        {newPassword.fields}
        <ErrorNotice message={create.error} />
        <button type="submit" className="primary" disabled={create.busy}>
          {create.busy ? 'Creating…' : 'Continue'}
        </button>
      </form>
    </main>
  );
}
