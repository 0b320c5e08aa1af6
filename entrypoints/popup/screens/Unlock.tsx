import { useState } from 'react';
import { ErrorNotice } from '@/components/ErrorNotice';
import { Field } from '@/components/Field';
import { callBackground } from '@/lib/state/background';
import { walletStore } from '@/lib/state/hooks';
import { useAction } from '../use-action';
import { ForgotPassword } from './ForgotPassword';

export function Unlock() {
  const [password, setPassword] = useState('');
  const [forgot, setForgot] = useState(false);
  const unlock = useAction(async () => {
    const status = await callBackground('wallet/unlock', { password });
    setPassword('');
    walletStore.getState().applyStatus(status);
  });
  return (
    <main className="screen welcome">
      <h1 className="brand">Accord</h1>
      <p className="lead">Your wallet is locked.</p>
      {forgot ? (
        <ForgotPassword onCancel={() => setForgot(false)} />
      ) : (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            if (password) void unlock.run();
          }}
        >
          <Field
            label="Password"
            type="password"
            autoComplete="current-password"
            autoFocus
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <ErrorNotice message={unlock.error} />
          <button type="submit" className="primary" disabled={unlock.busy || !password}>
            {unlock.busy ? 'Unlocking…' : 'Unlock'}
          </button>
          <button
            type="button"
            className="link-button"
            onClick={() => {
              // An old "Incorrect password" has nothing to say on the erase form, nor when coming back.
              unlock.setError(null);
              setPassword('');
              setForgot(true);
            }}
          >
            Forgot password?
          </button>
        </form>
      )}
    </main>
  );
}
