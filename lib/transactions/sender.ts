import { type Address, getAddress, type Hex, keccak256 } from 'viem';
import type { SignableTransaction } from '../keyring/signing';
import { broadcastRaw } from './broadcast';
import { type PreparedTransaction, prepareTransaction, type TransactionRequest } from './prepare';
import { type RebroadcastSummary, rebroadcastPending } from './rebroadcast';
import type { TransactionStore } from './store';
import type { ChainAccess, TransactionRecord } from './types';

/** The keyring's signing entry point (keyring.signTransaction satisfies it). */
export interface TransactionSigner {
  signTransaction(address: Address, tx: SignableTransaction): Promise<Hex>;
}

export class TransactionRejectedError extends Error {
  override name = 'TransactionRejectedError';
  readonly shortMessage: string;
  readonly hash: Hex;
  constructor(hash: Hex, nodeMessage: string) {
    super(`The network rejected transaction ${hash}: ${nodeMessage}`);
    this.shortMessage = `The network rejected the transaction: ${nodeMessage}`;
    this.hash = hash;
  }
}

/**
 * The reviewed transaction's nonce was taken by another transaction of this wallet after the review. It is
 * not signed with another nonce behind the user's back: the caller shows it again with `nextNonce`.
 */
export class NonceTakenError extends Error {
  override name = 'NonceTakenError';
  readonly shortMessage: string;
  constructor(
    readonly nonce: number,
    readonly nextNonce: number,
  ) {
    super(`Nonce ${nonce} was taken by another transaction after the review; the next free nonce is ${nextNonce}`);
    this.shortMessage = this.message;
  }
}

/** Values fewer than k operators agreed on, and nobody confirmed them. */
export class UnconfirmedValuesError extends Error {
  override name = 'UnconfirmedValuesError';
  readonly shortMessage: string;
  constructor(readonly fields: readonly string[]) {
    super(`Not signed: the ${fields.join(', ')} of this transaction could not be confirmed by enough sources`);
    this.shortMessage = this.message;
  }
}

export interface SendResult {
  hash: Hex;
  /** False when no source took it yet; it stays pending and the rebroadcast alarm keeps trying. */
  broadcast: boolean;
  record: TransactionRecord;
}

export interface TransactionSenderParameters {
  store: TransactionStore;
  signer: TransactionSigner;
  now?: () => number;
}

function toRecord(tx: PreparedTransaction, raw: Hex, createdAt: number, origin?: string): TransactionRecord {
  const record: TransactionRecord = {
    hash: keccak256(raw),
    chainId: tx.chainId,
    from: tx.from,
    to: tx.to,
    value: tx.value.toString(),
    nonce: tx.nonce,
    data: tx.data ?? '0x',
    type: tx.type,
    gas: tx.gas.toString(),
    raw,
    status: 'pending',
    createdAt,
    lastBroadcastAt: null,
    broadcastCount: 0,
  };
  if (tx.type === 'eip1559') {
    record.maxFeePerGas = tx.maxFeePerGas.toString();
    record.maxPriorityFeePerGas = tx.maxPriorityFeePerGas.toString();
  } else {
    record.gasPrice = tx.gasPrice.toString();
  }
  if (origin) record.origin = origin;
  return record;
}

export function createTransactionSender({ store, signer, now = Date.now }: TransactionSenderParameters) {
  // One send at a time per chain and sender, so two sends never pick the same nonce.
  const lanes = new Map<string, Promise<unknown>>();
  function inLane<T>(key: string, operation: () => Promise<T>): Promise<T> {
    const previous = lanes.get(key) ?? Promise.resolve();
    const run = previous.then(operation, operation);
    const settled = run.catch(() => undefined);
    lanes.set(key, settled);
    void settled.then(() => lanes.get(key) === settled && lanes.delete(key));
    return run;
  }

  /** A prepared transaction may be minutes old: a nonce a later local send took meanwhile goes back to review. */
  async function checkNonce(tx: PreparedTransaction): Promise<void> {
    if (tx.nonceFixed) return;
    const local = await store.highestTakenNonce(tx.chainId, tx.from);
    if (local !== null && local >= tx.nonce) throw new NonceTakenError(tx.nonce, local + 1);
  }

  return {
    prepare(request: TransactionRequest, chain: ChainAccess): Promise<PreparedTransaction> {
      return prepareTransaction(request, chain, store);
    },

    /**
     * prepare (unless given a prepared transaction) -> sign -> persist -> broadcast. The signed transaction
     * is in IndexedDB before anything is sent, so a worker restart or every source being down loses nothing.
     * With `prepared: true` it signs exactly what was prepared and shown for approval, or nothing: a nonce
     * this wallet took meanwhile throws NonceTakenError (show it again), values the sources did not confirm
     * need `acceptUnconfirmed` (the user confirmed them). That path needs no source at all.
     */
    send(
      request: TransactionRequest | PreparedTransaction,
      chain: ChainAccess,
      options: { origin?: string; prepared?: boolean; acceptUnconfirmed?: boolean } = {},
    ): Promise<SendResult> {
      const from = getAddress(request.from);
      return inLane(`${chain.chainId}:${from}`, async () => {
        let tx: PreparedTransaction;
        if (options.prepared) {
          tx = { ...(request as PreparedTransaction), from, chainId: chain.chainId };
          await checkNonce(tx);
        } else {
          tx = await prepareTransaction({ ...request, from } as TransactionRequest, chain, store);
        }
        if (tx.unconfirmed?.length && !(options.prepared && options.acceptUnconfirmed)) {
          throw new UnconfirmedValuesError(tx.unconfirmed);
        }
        const raw = await signer.signTransaction(from, tx);
        let record = toRecord(tx, raw, now(), options.origin);
        await store.put(record);
        const outcome = await broadcastRaw(raw, chain);
        const patch: Partial<TransactionRecord> = { lastBroadcastAt: now(), broadcastCount: 1 };
        if (outcome.kind !== 'sent') patch.lastError = outcome.message;
        if (outcome.kind === 'rejected') patch.status = 'failed';
        record = (await store.update(record.hash, patch)) ?? { ...record, ...patch };
        if (outcome.kind === 'rejected') throw new TransactionRejectedError(record.hash, outcome.message);
        return { hash: record.hash, broadcast: outcome.kind !== 'unreachable', record };
      });
    },

    /** For the rebroadcast alarm: re-sends pending transactions of this chain and settles mined ones. */
    rebroadcastPending(chain: ChainAccess): Promise<RebroadcastSummary> {
      return rebroadcastPending(chain, store, now);
    },

    listTransactions: store.list,

    store,
  };
}

export type TransactionSender = ReturnType<typeof createTransactionSender>;
