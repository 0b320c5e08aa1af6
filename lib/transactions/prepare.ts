import { type Address, getAddress, type Hex, hexToBigInt, isHex } from 'viem';
import type { SignableTransaction } from '../keyring/signing';
import type { TransactionStore } from './store';
import type { ChainAccess } from './types';

export interface TransactionRequest {
  from: Address;
  /** null or absent creates a contract. */
  to?: Address | null;
  value?: bigint;
  data?: Hex;
  gas?: bigint;
  maxFeePerGas?: bigint;
  maxPriorityFeePerGas?: bigint;
  /** Setting gasPrice (or type 'legacy') asks for a legacy EIP-155 transaction. */
  gasPrice?: bigint;
  type?: 'eip1559' | 'legacy';
  /** Only for the wallet's own replace/cancel flows; dapp-supplied nonces should be dropped upstream. */
  nonce?: number;
}

/** The parts of a transaction that come from sources: each is used only when k operators agreed on it. */
export type UnconfirmedField = 'nonce' | 'gas' | 'fees';

export type PreparedTransaction = SignableTransaction & {
  from: Address;
  /** The caller chose the nonce (replace/cancel): sending keeps it even if a later one is free. */
  nonceFixed?: boolean;
  /**
   * Values fewer than k operators agreed on (sources slow or down). The approval must say so and the user
   * confirm them; nothing signs such a transaction otherwise.
   */
  unconfirmed?: UnconfirmedField[];
};

/** Collects which fields came from values fewer than k operators agreed on. */
type Unconfirmed = Set<UnconfirmedField>;

const SIMPLE_TRANSFER_GAS = 21_000n;
/** Used only when the chain cannot suggest a tip. */
export const FALLBACK_PRIORITY_FEE = 1_500_000_000n;

export class ChainResponseError extends Error {
  override name = 'ChainResponseError';
  readonly shortMessage: string;
  constructor(method: string, detail: string) {
    super(`${method}: ${detail}`);
    this.shortMessage = `${method} returned ${detail}`;
  }
}

function quantity(method: string, value: unknown): bigint {
  if (typeof value !== 'string' || !isHex(value, { strict: true }) || value === '0x') {
    throw new ChainResponseError(method, `an invalid quantity (${JSON.stringify(value)?.slice(0, 80)})`);
  }
  return hexToBigInt(value);
}

function toQuantity(value: bigint): Hex {
  return `0x${value.toString(16)}`;
}

/** A read whose agreement matters: marks `field` unconfirmed when fewer than k operators agreed. */
async function read(
  chain: ChainAccess,
  args: { method: string; params?: unknown[] },
  field: UnconfirmedField,
  unconfirmed: Unconfirmed,
): Promise<unknown> {
  if (!chain.agreed) return chain.request(args);
  const { value, confirmed } = await chain.agreed(args);
  if (!confirmed) unconfirmed.add(field);
  return value;
}

/** Nonce: the chain's count at the agreed head, or one past the highest nonce this wallet has taken. */
export async function nextNonce(
  from: Address,
  chain: ChainAccess,
  store: TransactionStore,
  unconfirmed: Unconfirmed = new Set(),
): Promise<number> {
  const method = 'eth_getTransactionCount';
  const remote = Number(
    quantity(method, await read(chain, { method, params: [from, 'pending'] }, 'nonce', unconfirmed)),
  );
  const local = await store.highestTakenNonce(chain.chainId, from);
  return local === null ? remote : Math.max(remote, local + 1);
}

async function priorityFee(chain: ChainAccess, unconfirmed: Unconfirmed): Promise<bigint> {
  try {
    const tip = await read(chain, { method: 'eth_maxPriorityFeePerGas' }, 'fees', unconfirmed);
    return quantity('eth_maxPriorityFeePerGas', tip);
  } catch {
    try {
      const args = { method: 'eth_feeHistory', params: ['0x5', 'latest', [50]] };
      const history = (await read(chain, args, 'fees', unconfirmed)) as { reward?: string[][] };
      const rewards = (history?.reward ?? [])
        .map((r) => quantity('eth_feeHistory', r[0]))
        .sort((a, b) => (a < b ? -1 : 1));
      if (rewards.length) return rewards[Math.floor(rewards.length / 2)];
    } catch {
      // fall through to the fixed tip
    }
    return FALLBACK_PRIORITY_FEE;
  }
}

