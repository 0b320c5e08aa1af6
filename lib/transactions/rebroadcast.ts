import { type Address, type Hex, hexToBigInt, isHex } from 'viem';
import { broadcastRaw, errorText } from './broadcast';
import type { TransactionStore } from './store';
import type { ChainAccess, ReceiptSummary, TransactionRecord } from './types';

export const REBROADCAST_ALARM = 'accord-rebroadcast';
/** Suggested alarm period. */
export const REBROADCAST_PERIOD_MINUTES = 1;

export interface RebroadcastSummary {
  checked: number;
  resent: number;
  confirmed: number;
  failed: number;
  replaced: number;
  errors: number;
}

interface RpcReceipt {
  blockNumber?: string;
  blockHash?: Hex;
  gasUsed?: string;
  effectiveGasPrice?: string;
  status?: string;
}

function summarize(receipt: RpcReceipt): ReceiptSummary | null {
  if (!receipt?.blockNumber || !isHex(receipt.blockNumber) || !receipt.blockHash) return null;
  return {
    blockNumber: Number(hexToBigInt(receipt.blockNumber)),
    blockHash: receipt.blockHash,
    gasUsed: receipt.gasUsed && isHex(receipt.gasUsed) ? hexToBigInt(receipt.gasUsed).toString() : '0',
    effectiveGasPrice:
      receipt.effectiveGasPrice && isHex(receipt.effectiveGasPrice)
        ? hexToBigInt(receipt.effectiveGasPrice).toString()
        : null,
    status: receipt.status === '0x0' ? 'reverted' : 'success',
  };
}

async function receiptOf(hash: Hex, chain: ChainAccess): Promise<ReceiptSummary | null> {
  const receipt = (await chain.request({ method: 'eth_getTransactionReceipt', params: [hash] })) as RpcReceipt | null;
  return receipt ? summarize(receipt) : null;
}

async function minedCount(from: Address, chain: ChainAccess): Promise<number> {
  const count = await chain.request({ method: 'eth_getTransactionCount', params: [from, 'latest'] });
  if (typeof count !== 'string' || !isHex(count)) throw new Error('eth_getTransactionCount returned no quantity');
  return Number(hexToBigInt(count));
}

/**
 * One tick of the rebroadcast alarm for one chain, over its pending transactions (oldest nonce first):
 *   1. a receipt -> confirmed (or failed if it reverted); other local txs with that nonce -> replaced;
 *   2. no receipt but the sender's mined nonce count is past it -> replaced (another tx took the nonce);
 *   3. otherwise send the stored raw transaction again.
 * A source error leaves the transaction pending for the next tick.
 */
export async function rebroadcastPending(
  chain: ChainAccess,
  store: TransactionStore,
  now: () => number,
): Promise<RebroadcastSummary> {
  const summary: RebroadcastSummary = { checked: 0, resent: 0, confirmed: 0, failed: 0, replaced: 0, errors: 0 };
  const pending = (await store.byStatus('pending'))
    .filter((r) => r.chainId === chain.chainId)
    .sort((a, b) => a.from.localeCompare(b.from) || a.nonce - b.nonce);
  summary.checked = pending.length;
  const failedChecks = new Set<Hex>();

  async function fail(record: TransactionRecord, error: unknown): Promise<void> {
    summary.errors++;
    failedChecks.add(record.hash);
    await store.update(record.hash, { lastError: errorText(error) });
  }

  // 1. Receipts first, so a mined replacement settles its rivals before they are looked at.
  for (const record of pending) {
    try {
      if ((await store.get(record.hash))?.status !== 'pending') continue;
      const receipt = await receiptOf(record.hash, chain);
      if (receipt) await settle(store, record, receipt, summary);
    } catch (error) {
      await fail(record, error);
    }
  }

  // 2 and 3. Nonce taken elsewhere, or send again.
  const counts = new Map<Address, number>();
  for (const record of pending) {
    if (failedChecks.has(record.hash)) continue;
    try {
      if ((await store.get(record.hash))?.status !== 'pending') continue;
      if (!counts.has(record.from)) counts.set(record.from, await minedCount(record.from, chain));
      if (counts.get(record.from)! > record.nonce) {
        // Mined between the two calls? Look once more before calling it replaced.
        const late = await receiptOf(record.hash, chain);
        if (late) await settle(store, record, late, summary);
        else {
          await store.update(record.hash, { status: 'replaced' });
          summary.replaced++;
        }
        continue;
      }
      const outcome = await broadcastRaw(record.raw, chain);
      await store.update(record.hash, {
        lastBroadcastAt: now(),
        broadcastCount: record.broadcastCount + 1,
        lastError: outcome.kind === 'sent' ? undefined : outcome.message,
      });
      if (outcome.kind === 'unreachable') summary.errors++;
      else summary.resent++;
    } catch (error) {
      await fail(record, error);
    }
  }
  return summary;
}

/** Records the receipt; other local pending transactions with the same sender and nonce lost to it. */
async function settle(
  store: TransactionStore,
  mined: TransactionRecord,
  receipt: ReceiptSummary,
  summary: RebroadcastSummary,
): Promise<void> {
  const status = receipt.status === 'success' ? 'confirmed' : 'failed';
  await store.update(mined.hash, { status, receipt, lastError: undefined });
  summary[status]++;
  const rivals = (await store.bySender(mined.chainId, mined.from)).filter(
    (r) => r.nonce === mined.nonce && r.hash !== mined.hash && r.status === 'pending',
  );
  for (const rival of rivals) {
    await store.update(rival.hash, { status: 'replaced', replacedBy: mined.hash });
    summary.replaced++;
  }
}
