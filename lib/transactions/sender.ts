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

  /** A prepared transaction may be minutes old: never reuse a nonce a later local send took meanwhile. */
  async function refreshNonce(tx: PreparedTransaction): Promise<PreparedTransaction> {
    if (tx.nonceFixed) return tx;
    const local = await store.highestTakenNonce(tx.chainId, tx.from);
    return local === null || local < tx.nonce ? tx : { ...tx, nonce: local + 1 };
  }

  return {
    prepare(request: TransactionRequest, chain: ChainAccess): Promise<PreparedTransaction> {
      return prepareTransaction(request, chain, store);
    },

    /**
     * prepare (unless given a prepared transaction) -> sign -> persist -> broadcast. The signed transaction
     * is in IndexedDB before anything is sent, so a worker restart or every source being down loses nothing.
     * With `prepared: true` it signs exactly what was prepared (and shown for approval), only moving the
     * nonce past this wallet's own pending transactions; that path needs no source at all.
     */
    send(
      request: TransactionRequest | PreparedTransaction,
      chain: ChainAccess,
      options: { origin?: string; prepared?: boolean } = {},
    ): Promise<SendResult> {
      const from = getAddress(request.from);
      return inLane(`${chain.chainId}:${from}`, async () => {
        const tx = options.prepared
          ? await refreshNonce({ ...(request as PreparedTransaction), from, chainId: chain.chainId })
          : await prepareTransaction({ ...request, from } as TransactionRequest, chain, store);
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
