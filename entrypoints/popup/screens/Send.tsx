import { useEffect, useId, useState } from 'react';
import { formatUnits } from 'viem';
import { AddressText } from '@/components/AddressText';
import { assetDecimals, assetSymbol } from '@/components/BalanceRow';
import { ErrorNotice } from '@/components/ErrorNotice';
import { Field } from '@/components/Field';
import { ScreenHeader } from '@/components/ScreenHeader';
import { TransactionPreview } from '@/components/TransactionPreview';
import { UnconfirmedConsent } from '@/components/UnconfirmedConsent';
import type {
  Address,
  BalanceView,
  ConfirmedValueView,
  PopupApi,
  TransactionPreview as Preview,
} from '@/lib/messages/popup-api';
import { callBackground } from '@/lib/state/background';
import { displayedAmount, formatAmount } from '@/lib/state/format';
import { useWallet, useWatch, walletStore } from '@/lib/state/hooks';
import { fundsProblem, isSelfSend, parseAmount, plainSendError, recipientProblem } from '@/lib/state/send-form';
import { navigate } from '../router';
import { useAction } from '../use-action';

type Prepared = PopupApi['send/prepare']['result'];

function usable(view: ConfirmedValueView | undefined): bigint | null {
  if (!view || view.value === null) return null;
  const shown = view.status === 'verified' || view.status === 'confirmed' || view.status === 'unconfirmed';
  return shown ? BigInt(view.value) : null;
}

const keyOf = (b: BalanceView) => (b.asset.kind === 'native' ? 'native' : b.asset.token.address);

