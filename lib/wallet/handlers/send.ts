// send/* and activity/*: the popup's own transfers (native or ERC-20) and the transaction history.
import { type Address, decodeFunctionData, encodeFunctionData, erc20Abi, getAddress } from 'viem';
import type { ActivityItem, PopupApi, SendReview, TokenView } from '../../messages/popup-api';
import { parseAmount, recipientProblem } from '../../state/send-form';
import {
  NonceTakenError,
  type PreparedTransaction,
  type TransactionRecord,
  type TransactionRequest,
} from '../../transactions';
import { chainAccess, toPreparedView } from '../dapp-backend';
import { invalidInput, notFound } from '../errors';
import type { PopupHandlers } from '../popup-router';
import { previewTransaction } from '../preview';
import type { WalletServices } from '../services';
import { readBalances } from './assets';

type Handlers = Pick<PopupHandlers, Extract<keyof PopupApi, `send/${string}` | `activity/${string}`>>;
type SendParams = PopupApi['send/prepare']['params'];

/** A review is good for this long; then the form must be reviewed again (fees move). */
const REVIEW_TTL_MS = 10 * 60_000;
/** Reviews kept at once. */
const REVIEWS_KEPT = 20;
type StoredReview = { tx: PreparedTransaction; view: SendReview; at: number };

async function findToken(services: WalletServices, chainId: number, address: Address): Promise<TokenView> {
  const listed = (await services.tokenList.list(chainId)).find(
    (t) => t.address.toLowerCase() === address.toLowerCase(),
  );
  if (!listed) throw notFound(`Token ${address} on chain ${chainId} (add it first)`);
  return listed;
}

/**
 * The transaction a send form describes, and the asset it moves. Without an amount (the fee of "Use maximum"),
 * a transfer of nothing: the fee of a transfer does not depend on its amount.
 */
async function toRequest(
  services: WalletServices,
  { chainId, from, to, token, ...form }: Omit<SendParams, 'amount'> & { amount?: string },
) {
  const network = await services.networks.get(chainId);
  if (!network) throw notFound(`Network ${chainId}`);
  const problem = recipientProblem(to);
  if (problem) throw invalidInput(problem);
  const recipient = getAddress(to.trim());
  const asset = token ? await findToken(services, chainId, token) : null;
  const parsed =
    form.amount === undefined ? { value: 0n } : parseAmount(form.amount, asset?.decimals ?? network.decimals);
  if ('problem' in parsed) throw invalidInput(parsed.problem);
  const request: TransactionRequest = asset
    ? {
        from: getAddress(from),
        to: asset.address,
        value: 0n,
        data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [recipient, parsed.value] }),
      }
    : { from: getAddress(from), to: recipient, value: parsed.value };
  return { request, recipient, amount: parsed.value, asset };
}

function tokenTransfer(record: TransactionRecord, tokens: TokenView[]): ActivityItem['token'] {
  if (!record.to || record.data.length < 10) return undefined;
  const token = tokens.find((t) => t.address.toLowerCase() === record.to?.toLowerCase());
  if (!token) return undefined;
  try {
    const { functionName, args } = decodeFunctionData({ abi: erc20Abi, data: record.data });
    if (functionName !== 'transfer') return undefined;
    const [recipient, amount] = args as [Address, bigint];
    return {
      address: token.address,
      symbol: token.symbol,
      decimals: token.decimals,
      amount: amount.toString(),
      recipient,
    };
  } catch {
    return undefined;
  }
}

