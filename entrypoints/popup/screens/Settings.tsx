import { useEffect, useId, useState } from 'react';
import { BackupReminder } from '@/components/BackupReminder';
import { ErrorNotice } from '@/components/ErrorNotice';
import { NavBar } from '@/components/NavBar';
import { QuorumForm, STRICT_EXPLANATION } from '@/components/QuorumForm';
import { callBackground } from '@/lib/state/background';
import { useWallet, useWatch, walletStore } from '@/lib/state/hooks';
import { quorumReach } from '@/lib/state/quorum-reach';
import { useAction } from '../use-action';
import { DappCompatSetting } from './DappCompatSetting';
import { RenameAccount } from './RenameAccount';

const AUTO_LOCK_CHOICES = [1, 5, 15, 30, 60, 240, 1440];

/** Security (auto-lock, phrase, key, password), quorum k and strict mode per network, accounts. */
export function Settings() {
  useWatch('networks');
  const autoLockId = useId();
  const status = useWallet((s) => s.status);
  const networks = useWallet((s) => s.networks);
  const [minutes, setMinutes] = useState(status?.autoLockMinutes ?? 15);
  useEffect(() => {
    if (status) setMinutes(status.autoLockMinutes);
  }, [status]);
  const saveAutoLock = useAction(async (value: number) => {
    setMinutes(value);
    await callBackground('settings/setAutoLock', { minutes: value });
    await walletStore.getState().refresh('status');
  });
  const setQuorum = useAction(async (chainId: number, quorum: number, strict: boolean) => {
    await callBackground('networks/setQuorum', { chainId, quorum, strict });
    await walletStore.getState().refresh('networks', 'balances');
  });
  const addAccount = useAction(async () => {
    const account = await callBackground('accounts/add', {});
    walletStore.getState().applyStatus(await callBackground('accounts/select', { address: account.address }));
  });
  const selectedAccount = status?.accounts.find((a) => a.address === status.selectedAddress);
  const hasPhrase = status?.accounts.some((a) => a.type === 'hd') ?? false;
  const choices = AUTO_LOCK_CHOICES.includes(minutes)
    ? AUTO_LOCK_CHOICES
    : [...AUTO_LOCK_CHOICES, minutes].sort((a, b) => a - b);

  return (
    <div className="layout">
      <main className="screen">
        <h1>Settings</h1>
        <BackupReminder pending={status?.backupPending} />
        <section aria-labelledby="security-heading" className="stack">
          <h2 id="security-heading">Security</h2>
          <div className="row">
            {hasPhrase ? (
              <a className="button secondary small" href="#/phrase">
                Show recovery phrase
              </a>
            ) : null}
            <a className="button secondary small" href="#/settings/export-key">
              Export private key
            </a>
            <a className="button secondary small" href="#/settings/password">
              Change password
            </a>
          </div>
          <div className="field">
            <label htmlFor={autoLockId}>Lock automatically after</label>
            <select
              id={autoLockId}
              value={minutes}
              disabled={saveAutoLock.busy}
              onChange={(e) => void saveAutoLock.run(Number(e.currentTarget.value))}
            >
              {choices.map((m) => (
                <option key={m} value={m}>
                  {m < 60 ? `${m} min` : m < 1440 ? `${m / 60} h` : `${m / 1440} day`}
                </option>
              ))}
            </select>
          </div>
          <ErrorNotice message={saveAutoLock.error} />
        </section>
        <DappCompatSetting />
        <section aria-labelledby="agreement-heading" className="stack">
          <h2 id="agreement-heading">Agreement per network</h2>
          <p className="field-hint">
            k distinct operators must agree before a value counts as confirmed. {STRICT_EXPLANATION}
          </p>
          {(networks ?? []).map((n) => (
            <div key={n.chainId} className="card">
              <strong>{n.name}</strong>
              <QuorumForm
                networkName={n.name}
                quorum={n.quorum}
                strict={n.strict}
                enabledSources={quorumReach(n).enabledSources}
                enabledOperators={quorumReach(n).enabledOperators}
                busy={setQuorum.busy}
                explain={false}
                onSave={(quorum, strict) => void setQuorum.run(n.chainId, quorum, strict)}
              />
            </div>
          ))}
          <ErrorNotice message={setQuorum.error} />
        </section>
        <section aria-labelledby="accounts-heading" className="stack">
          <h2 id="accounts-heading">Accounts</h2>
          {selectedAccount ? <RenameAccount account={selectedAccount} /> : null}
          <div className="row">
            <button
              type="button"
              className="secondary"
              onClick={() => void addAccount.run()}
              disabled={addAccount.busy}
            >
              Add account
            </button>
            <a className="button secondary" href="#/import-key">
              Import a private key
            </a>
            {selectedAccount?.type === 'imported' ? (
              <a className="button secondary" href="#/settings/remove-account">
                Remove this imported key
              </a>
            ) : null}
          </div>
          <ErrorNotice message={addAccount.error} />
        </section>
      </main>
      <NavBar current="#/settings" />
    </div>
  );
}
