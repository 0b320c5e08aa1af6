import { useState } from 'react';
import { ErrorNotice } from '@/components/ErrorNotice';
import { Field } from '@/components/Field';
import { PasswordFields, passwordProblem } from '@/components/PasswordFields';
import { ScreenHeader } from '@/components/ScreenHeader';
import { callBackground } from '@/lib/state/background';
import { useAction } from '../use-action';

/** The current password, then the new one twice; the background re-seals the vault. */
export function ChangePassword() {
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [done, setDone] = useState(false);
  const change = useAction(async () => {
    await callBackground('wallet/changePassword', { oldPassword: current, newPassword: password });
    setCurrent('');
    setPassword('');
    setConfirm('');
    setSubmitted(false);
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
          setSubmitted(true);
          setDone(false);
          if (current && !passwordProblem(password, confirm)) void change.run();
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
        <PasswordFields
          label="New password"
          password={password}
          confirm={confirm}
          onPassword={setPassword}
          onConfirm={setConfirm}
          showErrors={submitted}
        />
        <ErrorNotice message={change.error} />
        <button type="submit" className="primary" disabled={change.busy}>
          {change.busy ? 'Changing…' : 'Change password'}
        </button>
      </form>
    </main>
  );
}