export function sendHandlers(services: WalletServices): Handlers {
  const { networks, transactions, tokenList, notify } = services;
  const now = Date.now;
  // The transaction each review showed, kept in the background so submit signs that object and no other.
  const reviews = new Map<string, StoredReview>();

  function keep(tx: PreparedTransaction, view: Omit<SendReview, 'reviewId'>): SendReview {
    for (const [id, review] of reviews) if (now() - review.at > REVIEW_TTL_MS) reviews.delete(id);
    while (reviews.size >= REVIEWS_KEPT) reviews.delete(reviews.keys().next().value as string);
    const reviewId = crypto.randomUUID();
    const full: SendReview = { reviewId, ...view };
    reviews.set(reviewId, { tx, view: full, at: now() });
    return full;
  }

  return {
    'send/prepare': async (params) => {
      const { request, recipient, amount, asset } = await toRequest(services, params);
      const [prepared, balances] = await Promise.all([
        transactions.prepare(request, await chainAccess(networks, params.chainId)),
        readBalances(services, params.chainId, request.from, { tokens: asset ? [asset] : [] }),
      ]);
      const fee = prepared.type === 'eip1559' ? prepared.maxFeePerGas : prepared.gasPrice;
      const tip = prepared.type === 'eip1559' ? prepared.maxPriorityFeePerGas : prepared.gasPrice;
      const balance = balances.balances.find((b) => (asset ? b.asset.kind === 'erc20' : b.asset.kind === 'native'));
      if (!balance) throw notFound('The balance of this asset');
      return keep(prepared, {
        to: recipient,
        valueWei: amount.toString(),
        gas: prepared.gas.toString(),
        nonce: prepared.nonce,
        maxFeePerGas: fee.toString(),
        maxPriorityFeePerGas: tip.toString(),
        estimatedFeeWei: (prepared.gas * fee).toString(),
        ...(prepared.unconfirmed?.length ? { unconfirmed: [...prepared.unconfirmed] } : {}),
        balance: balance.balance,
      });
    },
    'send/fee': async ({ chainId, from, to, token }) => {
      const { request } = await toRequest(services, { chainId, from, to, ...(token ? { token } : {}) });
      const prepared = await transactions.prepare(request, await chainAccess(networks, chainId));
      const fee = prepared.type === 'eip1559' ? prepared.maxFeePerGas : prepared.gasPrice;
      return { estimatedFeeWei: (prepared.gas * fee).toString() };
    },
    'send/submit': async ({ reviewId, acceptUnconfirmed }) => {
      const review = typeof reviewId === 'string' ? reviews.get(reviewId) : undefined;
      if (!review || now() - review.at > REVIEW_TTL_MS) {
        throw invalidInput('This review has expired: go back and review the transaction again.');
      }
      const accepted = acceptUnconfirmed === true;
      if (review.tx.unconfirmed?.length && !accepted) {
        throw invalidInput(`Too few sources agreed on the ${review.tx.unconfirmed.join(', ')}: confirm them first.`);
      }
      reviews.delete(reviewId);
      const chain = await chainAccess(networks, review.tx.chainId);
      try {
        const { hash } = await transactions.send(review.tx, chain, { prepared: true, acceptUnconfirmed: accepted });
        notify(['activity', 'balances']);
        return { hash };
      } catch (error) {
        if (!(error instanceof NonceTakenError)) throw error;
        const { reviewId: _old, ...view } = review.view;
        const again = keep({ ...review.tx, nonce: error.nextNonce }, { ...view, nonce: error.nextNonce });
        const reason = `Another transaction took nonce ${error.nonce} meanwhile. Review this one again: it now has nonce ${error.nextNonce}.`;
        return { review: again, reason };
      }
    },
    'send/preview': async ({ reviewId }) => {
      const review = typeof reviewId === 'string' ? reviews.get(reviewId) : undefined;
      if (!review) throw invalidInput('This review has expired: go back and review the transaction again.');
      const chainId = review.tx.chainId;
      return previewTransaction(await networks.client(chainId), toPreparedView(review.tx), (id, address) =>
        services.portfolio.readToken({ chainId: id, address }).catch(() => null),
      );
    },
    'activity/list': async (params) => {
      const records = await transactions.listTransactions({
        ...(params?.chainId !== undefined ? { chainId: params.chainId } : {}),
        ...(params?.address ? { address: params.address } : {}),
      });
      const tokensByChain = new Map<number, TokenView[]>();
      const items: ActivityItem[] = [];
      for (const record of records) {
        if (!tokensByChain.has(record.chainId)) tokensByChain.set(record.chainId, await tokenList.list(record.chainId));
        const token = tokenTransfer(record, tokensByChain.get(record.chainId) ?? []);
        items.push({
          hash: record.hash,
          chainId: record.chainId,
          from: record.from,
          to: record.to,
          value: record.value,
          nonce: record.nonce,
          status: record.status,
          createdAt: record.createdAt,
          ...(token ? { token } : {}),
          ...(record.origin ? { origin: record.origin } : {}),
          ...(record.receipt ? { blockNumber: record.receipt.blockNumber } : {}),
        });
      }
      return items;
    },
  };
}
