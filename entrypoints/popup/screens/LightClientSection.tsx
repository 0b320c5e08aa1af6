import { useCallback, useEffect, useState } from 'react';
import { ErrorNotice } from '@/components/ErrorNotice';
import { Field } from '@/components/Field';
import type { ConsensusVerifyAt, LightClientView, NetworkView } from '@/lib/messages/popup-api';
import { callBackground, pollBackground } from '@/lib/state/background';
import { walletStore } from '@/lib/state/hooks';
import { formatLatency } from '@/lib/state/labels';
import { lightClientFacts, lightClientStatus } from '@/lib/state/light-client-lines';
import { useAction } from '../use-action';

const STATUS_EVERY_MS = 4_000;

/** The network's consensus light client: its state, beacon sources (add, test, remove) and checkpoint. */
export function LightClientSection({ network }: { network: NetworkView }) {
  const chainId = network.chainId;
  const consensus = network.consensus ?? { beaconSources: [], checkpoint: null };
  const [status, setStatus] = useState<LightClientView | null>(null);
  const readStatus = useCallback(async () => {
    setStatus(await pollBackground('consensus/status', { chainId }).catch(() => null));
  }, [chainId]);
  useEffect(() => {
    void readStatus();
    const timer = setInterval(() => void readStatus(), STATUS_EVERY_MS);
    return () => clearInterval(timer);
  }, [readStatus]);
  const changed = async () => {
    await walletStore.getState().refresh('networks', 'balances');
    await readStatus();
  };
  const remove = useAction(async (sourceId: string) => {
    await callBackground('consensus/removeSource', { chainId, sourceId });
    await changed();
  });

  return (
    <section aria-labelledby="light-client-heading" data-testid="light-client">
      <h2 id="light-client-heading">Ethereum consensus</h2>
      <p className="muted small">
        A light client checks the sync committee's signatures, so balances are verified by Ethereum itself, not by the
        RPC sources' word.
      </p>
      {status ? (
        <div className="card" data-testid="light-client-status">
          <p role="status">{lightClientStatus(status)}</p>
          <dl className="facts">
            {lightClientFacts(status, Date.now()).map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </div>
      ) : null}
      <h3>Beacon sources</h3>
      <ErrorNotice message={remove.error} />
      <ul className="source-list" aria-label="Beacon sources">
        {consensus.beaconSources.map((source) => (
          <li key={source.id} className="card row">
            <span>
              <strong>{source.operator}</strong>
              <br />
              <span className="muted small">{source.url}</span>
            </span>
            <button
              type="button"
              className="secondary"
              onClick={() => void remove.run(source.id)}
              disabled={remove.busy}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      <VerifyAt chainId={chainId} current={consensus.verifyAt ?? 'optimistic'} onSet={changed} />
      <AddBeaconSource chainId={chainId} onAdded={changed} />
      <Checkpoint chainId={chainId} current={consensus.checkpoint} onSet={changed} />
    </section>
  );
}

const VERIFY_AT_CHOICES: { value: ConsensusVerifyAt; label: string; help: string }[] = [
  { value: 'optimistic', label: 'Newest signed block', help: 'Current balances, seconds behind the chain.' },
  {
    value: 'finalized',
    label: 'Finalized block',
    help: 'On Ethereum about 13 minutes behind the newest, but it can never be reorganised away.',
  },
];

/** Which verified header reads use: the newest one the sync committee signed, or the finalized one. */
function VerifyAt({
  chainId,
  current,
  onSet,
}: {
  chainId: number;
  current: ConsensusVerifyAt;
  onSet: () => Promise<void>;
}) {
  const set = useAction(async (verifyAt: ConsensusVerifyAt) => {
    await callBackground('consensus/setVerifyAt', { chainId, verifyAt });
    await onSet();
  });
  return (
    <fieldset className="stack card" aria-label="Verify reads at">
      <legend>Verify reads at</legend>
      {VERIFY_AT_CHOICES.map((choice) => (
        <label key={choice.value} className="row" htmlFor={`verify-at-${choice.value}`}>
          <input
            id={`verify-at-${choice.value}`}
            type="radio"
            name="verify-at"
            checked={current === choice.value}
            disabled={set.busy}
            onChange={() => void set.run(choice.value)}
          />
          <span>
            {choice.label}
            <br />
            <span className="muted small">{choice.help}</span>
          </span>
        </label>
      ))}
      <ErrorNotice message={set.error} />
    </fieldset>
  );
}

function AddBeaconSource({ chainId, onAdded }: { chainId: number; onAdded: () => Promise<void> }) {
  const [url, setUrl] = useState('');
  const [operator, setOperator] = useState('');
  const [result, setResult] = useState<string | null>(null);
  const test = useAction(async () => {
    setResult(null);
    const outcome = await callBackground('consensus/testSource', { chainId, url: url.trim() });
    if (!outcome.ok) throw new Error(`Test failed: ${outcome.error}`);
    setResult(
      `Serves this beacon chain · finalized epoch ${outcome.finalized?.epoch ?? '?'} · ${formatLatency(outcome.latencyMs)}`,
    );
  });
  const add = useAction(async () => {
    setResult(null);
    await callBackground('consensus/addSource', { chainId, url: url.trim(), operator: operator.trim() });
    setUrl('');
    setOperator('');
    await onAdded();
  });
  return (
    <form
      className="stack card"
      aria-label="Add beacon source"
      onSubmit={(e) => {
        e.preventDefault();
        void add.run();
      }}
    >
      <h3>Add beacon source</h3>
      <Field
        label="Beacon API URL"
        type="text"
        inputMode="url"
        placeholder="https://…"
        value={url}
        onChange={(e) => setUrl(e.currentTarget.value)}
      />
      <Field label="Beacon operator" value={operator} onChange={(e) => setOperator(e.currentTarget.value)} />
      {result ? (
        <p className="notice" role="status">
          {result}
        </p>
      ) : null}
      <ErrorNotice message={test.error ?? add.error} />
      <div className="row">
        <button
          type="button"
          className="secondary"
          onClick={() => void test.run()}
          disabled={!url.trim() || test.busy || add.busy}
        >
          {test.busy ? 'Testing…' : 'Test'}
        </button>
        <button type="submit" className="primary" disabled={!url.trim() || test.busy || add.busy}>
          {add.busy ? 'Adding…' : 'Add beacon source'}
        </button>
      </div>
    </form>
  );
}

function Checkpoint({
  chainId,
  current,
  onSet,
}: {
  chainId: number;
  current: string | null;
  onSet: () => Promise<void>;
}) {
  const [root, setRoot] = useState(current ?? '');
  const [offerNote, setOfferNote] = useState<string | null>(null);
  useEffect(() => setRoot(current ?? ''), [current]);
  const save = useAction(async () => {
    await callBackground('consensus/setCheckpoint', { chainId, checkpoint: root.trim() || null });
    await onSet();
  });
  const offer = useAction(async () => {
    setOfferNote(null);
    const answer = await callBackground('consensus/offerCheckpoint', { chainId });
    if (answer.root === null) throw new Error(answer.reason);
    setRoot(answer.root);
    setOfferNote(
      `Finalized at epoch ${answer.epoch}, reported alike by ${answer.operators} operators. Save to use it.`,
    );
  });
  return (
    <form
      className="stack card"
      aria-label="Checkpoint"
      onSubmit={(e) => {
        e.preventDefault();
        void save.run();
      }}
    >
      <h3>Checkpoint</h3>
      <p className="muted small">A recent finalized beacon block root you trust; the light client starts there.</p>
      <Field label="Checkpoint block root" value={root} onChange={(e) => setRoot(e.currentTarget.value)} />
      {offerNote ? (
        <p className="notice" role="status">
          {offerNote}
        </p>
      ) : null}
      <ErrorNotice message={save.error ?? offer.error} />
      <div className="row">
        <button type="button" className="secondary" onClick={() => void offer.run()} disabled={offer.busy}>
          {offer.busy ? 'Asking…' : 'Offer one the sources agree on'}
        </button>
        <button type="submit" className="primary" disabled={save.busy}>
          Save checkpoint
        </button>
      </div>
    </form>
  );
}
