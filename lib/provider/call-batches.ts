// EIP-5792 call batches after the user approved them. Accord has no atomic execution: the calls go out
// one by one, each prepared (nonce, gas, fees) only after the one before it was mined, so a call that
// depends on the previous one's effect is estimated against it; a call that fails or reverts stops the
// rest. Batches and their receipts live in storage.session for wallet_getCallsStatus, keyed by the origin
// that sent them and their id: ids are chosen by pages, so one site's id never reaches another's batch.
import type { Address, Hex } from 'viem';
import type { KeyValueArea } from '../storage/areas';
import type { DappBackend } from './backend';
import { ProviderError } from './errors';

export interface BatchCall {
  to: Address | null;
  value: string;
  data: Hex;
}

export interface CallBatch {
  id: string;
  origin: string;
  chainId: number;
  from: Address;
  calls: BatchCall[];
  /** One entry per call sent, in order. */
  sent: { hash: Hex; receipt?: Record<string, unknown> }[];
  state: 'running' | 'done' | 'failed';
  error?: string;
  createdAt: number;
}

/** EIP-5792 status codes. */
export const CallsStatus = {
  pending: 100,
  success: 200,
  offchainFailure: 400,
  reverted: 500,
  partiallyReverted: 600,
} as const;

export interface CreateCallBatchesParameters {
  area: KeyValueArea;
  backend: Pick<DappBackend, 'transactions' | 'networks'>;
  now?: () => number;
  receiptPollMs?: number;
  receiptTimeoutMs?: number;
  maxKept?: number;
}

export type CallBatches = ReturnType<typeof createCallBatches>;

const STORE_KEY = 'dapp:call-batches';
/** EIP-5792: a batch id this site already used. */
export const DUPLICATE_BATCH_ID = 5720;

/** Where a batch is stored: its origin and its id (an origin never contains a space). */
const keyOf = (origin: string, id: string) => `${origin} ${id}`;

export function createCallBatches({
  area,
  backend,
  now = Date.now,
  receiptPollMs = 1_000,
  receiptTimeoutMs = 3 * 60_000,
  maxKept = 100,
}: CreateCallBatchesParameters) {
  const running = new Set<string>();
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => {});
    return next;
  };

  async function readAll(): Promise<Record<string, CallBatch>> {
    const stored = (await area.get(STORE_KEY))[STORE_KEY];
    return stored && typeof stored === 'object' ? (stored as Record<string, CallBatch>) : {};
  }

  async function update(key: string, change: (batch: CallBatch) => void): Promise<CallBatch | null> {
    return serial(async () => {
      const all = await readAll();
      const batch = all[key];
      if (!batch) return null;
      change(batch);
      await area.set({ [STORE_KEY]: all });
      return batch;
    });
  }

  async function waitForReceipt(chainId: number, hash: Hex): Promise<Record<string, unknown>> {
    const deadline = now() + receiptTimeoutMs;
    for (;;) {
      const receipt = await backend.networks
        .request(chainId, { method: 'eth_getTransactionReceipt', params: [hash] })
        .catch(() => null);
      if (receipt && typeof receipt === 'object') return receipt as Record<string, unknown>;
      if (now() > deadline) throw new Error(`no receipt for ${hash} within ${receiptTimeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, receiptPollMs));
    }
  }

  async function run(key: string): Promise<void> {
    if (running.has(key)) return;
    running.add(key);
    try {
      for (;;) {
        const batch = (await readAll())[key];
        if (batch?.state !== 'running') return;
        const index = batch.sent.length;
        const last = batch.sent.at(-1);
        // 1. The call sent last: wait for it to be mined; a revert stops the batch.
        if (last && !last.receipt) {
          const receipt = await waitForReceipt(batch.chainId, last.hash);
          await update(key, (b) => {
            b.sent[b.sent.length - 1].receipt = receipt;
            if (receipt.status !== '0x1') {
              b.state = 'failed';
              b.error = `call ${b.sent.length} reverted; the calls after it were not sent`;
            } else if (b.sent.length === b.calls.length) {
              b.state = 'done';
            }
          });
          continue;
        }
        // 2. The next call: prepared now, against the state the previous calls left.
        const call = batch.calls[index];
        const prepared = await backend.transactions.prepare({
          chainId: batch.chainId,
          from: batch.from,
          to: call.to,
          value: BigInt(call.value),
          data: call.data,
        });
        const hash = await backend.transactions.send(prepared, { origin: batch.origin });
        await update(key, (b) => {
          b.sent.push({ hash });
        });
      }
    } catch (error) {
      await update(key, (b) => {
        b.state = 'failed';
        const waitingFor = b.sent.at(-1) && !b.sent.at(-1)?.receipt;
        b.error = `call ${waitingFor ? b.sent.length : b.sent.length + 1}: ${(error as Error).message}`;
      });
    } finally {
      running.delete(key);
    }
  }

  return {
    /**
     * Stores an approved batch and starts sending it; resolves once it is stored. An id this origin already
     * used (two requests with one id approved one after the other) is refused with 5720, nothing sent.
     */
    async start(batch: Omit<CallBatch, 'sent' | 'state' | 'createdAt'>): Promise<void> {
      const key = keyOf(batch.origin, batch.id);
      await serial(async () => {
        const all = await readAll();
        if (all[key]) throw new ProviderError(DUPLICATE_BATCH_ID, `A batch with id ${batch.id} was already sent.`);
        const kept = Object.entries(all)
          .sort(([, a], [, b]) => a.createdAt - b.createdAt)
          .slice(-(maxKept - 1));
        const next = Object.fromEntries(kept);
        next[key] = { ...batch, sent: [], state: 'running', createdAt: now() };
        await area.set({ [STORE_KEY]: next });
      });
      void run(key);
    },

    async exists(origin: string, id: string): Promise<boolean> {
      return (await readAll())[keyOf(origin, id)] !== undefined;
    },

    /**
     * A batch as this origin may see it. One that was running when the worker stopped resumes when every
     * call had been sent (only receipts were missing); otherwise it ends failed rather than sending late.
     */
    async get(origin: string, id: string): Promise<CallBatch | null> {
      const key = keyOf(origin, id);
      const batch = (await readAll())[key];
      if (!batch) return null;
      if (batch.state === 'running' && !running.has(key)) {
        const allSent = batch.sent.length === batch.calls.length;
        if (allSent) void run(key);
        else {
          return update(key, (b) => {
            b.state = 'failed';
            b.error = `Accord was restarted before call ${b.sent.length + 1} was sent; it and the calls after it were not sent`;
          });
        }
      }
      return batch;
    },
  };
}

/** EIP-5792 status of a batch, from what was sent and mined. */
export function batchStatus(batch: CallBatch): number {
  if (batch.state === 'running') return CallsStatus.pending;
  if (batch.state === 'done') return CallsStatus.success;
  const mined = batch.sent.filter((s) => s.receipt);
  if (mined.length === 0) return CallsStatus.offchainFailure;
  const succeeded = mined.filter((s) => s.receipt?.status === '0x1').length;
  return succeeded === 0 ? CallsStatus.reverted : CallsStatus.partiallyReverted;
}
