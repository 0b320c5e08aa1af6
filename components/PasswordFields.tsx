import { Field } from './Field';

export const MIN_PASSWORD_LENGTH = 8;

export interface PasswordFieldsProps {
  password: string;
  confirm: string;
  onPassword: (value: string) => void;
  onConfirm: (value: string) => void;
  showErrors: boolean;
  /** "Password" while onboarding, "New password" when changing it. */
  label?: string;
}

export function passwordProblem(password: string, confirm: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password !== confirm) return 'The passwords do not match.';
  return null;
}

/** A new password and its confirmation. */
export function PasswordFields({
  password,
  confirm,
  onPassword,
  onConfirm,
  showErrors,
  label = 'Password',
}: PasswordFieldsProps) {
  const problem = showErrors ? passwordProblem(password, confirm) : null;
  return (
    <>
      <Field
        label={label}
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => onPassword(e.currentTarget.value)}
        hint={`At least ${MIN_PASSWORD_LENGTH} characters. It unlocks Accord on this device.`}
        error={problem && password.length < MIN_PASSWORD_LENGTH ? problem : null}
      />
      <Field
        label={`Confirm ${label.toLowerCase()}`}
        type="password"
        autoComplete="new-password"
        value={confirm}
        onChange={(e) => onConfirm(e.currentTarget.value)}
        error={problem && password.length >= MIN_PASSWORD_LENGTH ? problem : null}
      />
    </>
  );
}
