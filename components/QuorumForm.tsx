import { useEffect, useId, useState } from 'react';

export interface QuorumFormProps {
  networkName: string;
  quorum: number;
  strict: boolean;
  /** How many sources are enabled. */
  enabledSources: number;
  /** How many distinct operators they belong to: k above this can never be met. */
  enabledOperators: number;
  busy?: boolean;
  /** Whether to explain strict mode here; a list of networks explains it once instead. */
  explain?: boolean;
  onSave: (quorum: number, strict: boolean) => void;
}

export const STRICT_EXPLANATION =
  'Strict: dapps get an error instead of a value fewer than k sources gave; the popup still shows such values, marked Unconfirmed.';

/** k (agreeing operators needed) and strict mode for one network. */
export function QuorumForm({
  networkName,
  quorum,
  strict,
  enabledSources,
  enabledOperators,
  busy,
  explain = true,
  onSave,
}: QuorumFormProps) {
  const id = useId();
  const [k, setK] = useState(String(quorum));
  const [isStrict, setStrict] = useState(strict);
  useEffect(() => setK(String(quorum)), [quorum]);
  useEffect(() => setStrict(strict), [strict]);
  const value = Number(k);
  const problem =
    !Number.isInteger(value) || value < 2
      ? 'k must be a whole number of at least 2: one source alone never confirms.'
      : value !== quorum && value > enabledOperators
        ? `k = ${value} needs ${value} different operators, but only ${enabledOperators} ${enabledOperators === 1 ? 'is' : 'are'} enabled: nothing could be confirmed.`
        : null;
  const changed = value !== quorum || isStrict !== strict;
  return (
    <form
      className="quorum-form"
      aria-label={`Quorum for ${networkName}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (!problem) onSave(value, isStrict);
      }}
    >
      <div className="row">
        <label htmlFor={`${id}-k`}>
          Quorum k<span className="visually-hidden"> for {networkName}</span>
        </label>
        <input
          id={`${id}-k`}
          className="narrow"
          type="number"
          min={2}
          value={k}
          aria-describedby={`${id}-hint`}
          onChange={(e) => setK(e.currentTarget.value)}
        />
        <input
          id={`${id}-strict`}
          type="checkbox"
          checked={isStrict}
          onChange={(e) => setStrict(e.currentTarget.checked)}
        />
        <label htmlFor={`${id}-strict`}>
          Strict<span className="visually-hidden"> mode for {networkName}</span>
        </label>
        <span className="spacer" />
        <button type="submit" className="secondary small" disabled={busy || !changed || !!problem}>
          Save<span className="visually-hidden"> quorum for {networkName}</span>
        </button>
      </div>
      <p className={problem ? 'field-error' : 'field-hint'} id={`${id}-hint`}>
        {problem ??
          `${value} of ${enabledSources} enabled sources must agree (distinct operators).${
            value > enabledOperators ? ' More than the enabled operators: nothing can be confirmed.' : ''
          }${explain ? ` ${STRICT_EXPLANATION}` : ''}`}
      </p>
    </form>
  );
}