export interface FeeSuggestion {
  type: 'eip1559' | 'legacy';
  maxFeePerGas?: bigint;
  maxPriorityFeePerGas?: bigint;
  gasPrice?: bigint;
}

/**
 * Fees from the chain's latest block: EIP-1559 when it has a base fee (max fee = 2 x base fee + tip, which
 * survives six full blocks of base-fee growth), legacy gas price otherwise.
 */
export async function suggestFees(chain: ChainAccess, unconfirmed: Unconfirmed = new Set()): Promise<FeeSuggestion> {
  const latest = { method: 'eth_getBlockByNumber', params: ['latest', false] };
  const block = (await read(chain, latest, 'fees', unconfirmed)) as { baseFeePerGas?: string } | null;
  if (block?.baseFeePerGas !== undefined) {
    const baseFee = quantity('eth_getBlockByNumber', block.baseFeePerGas);
    const tip = await priorityFee(chain, unconfirmed);
    return { type: 'eip1559', maxFeePerGas: baseFee * 2n + tip, maxPriorityFeePerGas: tip };
  }
  const gasPrice = await read(chain, { method: 'eth_gasPrice' }, 'fees', unconfirmed);
  return { type: 'legacy', gasPrice: quantity('eth_gasPrice', gasPrice) };
}

/** Gas estimate with a 20% margin for anything but a plain transfer (state can change before inclusion). */
export async function estimateGas(
  request: TransactionRequest,
  chain: ChainAccess,
  unconfirmed: Unconfirmed = new Set(),
): Promise<bigint> {
  const call: Record<string, string> = { from: request.from, value: toQuantity(request.value ?? 0n) };
  if (request.to) call.to = request.to;
  if (request.data && request.data !== '0x') call.data = request.data;
  const answer = await read(chain, { method: 'eth_estimateGas', params: [call] }, 'gas', unconfirmed);
  const estimate = quantity('eth_estimateGas', answer);
  return estimate === SIMPLE_TRANSFER_GAS ? estimate : (estimate * 12n) / 10n;
}

async function legacyGasPrice(request: TransactionRequest, chain: ChainAccess, unconfirmed: Unconfirmed) {
  if (request.gasPrice !== undefined) return request.gasPrice;
  return quantity('eth_gasPrice', await read(chain, { method: 'eth_gasPrice' }, 'fees', unconfirmed));
}

/** Fills nonce, gas and fees from the chain (and locally pending transactions) into a signable transaction. */
export async function prepareTransaction(
  request: TransactionRequest,
  chain: ChainAccess,
  store: TransactionStore,
): Promise<PreparedTransaction> {
  const from = getAddress(request.from);
  const to = request.to ? getAddress(request.to) : null;
  const wantsLegacy = request.type === 'legacy' || (request.gasPrice !== undefined && request.type !== 'eip1559');
  const hasFees = request.maxFeePerGas !== undefined && request.maxPriorityFeePerGas !== undefined;
  const unconfirmed: Unconfirmed = new Set();
  const [nonce, gas, fees] = await Promise.all([
    request.nonce ?? nextNonce(from, chain, store, unconfirmed),
    request.gas ?? estimateGas({ ...request, from, to }, chain, unconfirmed),
    wantsLegacy || hasFees ? null : suggestFees(chain, unconfirmed),
  ]);
  const base = { from, chainId: chain.chainId, nonce, to, value: request.value ?? 0n, data: request.data, gas };
  if (request.nonce !== undefined) Object.assign(base, { nonceFixed: true });
  const flagged = () => (unconfirmed.size ? { unconfirmed: [...unconfirmed].sort() } : {});
  if (wantsLegacy || fees?.type === 'legacy') {
    const gasPrice = fees?.gasPrice ?? (await legacyGasPrice(request, chain, unconfirmed));
    return { ...base, type: 'legacy', gasPrice, ...flagged() };
  }
  let maxPriorityFeePerGas = request.maxPriorityFeePerGas ?? fees!.maxPriorityFeePerGas!;
  const maxFeePerGas = request.maxFeePerGas ?? fees!.maxFeePerGas! - fees!.maxPriorityFeePerGas! + maxPriorityFeePerGas;
  if (maxPriorityFeePerGas > maxFeePerGas) maxPriorityFeePerGas = maxFeePerGas;
  return { ...base, type: 'eip1559', maxFeePerGas, maxPriorityFeePerGas, ...flagged() };
}
