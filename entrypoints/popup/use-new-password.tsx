import { useState } from 'react';
import { PasswordFields, passwordProblem } from '@/components/PasswordFields';

/**
 * A new password typed twice, shared by create, both imports and change password: its state, its problem,
 * and the fields, which show their problems once the form was submitted (`submit()`).
 */
export function useNewPassword(label?: string) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [submitted, setSubmitted] = useState(false);
  return {
    password,
    problem: passwordProblem(password, confirm),
    submitted,
    submit: () => setSubmitted(true),
    reset: () => {
      setPassword('');
      setConfirm('');
      setSubmitted(false);
    },
    fields: (
      <PasswordFields
        label={label}
        password={password}
        confirm={confirm}
        onPassword={setPassword}
        onConfirm={setConfirm}
        showErrors={submitted}
      />
    ),
  };
}
