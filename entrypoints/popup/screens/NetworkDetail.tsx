import { useEffect, useState } from 'react';
import { ErrorNotice } from '@/components/ErrorNotice';
import { Field } from '@/components/Field';
import { QuorumForm } from '@/components/QuorumForm';
import { ScreenHeader } from '@/components/ScreenHeader';
import { SourceHealthCard } from '@/components/SourceHealthCard';
import type { NetworkView } from '@/lib/messages/popup-api';
import { BackgroundError, callBackground } from '@/lib/state/background';
import { useLive, useWallet, useWatch, walletStore } from '@/lib/state/hooks';
import { formatLatency } from '@/lib/state/labels';
import { quorumReach } from '@/lib/state/quorum-reach';
import { sameSourceUrl } from '@/lib/wallet/source-url';
import { navigate } from '../router';
import { useAction } from '../use-action';
import { LightClientSection } from './LightClientSection';

/** One network: its details, quorum, and sources with their health; add, test, enable and remove sources. */
export function NetworkDetail({ chainId }: { chainId: number }) {
  useWatch('networks');
  useLive('networks');
  const network = useWallet((s) => s.networks?.find((n) => n.chainId === chainId));
  const refreshNetworks = () => walletStore.getState().refresh('networks', 'balances');
  const setQuorum = useAction(async (quorum: number, strict: boolean) => {
    await callBackground('networks/setQuorum', { chainId, quorum, strict });
    await refreshNetworks();
  });
  // Only the source being changed waits; the others stay operable.
  const [changing, setChanging] = useState<string | null>(null);
  const [wanted, setWanted] = useState<{ id: string; enabled: boolean } | null>(null);
  const toggle = useAction(async (sourceId: string, enabled: boolean) => {
    remove.setError(null);
    setChanging(sourceId);
    setWanted({ id: sourceId, enabled });
    try {
      await callBackground('sources/setEnabled', { chainId, sourceId, enabled });
      await refreshNetworks();
    } finally {
      setChanging(null);
      setWanted(null);
    }
  });
  const remove = useAction(async (sourceId: string) => {
    toggle.setError(null);
    setChanging(sourceId);
    try {
      await callBackground('sources/remove', { chainId, sourceId });
      await refreshNetworks();
    } finally {
      setChanging(null);
    }
  });
  const removeNetwork = useAction(async () => {
    await callBackground('networks/remove', { chainId });
    await walletStore.getState().refresh('status', 'networks');
    navigate('/networks');
  });

  if (!network) {
    return (
      <main className="screen">
        <ScreenHeader title="Network" backHref="#/networks" />
        <p className="muted" role="status">
          Loading…
        </p>
      </main>
    );
  }

  const reach = quorumReach(network);
  const sourceError = toggle.error ?? remove.error;
  return (
    <main className="screen">
      <ScreenHeader title={network.name} backHref="#/networks" />
      <p className="muted small">
        Chain id {network.chainId} · {network.symbol}
      </p>
      <section aria-labelledby="quorum-heading">
        <h2 id="quorum-heading">Agreement</h2>
        <QuorumForm
          networkName={network.name}
          quorum={network.quorum}
          strict={network.strict}
          enabledSources={reach.enabledSources}
          enabledOperators={reach.enabledOperators}
          busy={setQuorum.busy}
          onSave={(quorum, strict) => void setQuorum.run(quorum, strict)}
        />
        {reach.problem ? (
          <p className="notice notice-warning" data-testid="quorum-unreachable">
            {reach.problem}
          </p>
        ) : null}
        <ErrorNotice message={setQuorum.error} />
      </section>
      <section aria-labelledby="sources-heading">
        <h2 id="sources-heading">Sources</h2>
        <ErrorNotice message={sourceError} />
        <ul className="source-list" aria-label="Sources">
          {network.sources.map((source) => (
            <SourceHealthCard
              key={source.id}
              source={wanted?.id === source.id ? { ...source, enabled: wanted.enabled } : source}
              busy={changing === source.id}
              onToggle={(on) => void toggle.run(source.id, on)}
              onRemove={() => void remove.run(source.id)}
            />
          ))}
        </ul>
        <AddSource chainId={chainId} />
      </section>
      {network.consensus ? <LightClientSection network={network} /> : null}
      <details className="card">
        <summary>Edit network details</summary>
        <NetworkDetails network={network} />
      </details>
      {network.builtIn ? null : (
        <section aria-label="Danger zone">
          <ErrorNotice message={removeNetwork.error} />
          <button
            type="button"
            className="danger"
            onClick={() => void removeNetwork.run()}
            disabled={removeNetwork.busy}
          >
            Remove network
          </button>
        </section>
      )}
    </main>
  );
}