/** Send the native coin or an ERC-20: validate, estimate the fee, review, submit, then watch it in Activity. */
export function Send({ initialAsset }: { initialAsset: string | null }) {
  useWatch('balances', 'networks');
  const assetId = useId();
  const status = useWallet((s) => s.status);
  const snapshot = useWallet((s) => s.balances);
  const [assetKey, setAssetKey] = useState(initialAsset ?? 'native');
  const [to, setTo] = useState('');
  const [amount, setAmount] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [review, setReview] = useState<Prepared | null>(null);
  const preview = useSendPreview(review?.reviewId ?? null);
  const network = useWallet((s) => s.networks?.find((n) => n.chainId === s.status?.chainId));
  const networkName = network?.name;
  const [reviewNotice, setReviewNotice] = useState<string | null>(null);
  const [acceptUnconfirmed, setAcceptUnconfirmed] = useState(false);
  const showReview = (next: Prepared | null, notice: string | null = null) => {
    setReview(next);
    setReviewNotice(notice);
    setAcceptUnconfirmed(false);
  };

  const balances = snapshot?.chainId === status?.chainId ? (snapshot?.balances ?? []) : [];
  const selected = balances.find((b) => keyOf(b).toLowerCase() === assetKey.toLowerCase()) ?? balances[0];
  const native = balances.find((b) => b.asset.kind === 'native');
  const symbol = selected ? assetSymbol(selected) : '';
  const decimals = selected ? assetDecimals(selected) : 18;
  const nativeSymbol = native ? assetSymbol(native) : 'ETH';
  const token = selected?.asset.kind === 'erc20' ? (selected.asset.token.address as Address) : undefined;
  const parsed = parseAmount(amount, decimals);
  const toProblem = recipientProblem(to);
  const amountProblem = 'problem' in parsed ? parsed.problem : null;
  const toSelf = !toProblem && isSelfSend(to, status?.selectedAddress);
  const selfWarning = 'This is the account you are sending from: only the network fee leaves it.';

  const params = () => {
    if (!status?.selectedAddress) throw new Error('No account selected');
    return { chainId: status.chainId, from: status.selectedAddress, to: to.trim(), amount: amount.trim(), token };
  };

  const prepare = useAction(async () => {
    max.setError(null);
    const prepared = await callBackground('send/prepare', params()).catch((error: unknown) => {
      throw new Error(plainSendError(error instanceof Error ? error.message : String(error)));
    });
    const problem = fundsProblem({
      amount: 'value' in parsed ? parsed.value : 0n,
      assetBalance: usable(prepared.balance) ?? usable(selected?.balance),
      nativeBalance: usable(native?.balance),
      feeWei: BigInt(prepared.estimatedFeeWei),
      native: !token,
    });
    if (problem) throw new Error(problem);
    showReview(prepared);
  });

  const max = useAction(async () => {
    prepare.setError(null);
    const balance = usable(selected?.balance);
    if (balance === null) throw new Error('The balance could not be confirmed.');
    if (token) return setAmount(formatUnits(balance, decimals));
    const { chainId, from } = params();
    const fee = await callBackground('send/fee', { chainId, from, to: to.trim() || from }).catch((error: unknown) => {
      throw new Error(plainSendError(error instanceof Error ? error.message : String(error)));
    });
    const left = balance - BigInt(fee.estimatedFeeWei);
    setAmount(left > 0n ? formatUnits(left, decimals) : '0');
  });

  // Signs the reviewed transaction itself; if its nonce was taken meanwhile, the new one is reviewed again.
  const submit = useAction(async () => {
    if (!review) return;
    const sent = await callBackground('send/submit', { reviewId: review.reviewId, acceptUnconfirmed }).catch(
      (error: unknown) => {
        throw new Error(plainSendError(error instanceof Error ? error.message : String(error)));
      },
    );
    if ('review' in sent) return showReview(sent.review, sent.reason);
    await walletStore.getState().refresh('activity', 'balances');
    navigate('/activity');
  });

  if (!status || !selected) {
    return (
      <main className="screen">
        <ScreenHeader title="Send" backHref="#/" />
        <p className="muted" role="status">
          Asking sources…
        </p>
      </main>
    );
  }

  if (review) {
    const fee = BigInt(review.estimatedFeeWei);
    const total = token ? null : BigInt(review.valueWei) + fee;
    const unconfirmed = review.unconfirmed ?? [];
    return (
      <main className="screen">
        <ScreenHeader title="Review" onBack={submit.busy ? undefined : () => setReview(null)} />
        <TransactionPreview
          preview={preview ?? undefined}
          from={status.selectedAddress ?? ''}
          nativeSymbol={network?.symbol ?? 'ETH'}
          nativeDecimals={network?.decimals ?? 18}
        />
        <dl className="review">
          <div>
            <dt>Network</dt>
            <dd data-testid="review-network">{networkName ?? `Chain ${status.chainId}`}</dd>
          </div>
          <div>
            <dt>From</dt>
            <dd>
              <AddressText address={status.selectedAddress ?? ''} />
            </dd>
          </div>
          <div>
            <dt>To</dt>
            <dd className="mono" data-testid="review-to">
              {review.to}
            </dd>
          </div>
          <div>
            <dt>Amount</dt>
            <dd data-testid="review-amount">
              {amount.trim()} {symbol}
            </dd>
          </div>
          <div>
            <dt>Network fee (estimated, at most)</dt>
            <dd>{formatAmount(review.estimatedFeeWei, 18, nativeSymbol, 8)}</dd>
          </div>
          {total !== null ? (
            <div>
              <dt>Total</dt>
              <dd>{formatAmount(total.toString(), 18, nativeSymbol, 8)}</dd>
            </div>
          ) : null}
          <div>
            <dt>Gas limit · max fee per gas · nonce</dt>
            <dd className="mono" data-testid="review-gas">
              {review.gas} · {formatAmount(review.maxFeePerGas, 9, 'gwei', 4)} · {review.nonce}
            </dd>
          </div>
        </dl>
        {toSelf ? <p className="notice notice-warning">{selfWarning}</p> : null}
        {reviewNotice ? (
          <p className="notice notice-warning" role="status" data-testid="review-notice">
            {reviewNotice}
          </p>
        ) : null}
        {unconfirmed.length ? (
          <UnconfirmedConsent fields={unconfirmed} checked={acceptUnconfirmed} onChange={setAcceptUnconfirmed} />
        ) : null}
        <ErrorNotice message={submit.error} />
        <div className="row">
          <button type="button" className="secondary" onClick={() => showReview(null)} disabled={submit.busy}>
            Back
          </button>
          <button
            type="button"
            className="primary"
            onClick={() => void submit.run()}
            disabled={submit.busy || (unconfirmed.length > 0 && !acceptUnconfirmed)}
          >
            {submit.busy ? 'Sending…' : 'Confirm and send'}
          </button>
        </div>
      </main>
    );
  }

  return (
    <main className="screen">
      <ScreenHeader title="Send" backHref="#/" />
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          setSubmitted(true);
          // The current problem replaces the previous one, whether it is found here or by the background.
          prepare.setError(null);
          max.setError(null);
          if (!toProblem && !amountProblem) void prepare.run();
        }}
      >
        <div className="field">
          <label htmlFor={assetId}>Asset</label>
          <select id={assetId} value={keyOf(selected)} onChange={(e) => setAssetKey(e.currentTarget.value)}>
            {balances.map((b) => (
              <option key={keyOf(b)} value={keyOf(b)}>
                {assetSymbol(b)} — {displayedAmount(b.balance, assetDecimals(b), assetSymbol(b))}
              </option>
            ))}
          </select>
        </div>
        <Field
          label="To"
          placeholder="0x…"
          autoComplete="off"
          spellCheck={false}
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
          error={submitted ? toProblem : null}
        />
        <Field
          label={`Amount (${symbol})`}
          inputMode="decimal"
          autoComplete="off"
          value={amount}
          onChange={(e) => setAmount(e.currentTarget.value)}
          error={submitted ? amountProblem : null}
          hint={
            <button type="button" className="link-button" onClick={() => void max.run()} disabled={max.busy}>
              Use maximum
            </button>
          }
        />
        {toSelf ? (
          <p className="notice notice-warning" data-testid="self-send">
            {selfWarning}
          </p>
        ) : null}
        <ErrorNotice message={prepare.error ?? max.error} />
        <button type="submit" className="primary" disabled={prepare.busy}>
          {prepare.busy ? 'Estimating fee…' : 'Review'}
        </button>
      </form>
    </main>
  );
}

/** The reviewed transaction's preview, simulated by the background once the review is shown. */
function useSendPreview(reviewId: string | null): Preview | null {
  const [preview, setPreview] = useState<Preview | null>(null);
  useEffect(() => {
    setPreview(null);
    if (!reviewId) return;
    let current = true;
    callBackground('send/preview', { reviewId }).then(
      (result) => current && setPreview(result),
      (error: unknown) =>
        current &&
        setPreview({ status: 'unavailable', reason: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      current = false;
    };
  }, [reviewId]);
  return preview;
}
