import { useId } from 'react';

const NAMES: Record<string, string> = { nonce: 'nonce', gas: 'gas limit', fees: 'fees' };

/**
 * Nonce, gas or fees that fewer than k sources agreed on: said plainly, and signed only when the user ticks
 * that they checked them.
 */
export function UnconfirmedConsent(props: { fields: string[]; checked: boolean; onChange(checked: boolean): void }) {
  const id = useId();
  const names = props.fields.map((f) => NAMES[f] ?? f).join(', ');
  return (
    <div className="notice notice-warning" data-testid="unconfirmed-values">
      <p>
        Unconfirmed: too few sources agreed on the {names} above. One source alone may have set{' '}
        {props.fields.length > 1 ? 'them' : 'it'}.
      </p>
      <div className="row">
        <input
          id={id}
          type="checkbox"
          checked={props.checked}
          onChange={(e) => props.onChange(e.currentTarget.checked)}
        />
        <label htmlFor={id}>I checked the {names}; sign with these unconfirmed values</label>
      </div>
    </div>
  );
}
