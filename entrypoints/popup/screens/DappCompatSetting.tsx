import { useEffect, useId, useState } from 'react';
import { ErrorNotice } from '@/components/ErrorNotice';
import { callBackground } from '@/lib/state/background';
import { useAction } from '../use-action';

/** "Let dapps that look for MetaMask use Accord": the background holds it; the popup shows and changes it. */
export function DappCompatSetting() {
  const id = useId();
  const [enabled, setEnabled] = useState<boolean | null>(null);
  useEffect(() => {
    void callBackground('settings/dapps').then((s) => setEnabled(s.metamaskCompat));
  }, []);
  const save = useAction(async (next: boolean) => {
    setEnabled((await callBackground('settings/setMetamaskCompat', { enabled: next })).metamaskCompat);
  });
  return (
    <section aria-labelledby={`${id}-heading`} className="stack">
      <h2 id={`${id}-heading`}>Dapps</h2>
      <label className="row" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          data-testid="metamask-compat"
          checked={enabled ?? true}
          disabled={enabled === null || save.busy}
          onChange={(e) => void save.run(e.currentTarget.checked)}
        />
        Let dapps that look for MetaMask use Accord
      </label>
      <p className="muted small">
        Many dapps only offer their buttons to MetaMask. With this on, Accord answers as MetaMask does (and tells dapps
        your addresses in lowercase, as MetaMask does); it still announces itself as Accord to dapps that list wallets.
        Pages opened before a change see it after a reload.
      </p>
      <ErrorNotice message={save.error} />
    </section>
  );
}
