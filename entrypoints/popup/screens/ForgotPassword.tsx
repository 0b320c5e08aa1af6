import { useState } from 'react';
import { ErrorNotice } from '@/components/ErrorNotice';
import { Field } from '@/components/Field';
import { RESET_CONFIRMATION } from '@/lib/messages/popup-api';
import { callBackground } from '@/lib/state/background';
import { walletStore } from '@/lib/state/hooks';
import { useAction } from '../use-action';

/** The only way past a forgotten password: erase this browser's copy and restore from the phrase. */
export function ForgotPassword({ onCancel }: { onCancel: () => void }) {
  const [typed, setTyped] = useState('');
  const erase = useAction(async () => {
    const status = await callBackground('wallet/reset', { confirmation: RESET_CONFIRMATION });
    walletStore.getState().applyStatus(status);
  });
  const confirmed = typed === RESET_CONFIRMATION;
  return (
    <section className="stack" aria-labelledby="forgot-heading">
      <h2 id="forgot-heading">Forgot your password?</h2>
      <p>
        Accord cannot recover it. You can erase the wallet from this browser and restore it with your recovery phrase.
        Without the phrase, the funds of these accounts are lost. Connected sites and activity are erased too.
      </p>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          if (confirmed) void erase.run();
        }}
      >
        <Field
          label={`Type ${RESET_CONFIRMATION} to confirm`}
          autoComplete="off"
          value={typed}
          onChange={(e) => setTyped(e.currentTarget.value)}
        />
        <ErrorNotice message={erase.error} />
        <button type="submit" className="danger" disabled={!confirmed || erase.busy}>
          {erase.busy ? 'Erasing…' : 'Erase wallet'}
        </button>
        <button type="button" onClick={onCancel}>
          Keep my wallet
        </button>
      </form>
    </section>
  );
}
