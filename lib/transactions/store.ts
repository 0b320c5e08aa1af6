import type { Address, Hex } from 'viem';
import type { AccordDb } from '../storage/db';
import type { TransactionRecord, TransactionStatus } from './types';

export interface ListTransactionsParameters {
  chainId?: number;
  address?: Address;
}

/** Signed transactions in IndexedDB ('transactions' store, keyed by hash). */
export function createTransactionStore(db: AccordDb) {
  const bySender = (chainId: number, from: Address): Promise<TransactionRecord[]> =>
    db.getAllFromIndex('transactions', 'byChainSender', [chainId, from]);
  const byStatus = (status: TransactionStatus): Promise<TransactionRecord[]> =>
    db.getAllFromIndex('transactions', 'byStatus', status);

  return {
    async put(record: TransactionRecord): Promise<void> {
      await db.put('transactions', record);
    },

    get(hash: Hex): Promise<TransactionRecord | undefined> {
      return db.get('transactions', hash);
    },

    async update(hash: Hex, patch: Partial<Omit<TransactionRecord, 'hash'>>): Promise<TransactionRecord | undefined> {
      const tx = db.transaction('transactions', 'readwrite');
      const record = await tx.store.get(hash);
      if (!record) {
        await tx.done;
        return undefined;
      }
      const updated = { ...record, ...patch };
      await Promise.all([tx.store.put(updated), tx.done]);
      return updated;
    },

    /** Newest first. Addresses compare case-insensitively. */
    async list({ chainId, address }: ListTransactionsParameters = {}): Promise<TransactionRecord[]> {
      const all = await db.getAll('transactions');
      const from = address?.toLowerCase();
      return all
        .filter(
          (r) =>
            (chainId === undefined || r.chainId === chainId) &&
            (!from || r.from.toLowerCase() === from || r.to?.toLowerCase() === from),
        )
        .sort((a, b) => b.createdAt - a.createdAt || b.nonce - a.nonce);
    },

    byStatus,
    bySender,

    /**
     * Highest nonce this sender has taken on the chain: pending transactions, and mined ones (confirmed,
     * reverted, or replaced by a mined rival). Mined ones count too because reads are pinned to the agreed
     * head, which can still be a block before this wallet's last transaction was mined.
     */
    async highestTakenNonce(chainId: number, from: Address): Promise<number | null> {
      const taken = (await bySender(chainId, from)).filter(
        (r) => r.status === 'pending' || r.status === 'confirmed' || r.status === 'replaced' || r.receipt,
      );
      return taken.length ? Math.max(...taken.map((r) => r.nonce)) : null;
    },

    /** Chains that have pending transactions (for the rebroadcast alarm). */
    async pendingChainIds(): Promise<number[]> {
      return [...new Set((await byStatus('pending')).map((r) => r.chainId))];
    },
  };
}

export type TransactionStore = ReturnType<typeof createTransactionStore>;
