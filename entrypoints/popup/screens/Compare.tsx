import { assetDecimals, assetSymbol } from '@/components/BalanceRow';
import { ConfirmationLine } from '@/components/ConfirmationLine';
import { ScreenHeader } from '@/components/ScreenHeader';
import { SourceAnswerCard } from '@/components/SourceAnswerCard';
import { displayedAmount } from '@/lib/state/format';
import { useCompareSources, useLive, useNow, useWallet, useWatch } from '@/lib/state/hooks';

/** Every source's answer for one balance, side by side: who, what, how fast, at which head, agreeing or not. */
export function Compare({ assetKey }: { assetKey: string }) {
  useWatch('networks', 'balances');
  useLive('networks');
  useCompareSources();
  const status = useWallet((s) => s.status);
  const snapshot = useWallet((s) => s.balances);
  const network = useWallet((s) => s.networks?.find((n) => n.chainId === status?.chainId));
  const now = useNow();
  const balance = snapshot?.balances.find((b) =>
    b.asset.kind === 'native' ? assetKey === 'native' : b.asset.token.address.toLowerCase() === assetKey.toLowerCase(),
  );

  if (!balance) {
    return (
      <main className="screen">
        <ScreenHeader title="Compare sources" backHref="#/" />
        <p className="muted" role="status">
          Asking sources…
        </p>
      </main>
    );
  }

  const symbol = assetSymbol(balance);
  const decimals = assetDecimals(balance);
  const view = balance.balance;
  const answered = new Set(view.sources.map((s) => s.sourceId));
  const notAsked = network?.sources.filter((s) => !answered.has(s.id)) ?? [];

  return (
    <main className="screen compare">
      <ScreenHeader title={`${symbol} across sources`} backHref="#/" />
      <section className="summary" aria-label="Agreed value">
        <p className="balance-amount large" data-testid="compare-value">
          {displayedAmount(view, decimals, symbol)}
        </p>
        <ConfirmationLine view={view} symbol={symbol} decimals={decimals} now={now} testId="compare-confirmation" />
        <p className="muted small">
          {view.status !== 'verified'
            ? 'Needs '
            : view.basis?.kind === 'consensus'
              ? 'Proven against the header Ethereum’s sync committee signed · otherwise needs '
              : 'Proven against the agreed header · otherwise needs '}
          {view.quorum} agreeing operator{view.quorum === 1 ? '' : 's'}
          {network ? ` · strict mode ${network.strict ? 'on' : 'off'}` : ''}
          {view.block ? ` · block ${view.block.number} (${view.block.hash.slice(0, 10)}…)` : ''}
        </p>
      </section>
      <ul className="source-list" aria-label="Sources">
        {view.sources.map((answer) => (
          <SourceAnswerCard
            key={answer.sourceId}
            answer={answer}
            source={network?.sources.find((s) => s.id === answer.sourceId)}
            symbol={symbol}
            decimals={decimals}
            agreedValue={view.status === 'confirmed' || view.status === 'verified' ? view.value : null}
            outcome={view.status}
          />
        ))}
      </ul>
      {notAsked.length ? (
        <p className="muted small">
          Not asked: {notAsked.map((s) => `${s.id} (${s.enabled ? s.health.state : 'disabled'})`).join(', ')}
        </p>
      ) : null}
    </main>
  );
}
