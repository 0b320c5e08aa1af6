import { useId, useState } from 'react';
import { ErrorNotice } from '@/components/ErrorNotice';
import { ScreenHeader } from '@/components/ScreenHeader';
import { callBackground } from '@/lib/state/background';
import { walletStore } from '@/lib/state/hooks';
import { navigate } from '../router';
import { useAction } from '../use-action';
import { useNewPassword } from '../use-new-password';

export function normalisePhrase(phrase: string): string {
  return phrase.trim().toLowerCase().split(/\s+/).join(' ');
}

export function ImportPhrase() {
  const phraseId = useId();
  const [phrase, setPhrase] = useState('');
  const newPassword = useNewPassword();
  const submitted = newPassword.submitted;
  const words = normalisePhrase(phrase).split(' ').filter(Boolean).length;
  const phraseProblem = [12, 15, 18, 21, 24].includes(words)
    ? null
    : 'A recovery phrase has 12, 15, 18, 21 or 24 words.';
  const importPhrase = useAction(async () => {
    const status = await callBackground('wallet/importMnemonic', {
      password: newPassword.password,
      mnemonic: normalisePhrase(phrase),
    });
    walletStore.getState().applyStatus(status);
    navigate('/');
  });

  return (
    <main className="screen">
      <ScreenHeader title="Import a recovery phrase" backHref="#/" />
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          newPassword.submit();
          importPhrase.setError(null);
          if (!phraseProblem && !newPassword.problem) void importPhrase.run();
        }}
      >
        <div className="field">
          <label htmlFor={phraseId}>Recovery phrase</label>
          <textarea
            id={phraseId}
            rows={3}
            autoComplete="off"
            spellCheck={false}
            value={phrase}
            aria-invalid={submitted && phraseProblem ? true : undefined}
            aria-describedby={submitted && phraseProblem ? `${phraseId}-error` : undefined}
            onChange={(e) => {
              setPhrase(e.currentTarget.value);
              importPhrase.setError(null);
            }}
          />
          {submitted && phraseProblem ? (
            <p className="field-error" id={`${phraseId}-error`}>
              {phraseProblem}
            </p>
          ) : null}
        </div>
        {newPassword.fields}
        <ErrorNotice message={importPhrase.error} />
        <button type="submit" className="primary" disabled={importPhrase.busy}>
          {importPhrase.busy ? 'Importing…' : 'Import'}
        </button>
      </form>
    </main>
  );
}
