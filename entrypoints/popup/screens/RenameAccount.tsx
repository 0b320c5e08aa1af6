import { useEffect, useState } from 'react';
import { ErrorNotice } from '@/components/ErrorNotice';
import { Field } from '@/components/Field';
import type { AccountView } from '@/lib/messages/popup-api';
import { callBackground } from '@/lib/state/background';
import { walletStore } from '@/lib/state/hooks';
import { useAction } from '../use-action';

const MAX_NAME_LENGTH = 40;

/** Renames the selected account (names are local labels; the address never changes). */
export function RenameAccount({ account }: { account: AccountView }) {
  const [name, setName] = useState(account.name);
  useEffect(() => setName(account.name), [account.name]);
  const trimmed = name.trim();
  const rename = useAction(async () => {
    await callBackground('accounts/rename', { address: account.address, name: trimmed });
    await walletStore.getState().refresh('status');
  });
  const unchanged = trimmed === account.name;
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        if (trimmed && !unchanged) void rename.run();
      }}
    >
      <Field
        label="Name of the selected account"
        value={name}
        maxLength={MAX_NAME_LENGTH}
        onChange={(e) => setName(e.currentTarget.value)}
        error={trimmed ? null : 'A name cannot be empty.'}
      />
      <ErrorNotice message={rename.error} />
      <button type="submit" className="secondary" disabled={!trimmed || unchanged || rename.busy}>
        Rename
      </button>
    </form>
  );
}
