import { useState } from 'react';
import { ErrorNotice } from '@/components/ErrorNotice';
import { Field } from '@/components/Field';
import { NavBar } from '@/components/NavBar';
import { BackgroundError, callBackground } from '@/lib/state/background';
import { useWallet, useWatch, walletStore } from '@/lib/state/hooks';
import { navigate } from '../router';
import { useAction } from '../use-action';

/** All networks with their quorum and source count; add a network. */
export function Networks() {
  useWatch('networks');
  const networks = useWallet((s) => s.networks);
  const selected = useWallet((s) => s.status?.chainId);
  const [adding, setAdding] = useState(false);

  return (
    <div className="layout">
      <main className="screen">
        <h1>Networks</h1>
        <ul className="cards" aria-label="Networks">
          {(networks ?? []).map((n) => {
            const enabled = n.sources.filter((s) => s.enabled).length;
            return (
              <li key={n.chainId} className="card">
                <div className="row">
                  <strong>{n.name}</strong>
                  {n.chainId === selected ? <span className="badge">selected</span> : null}
                  <span className="spacer" />
                  <a className="link-button" href={`#/networks/${n.chainId}`} aria-label={`Edit ${n.name}`}>
                    Edit
                  </a>
                </div>
                <p className="muted small">
                  Chain {n.chainId} · {n.symbol} · k = {n.quorum} of {enabled} enabled source{enabled === 1 ? '' : 's'}
                  {n.strict ? ' · strict' : ''}
                </p>
              </li>
            );
          })}
        </ul>
        {adding ? (
          <AddNetwork onDone={() => setAdding(false)} />
        ) : (
          <button type="button" className="secondary" onClick={() => setAdding(true)}>
            Add network
          </button>
        )}
      </main>
      <NavBar current="#/networks" />
    </div>
  );
}

function AddNetwork({ onDone }: { onDone: () => void }) {
  const [chainId, setChainId] = useState('');
  const [name, setName] = useState('');
  const [symbol, setSymbol] = useState('ETH');
  const [explorerUrl, setExplorerUrl] = useState('');
  // A chain id the wallet already has: offer that network's page instead of renaming it behind the user's back.
  const [existing, setExisting] = useState<number | null>(null);
  const add = useAction(async () => {
    setExisting(null);
    const id = Number(chainId);
    if (!Number.isInteger(id) || id <= 0) throw new Error('Chain id must be a positive whole number.');
    if (!name.trim() || !symbol.trim()) throw new Error('Name and symbol are required.');
    const network = await callBackground('networks/create', {
      chainId: id,
      name: name.trim(),
      symbol: symbol.trim(),
      decimals: 18,
      ...(explorerUrl.trim() ? { explorerUrl: explorerUrl.trim() } : {}),
    }).catch((error: unknown) => {
      if (error instanceof BackgroundError && error.code === 'network_exists') setExisting(id);
      throw error;
    });
    await walletStore.getState().refresh('networks');
    onDone();
    navigate(`/networks/${network.chainId}`);
  });
  return (
    <form
      className="stack card"
      aria-label="Add network"
      onSubmit={(e) => {
        e.preventDefault();
        void add.run();
      }}
    >
      <h2>Add network</h2>
      <Field label="Chain id" inputMode="numeric" value={chainId} onChange={(e) => setChainId(e.currentTarget.value)} />
      <Field label="Network name" value={name} onChange={(e) => setName(e.currentTarget.value)} />
      <Field label="Currency symbol" value={symbol} onChange={(e) => setSymbol(e.currentTarget.value)} />
      <Field
        label="Block explorer URL (optional)"
        type="url"
        value={explorerUrl}
        onChange={(e) => setExplorerUrl(e.currentTarget.value)}
      />
      <p className="field-hint">Add at least two sources from different operators afterwards.</p>
      <ErrorNotice message={add.error} />
      {existing !== null && add.error ? (
        <a className="button secondary" href={`#/networks/${existing}`} onClick={onDone}>
          Edit the existing network
        </a>
      ) : null}
      <div className="row">
        <button type="button" className="secondary" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={add.busy}>
          Add
        </button>
      </div>
    </form>
  );
}
