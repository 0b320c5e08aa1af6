import { type ReactNode, useState } from 'react';
import { ErrorNotice } from './ErrorNotice';
import { Field } from './Field';

export interface PasswordPromptProps {
  /** What the password unlocks, e.g. "Show phrase". */
  submitLabel: string;
  busyLabel?: string;
  /** Runs with the typed password; a thrown error is shown in place of the previous one. */
  onSubmit: (password: string) => Promise<void>;
  children?: ReactNode;
  danger?: boolean;
}

/** Asks for the wallet password again before a secret is shown or a key removed. */
export function PasswordPrompt({ submitLabel, busyLabel, onSubmit, children, danger }: PasswordPromptProps) {
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="stack"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!password || busy) return;
        setBusy(true);
        setError(null);
        try {
          await onSubmit(password);
        } catch (failure) {
          setError(failure instanceof Error ? failure.message : String(failure));
        } finally {
          setPassword('');
          setBusy(false);
        }
      }}
    >
      {children}
      <Field
        label="Password"
        type="password"
        autoComplete="current-password"
        autoFocus
        value={password}
        onChange={(e) => setPassword(e.currentTarget.value)}
      />
      <ErrorNotice message={error} />
      <button type="submit" className={danger ? 'danger' : 'primary'} disabled={!password || busy}>
        {busy ? (busyLabel ?? 'Checking…') : submitLabel}
      </button>
    </form>
  );
}
