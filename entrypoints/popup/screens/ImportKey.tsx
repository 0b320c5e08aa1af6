import { useState } from 'react';
import { ErrorNotice } from '@/components/ErrorNotice';
import { Field } from '@/components/Field';
import { ScreenHeader } from '@/components/ScreenHeader';
import { callBackground } from '@/lib/state/background';
import { useWallet, walletStore } from '@/lib/state/hooks';
import { navigate } from '../router';
import { useAction } from '../use-action';
import { useNewPassword } from '../use-new-password';

const KEY_PATTERN = /^(0x)?[0-9a-fA-F]{64}$/;

/** Imports one private key: as the first account (then it also sets the password) or into an existing wallet. */
export function ImportKey() {
  const initialized = useWallet((s) => s.status?.initialized ?? false);
  const [key, setKey] = useState('');
  const newPassword = useNewPassword();
  const submitted = newPassword.submitted;
  const keyProblem = KEY_PATTERN.test(key.trim()) ? null : 'A private key is 64 hexadecimal characters.';
  const importKey = useAction(async () => {
    const trimmed = key.trim();
    const privateKey = trimmed.startsWith('0x') ? trimmed : `0x${trimmed}`;
    const account = await callBackground(
      'wallet/importPrivateKey',
      initialized ? { privateKey } : { privateKey, password: newPassword.password },
    );
    setKey('');
    await walletStore.getState().refresh('status');
    const status = walletStore.getState().status;
    if (status?.unlocked && status.selectedAddress !== account.address) {
      walletStore.getState().applyStatus(await callBackground('accounts/select', { address: account.address }));
    }
    navigate('/');
  });

  return (
    <main className="screen">
      <ScreenHeader title="Import a private key" backHref={initialized ? '#/settings' : '#/'} />
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          newPassword.submit();
          importKey.setError(null);
          if (!keyProblem && (initialized || !newPassword.problem)) void importKey.run();
        }}
      >
        <Field
          label="Private key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={key}
          onChange={(e) => {
            setKey(e.currentTarget.value);
            importKey.setError(null);
          }}
          error={submitted ? keyProblem : null}
        />
        {initialized ? null : newPassword.fields}
        <ErrorNotice message={importKey.error} />
        <button type="submit" className="primary" disabled={importKey.busy}>
          {importKey.busy ? 'Importing…' : 'Import'}
        </button>
      </form>
    </main>
  );
}
