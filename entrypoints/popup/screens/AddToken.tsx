import { useState } from 'react';
import { ErrorNotice } from '@/components/ErrorNotice';
import { Field } from '@/components/Field';
import { ScreenHeader } from '@/components/ScreenHeader';
import type { Address } from '@/lib/messages/popup-api';
import { callBackground } from '@/lib/state/background';
import { useWallet, walletStore } from '@/lib/state/hooks';
import { recipientProblem } from '@/lib/state/send-form';
import { navigate } from '../router';
import { useAction } from '../use-action';

/** Adds an ERC-20 by address; the background reads and confirms its symbol and decimals on chain. */
export function AddToken() {
  const chainId = useWallet((s) => s.status?.chainId);
  const [address, setAddress] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const problem = recipientProblem(address)?.replace('recipient', 'token contract') ?? null;
  const add = useAction(async () => {
    if (chainId === undefined) throw new Error('No network selected');
    await callBackground('tokens/add', { chainId, address: address.trim() as Address });
    await walletStore.getState().refresh('balances');
    navigate('/');
  });
  return (
    <main className="screen">
      <ScreenHeader title="Add token" backHref="#/" />
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          setSubmitted(true);
          if (!problem) void add.run();
        }}
      >
        <Field
          label="Token contract address"
          placeholder="0x…"
          autoComplete="off"
          spellCheck={false}
          value={address}
          onChange={(e) => setAddress(e.currentTarget.value)}
          error={submitted ? problem : null}
          hint="Symbol and decimals are read from the contract and must be confirmed by the sources."
        />
        <ErrorNotice message={add.error} />
        <button type="submit" className="primary" disabled={add.busy}>
          {add.busy ? 'Reading token…' : 'Add token'}
        </button>
      </form>
    </main>
  );
}
