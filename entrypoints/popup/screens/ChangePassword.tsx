import { useState } from 'react';
import { ErrorNotice } from '@/components/ErrorNotice';
import { Field } from '@/components/Field';
import { ScreenHeader } from '@/components/ScreenHeader';
import { callBackground } from '@/lib/state/background';
import { useAction } from '../use-action';
import { useNewPassword } from '../use-new-password';

/** The current password, then the new one twice; the background re-seals the vault. */
export function ChangePassword() {
  const [current, setCurrent] = useState('');
  const newPassword = useNewPassword('New password');
  const submitted = newPassword.submitted;
  const [done, setDone] = useState(false);
  const change = useAction(async () => {
    await callBackground('wallet/changePassword', {
      oldPassword: current,
      newPassword: newPassword.password,
    });
    setCurrent('');
    newPassword.reset();
    setDone(true);
  });
  return (
    <main className="screen">
      <ScreenHeader title="Change password" backHref="#/settings" />
      {done ? (
        <p className="notice" role="status">
          Password changed. Use the new one from now on.
        </p>
      ) : null}
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          newPassword.submit();
          setDone(false);
          if (current && !newPassword.problem) void change.run();
        }}
      >
        <Field
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.currentTarget.value)}
          error={submitted && !current ? 'Enter the current password.' : null}
        />
        {newPassword.fields}
        <ErrorNotice message={change.error} />
        <button type="submit" className="primary" disabled={change.busy}>
          {change.busy ? 'Changing…' : 'Change password'}
        </button>
      </form>
    </main>
  );
}