function NetworkDetails({ network }: { network: NetworkView }) {
  const [name, setName] = useState(network.name);
  const [symbol, setSymbol] = useState(network.symbol);
  const [explorerUrl, setExplorerUrl] = useState(network.explorerUrl ?? '');
  useEffect(() => {
    setName(network.name);
    setSymbol(network.symbol);
    setExplorerUrl(network.explorerUrl ?? '');
  }, [network.name, network.symbol, network.explorerUrl]);
  const save = useAction(async () => {
    await callBackground('networks/upsert', {
      chainId: network.chainId,
      name: name.trim(),
      symbol: symbol.trim(),
      decimals: network.decimals,
      ...(explorerUrl.trim() ? { explorerUrl: explorerUrl.trim() } : {}),
    });
    await walletStore.getState().refresh('networks');
  });
  return (
    <form
      className="stack"
      aria-label="Network details"
      onSubmit={(e) => {
        e.preventDefault();
        void save.run();
      }}
    >
      <Field label="Network name" value={name} onChange={(e) => setName(e.currentTarget.value)} />
      <Field label="Currency symbol" value={symbol} onChange={(e) => setSymbol(e.currentTarget.value)} />
      <Field
        label="Block explorer URL"
        type="url"
        value={explorerUrl}
        onChange={(e) => setExplorerUrl(e.currentTarget.value)}
      />
      <ErrorNotice message={save.error} />
      <button type="submit" className="secondary" disabled={save.busy}>
        Save details
      </button>
    </form>
  );
}

type SourceMessage = { kind: 'result' | 'error'; text: string; unreachable?: boolean } | null;

/** Test and add a source. One message at a time: each outcome replaces the one before. */
function AddSource({ chainId }: { chainId: number }) {
  const network = useWallet((s) => s.networks?.find((n) => n.chainId === chainId));
  const [url, setUrl] = useState('');
  const [operator, setOperator] = useState('');
  const [message, setMessage] = useState<SourceMessage>(null);
  const [busy, setBusy] = useState<'test' | 'add' | null>(null);
  const edit = (set: (value: string) => void) => (value: string) => {
    set(value);
    setMessage(null);
  };

  async function test() {
    setBusy('test');
    setMessage(null);
    try {
      const outcome = await callBackground('sources/test', { url: url.trim(), expectedChainId: chainId });
      const twin = network?.sources.find((s) => sameSourceUrl(s.url, url.trim()));
      if (outcome.error) setMessage({ kind: 'error', text: `Test failed: ${outcome.error}` });
      else if (twin)
        setMessage({
          kind: 'result',
          text: `Chain id ${outcome.chainId ?? '?'} (matches), but this is already a source of ${network?.name} (${twin.id}).`,
        });
      else
        setMessage({
          kind: 'result',
          text: `Chain id ${outcome.chainId ?? '?'} (matches) · head ${outcome.head ?? '?'} · ${formatLatency(outcome.latencyMs)}`,
        });
    } catch (error) {
      setMessage({ kind: 'error', text: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(null);
    }
  }

  async function add(allowUnreachable: boolean) {
    setMessage(null);
    if (!operator.trim()) {
      setMessage({ kind: 'error', text: 'Name the operator: agreement counts distinct operators.' });
      return;
    }
    setBusy('add');
    try {
      await callBackground('sources/add', { chainId, url: url.trim(), operator: operator.trim(), allowUnreachable });
      setUrl('');
      setOperator('');
      setMessage({ kind: 'result', text: `Added ${url.trim()} (${operator.trim()}).` });
      await walletStore.getState().refresh('networks', 'balances');
    } catch (error) {
      const unreachable = error instanceof BackgroundError && error.code === 'unreachable';
      setMessage({ kind: 'error', text: error instanceof Error ? error.message : String(error), unreachable });
    } finally {
      setBusy(null);
    }
  }

  return (
    <form
      className="stack card"
      aria-label="Add source"
      onSubmit={(e) => {
        e.preventDefault();
        void add(false);
      }}
    >
      <h3>Add source</h3>
      <Field
        label="Source URL"
        type="text"
        inputMode="url"
        placeholder="https://…"
        value={url}
        onChange={(e) => edit(setUrl)(e.currentTarget.value)}
      />
      <Field label="Operator" value={operator} onChange={(e) => edit(setOperator)(e.currentTarget.value)} />
      {message?.kind === 'result' ? (
        <p className="notice" role="status" data-testid="source-test-result">
          {message.text}
        </p>
      ) : null}
      <ErrorNotice message={message?.kind === 'error' ? message.text : null} />
      {message?.unreachable ? (
        <button type="button" className="secondary" onClick={() => void add(true)} disabled={busy !== null}>
          Add anyway
        </button>
      ) : null}
      <div className="row">
        <button type="button" className="secondary" onClick={() => void test()} disabled={!url.trim() || busy !== null}>
          {busy === 'test' ? 'Testing…' : 'Test'}
        </button>
        <button type="submit" className="primary" disabled={!url.trim() || busy !== null}>
          {busy === 'add' ? 'Adding…' : 'Add source'}
        </button>
      </div>
    </form>
  );
}
