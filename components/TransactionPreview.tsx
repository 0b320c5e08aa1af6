import type { TransactionPreview as Preview } from '@/lib/messages/popup-api';
import { verifiedLine } from '@/lib/rpc/types';
import { formatAmount, shortAddress } from '@/lib/state/format';
import { previewLines } from '@/lib/state/preview';

export interface TransactionPreviewProps {
  /** Absent while the wallet is still computing it. */
  preview: Preview | undefined;
  /** The account that signs: its changes are "You send / You receive". */
  from: string;
  nativeSymbol: string;
  nativeDecimals: number;
}

/** What the transaction will do, computed in the wallet over proven state: warnings first, then the changes. */
export function TransactionPreview({ preview, from, nativeSymbol, nativeDecimals }: TransactionPreviewProps) {
  if (!preview) {
    return (
      <section className="preview" aria-label="What this transaction does" data-testid="preview" data-status="pending">
        <p className="muted">Simulating this transaction on proven state…</p>
      </section>
    );
  }
  if (preview.status === 'unavailable') {
    return (
      <section
        className="preview"
        aria-label="What this transaction does"
        data-testid="preview"
        data-status="unavailable"
      >
        <p className="notice notice-warning">
          Could not preview this transaction: {preview.reason.replace(/^could not simulate: /, '')}.
        </p>
      </section>
    );
  }
  const { warnings, changes } = previewLines(preview, from, {
    native: (wei) => formatAmount(wei, nativeDecimals, nativeSymbol),
    nativeSymbol,
    token: (token, amount) => {
      const meta = preview.tokens[token.toLowerCase()];
      return meta ? formatAmount(amount, meta.decimals, meta.symbol) : `${amount} units of ${shortAddress(token)}`;
    },
    symbol: (token) => preview.tokens[token.toLowerCase()]?.symbol ?? `tokens of ${shortAddress(token)}`,
    name: (address) => shortAddress(address),
  });
  return (
    <section className="preview" aria-label="What this transaction does" data-testid="preview" data-status="verified">
      {warnings.map((warning) => (
        <p key={warning} className="notice notice-warning" data-testid="preview-warning">
          {warning}
        </p>
      ))}
      <ul className="preview-changes">
        {changes.length ? (
          changes.map((line) => (
            <li key={line} data-testid="preview-change">
              {line}
            </li>
          ))
        ) : (
          <li data-testid="preview-change">No balance of yours changes (besides the network fee).</li>
        )}
      </ul>
      <p className="muted small" data-testid="preview-basis">
        Simulated here · {verifiedLine({ number: preview.block.number, basis: preview.basis, agreed: preview.header })}{' '}
        · uses {Number(preview.gasUsed).toLocaleString('en-US')} gas
      </p>
    </section>
  );
}
