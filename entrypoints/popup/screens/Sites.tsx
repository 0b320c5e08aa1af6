import { AddressText } from '@/components/AddressText';
import { ErrorNotice } from '@/components/ErrorNotice';
import { NavBar } from '@/components/NavBar';
import { callBackground } from '@/lib/state/background';
import { formatAgo } from '@/lib/state/format';
import { useNow, useWallet, useWatch, walletStore } from '@/lib/state/hooks';
import { useAction } from '../use-action';

/** Sites that may see accounts, and the way to cut them off. */
export function Sites() {
  useWatch('sites');
  const sites = useWallet((s) => s.sites);
  const error = useWallet((s) => s.errors.sites);
  const now = useNow();
  const revoke = useAction(async (origin: string) => {
    await callBackground('sites/revoke', { origin });
    await walletStore.getState().refresh('sites');
  });
  return (
    <div className="layout">
      <main className="screen">
        <h1>Connected sites</h1>
        <ErrorNotice message={error ?? revoke.error} />
        {sites === null ? (
          <p className="muted" role="status">
            Loading…
          </p>
        ) : sites.length === 0 ? (
          <p className="muted">No site is connected.</p>
        ) : (
          <ul className="cards" aria-label="Connected sites">
            {sites.map((site) => (
              <li key={site.origin} className="card">
                <div className="row">
                  <strong className="origin">{site.origin}</strong>
                  <span className="spacer" />
                  <button
                    type="button"
                    className="secondary small"
                    onClick={() => void revoke.run(site.origin)}
                    disabled={revoke.busy}
                    aria-label={`Revoke ${site.origin}`}
                  >
                    Revoke
                  </button>
                </div>
                <p className="muted small">
                  Connected {formatAgo(site.connectedAt, now)} ·{' '}
                  {site.accounts.map((a, i) => (
                    <span key={a}>
                      {i ? ', ' : ''}
                      <AddressText address={a} />
                    </span>
                  ))}
                </p>
              </li>
            ))}
          </ul>
        )}
      </main>
      <NavBar current="#/sites" />
    </div>
  );
}
