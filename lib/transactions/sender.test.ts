import { type Hex, keccak256, parseTransaction } from 'viem';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { KeyringService } from '../keyring/keyring';
import type { AccordDb } from '../storage/db';
import { createTestKeyring, PASSWORD, TEST_ADDRESS_0, TEST_ADDRESS_1, TEST_MNEMONIC } from '../testing/keyring';
import { FALLBACK_PRIORITY_FEE, prepareTransaction } from './prepare';
import { createTransactionSender, NonceTakenError, TransactionRejectedError, UnconfirmedValuesError } from './sender';
import { createTransactionStore, type TransactionStore } from './store';
import type { ChainAccess } from './types';

const GWEI = 1_000_000_000n;
const hex = (n: bigint | number) => `0x${n.toString(16)}`;

/** A scriptable chain: counts, fees, receipts, and an off switch for "every source is down". */
function fakeChain(chainId = 31337) {
  const state = {
    down: false,
    pendingCount: 5,
    latestCount: 5,
    baseFee: (10n * GWEI) as bigint | null,
    tip: (2n * GWEI) as bigint | null,
    gasPrice: 7n * GWEI,
    estimate: 21_000n,
    rejectWith: null as string | null,
    receipts: new Map<Hex, { status: '0x1' | '0x0'; blockNumber: string }>(),
    sent: [] as Hex[],
    onSend: null as ((raw: Hex) => Promise<void>) | null,
  };
  const chain: ChainAccess = {
    chainId,
    async request({ method, params = [] }) {
      if (state.down) throw new Error('fetch failed: every source is down');
      switch (method) {
        case 'eth_getTransactionCount':
          return hex(params[1] === 'latest' ? state.latestCount : state.pendingCount);
        case 'eth_getBlockByNumber':
          return state.baseFee === null ? { number: '0x10' } : { number: '0x10', baseFeePerGas: hex(state.baseFee) };
        case 'eth_maxPriorityFeePerGas':
          if (state.tip === null) throw new Error('method not found');
          return hex(state.tip);
        case 'eth_feeHistory':
          throw new Error('method not found');
        case 'eth_gasPrice':
          return hex(state.gasPrice);
        case 'eth_estimateGas':
          return hex(state.estimate);
        case 'eth_sendRawTransaction': {
          const raw = params[0] as Hex;
          await state.onSend?.(raw);
          if (state.rejectWith) throw Object.assign(new Error(state.rejectWith), { code: -32000 });
          state.sent.push(raw);
          return keccak256(raw);
        }
        case 'eth_getTransactionReceipt': {
          const receipt = state.receipts.get(params[0] as Hex);
          return receipt
            ? { ...receipt, blockHash: `0x${'ab'.repeat(32)}`, gasUsed: '0x5208', effectiveGasPrice: hex(GWEI) }
            : null;
        }
        default:
          throw new Error(`unexpected ${method}`);
      }
    },
  };
  return { chain, state };
}

let keyring: KeyringService;
let db: AccordDb;
let store: TransactionStore;

beforeEach(async () => {
  fakeBrowser.reset();
  ({ keyring, db } = await createTestKeyring());
  await keyring.importMnemonic({ password: PASSWORD, mnemonic: TEST_MNEMONIC });
  await keyring.addAccount();
  store = createTransactionStore(db);
});

const to = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';

describe('prepareTransaction', () => {
  it('fills nonce, gas and EIP-1559 fees from the chain', async () => {
    const { chain } = fakeChain();
    const tx = await prepareTransaction({ from: TEST_ADDRESS_0, to, value: 5n }, chain, store);
    expect(tx).toMatchObject({
      type: 'eip1559',
      chainId: 31337,
      nonce: 5,
      gas: 21_000n,
      maxPriorityFeePerGas: 2n * GWEI,
      maxFeePerGas: 22n * GWEI,
      value: 5n,
      from: TEST_ADDRESS_0,
    });
  });

  it('adds a margin to contract-call estimates, falls back on the tip, and keeps given values', async () => {
    const { chain, state } = fakeChain();
    state.estimate = 100_000n;
    state.tip = null;
    const tx = await prepareTransaction({ from: TEST_ADDRESS_0, to, data: '0x1234' }, chain, store);
    expect(tx).toMatchObject({ gas: 120_000n, maxPriorityFeePerGas: FALLBACK_PRIORITY_FEE });
    const given = await prepareTransaction(
      { from: TEST_ADDRESS_0, to, gas: 50_000n, maxFeePerGas: 9n * GWEI, maxPriorityFeePerGas: 1n * GWEI },
      chain,
      store,
    );
    expect(given).toMatchObject({ gas: 50_000n, maxFeePerGas: 9n * GWEI, maxPriorityFeePerGas: GWEI });
  });

  it('uses a legacy gas price when the chain has no base fee or the caller asks', async () => {
    const { chain, state } = fakeChain();
    expect(await prepareTransaction({ from: TEST_ADDRESS_0, to, type: 'legacy' }, chain, store)).toMatchObject({
      type: 'legacy',
      gasPrice: 7n * GWEI,
    });
    state.baseFee = null;
    expect(await prepareTransaction({ from: TEST_ADDRESS_0, to }, chain, store)).toMatchObject({ type: 'legacy' });
  });
});

describe('sending', () => {
  it('persists the signed transaction before broadcasting it', async () => {
    const { chain, state } = fakeChain();
    const sender = createTransactionSender({ store, signer: keyring });
    let storedAtSend: unknown;
    state.onSend = async (raw) => {
      storedAtSend = await store.get(keccak256(raw));
    };
    const result = await sender.send({ from: TEST_ADDRESS_0, to, value: 10n ** 18n }, chain, {
      origin: 'https://dapp.test',
    });
    expect(storedAtSend).toMatchObject({ hash: result.hash, status: 'pending', nonce: 5, lastBroadcastAt: null });
    expect(result).toMatchObject({ broadcast: true });
    expect(state.sent).toHaveLength(1);
    const record = await store.get(result.hash);
    expect(record).toMatchObject({
      from: TEST_ADDRESS_0,
      to,
      value: (10n ** 18n).toString(),
      nonce: 5,
      status: 'pending',
      broadcastCount: 1,
      origin: 'https://dapp.test',
    });
    expect(parseTransaction(record!.raw).nonce).toBe(5);
  });

  it('nonce = max(chain pending count, highest local pending + 1); parallel sends never collide', async () => {
    const { chain } = fakeChain();
    const sender = createTransactionSender({ store, signer: keyring });
    const [a, b] = await Promise.all([
      sender.send({ from: TEST_ADDRESS_0, to, value: 1n }, chain),
      sender.send({ from: TEST_ADDRESS_0, to, value: 2n }, chain),
    ]);
    expect([a.record.nonce, b.record.nonce].sort()).toEqual([5, 6]);
    // The chain (a quorum that lags) still says 5: the local pending ones win.
    const c = await sender.send({ from: TEST_ADDRESS_0, to, value: 3n }, chain);
    expect(c.record.nonce).toBe(7);
    // Another sender is independent.
    const d = await sender.send({ from: TEST_ADDRESS_1, to, value: 3n }, chain);
    expect(d.record.nonce).toBe(5);
  });

  it('a mined transaction keeps its nonce taken while the agreed head still lags behind it', async () => {
    const { chain, state } = fakeChain();
    const sender = createTransactionSender({ store, signer: keyring });
    const first = await sender.send({ from: TEST_ADDRESS_0, to, value: 1n }, chain);
    state.receipts.set(first.hash, { status: '0x1', blockNumber: '0x11' });
    await sender.rebroadcastPending(chain);
    expect((await store.get(first.hash))?.status).toBe('confirmed');
    // The quorum's agreed head is still the block before: it reports the old count.
    expect(state.pendingCount).toBe(5);
    const second = await sender.send({ from: TEST_ADDRESS_0, to, value: 2n }, chain);
    expect(second.record.nonce).toBe(6);
  });

  it('every source down at send time: kept pending, rebroadcast after a worker restart until mined', async () => {
    const { chain, state } = fakeChain();
    const sender = createTransactionSender({ store, signer: keyring });
    // Prepared (and approved) while sources answered; all of them are down when it is sent.
    const prepared = await sender.prepare({ from: TEST_ADDRESS_0, to, value: 1n }, chain);
    state.down = true;
    const sent = await sender.send(prepared, chain, { prepared: true });
    expect(sent.broadcast).toBe(false);
    expect(await store.get(sent.hash)).toMatchObject({ status: 'pending', lastError: expect.stringMatching(/down/) });

    // A new worker: new store and sender over the same database.
    const revived = createTransactionSender({ store: createTransactionStore(db), signer: keyring });
    expect(await revived.rebroadcastPending(chain)).toMatchObject({ checked: 1, errors: 1, resent: 0 });
    state.down = false;
    expect(await revived.rebroadcastPending(chain)).toMatchObject({ checked: 1, resent: 1 });
    expect(state.sent).toEqual([sent.record.raw]);
    expect((await store.get(sent.hash))?.broadcastCount).toBe(2);

    state.receipts.set(sent.hash, { status: '0x1', blockNumber: '0x11' });
    state.latestCount = 6;
    expect(await revived.rebroadcastPending(chain)).toMatchObject({ confirmed: 1 });
    expect(await store.get(sent.hash)).toMatchObject({
      status: 'confirmed',
      receipt: { blockNumber: 17, status: 'success', gasUsed: '21000' },
    });
    expect(await revived.rebroadcastPending(chain)).toMatchObject({ checked: 0 });
  });

  it('marks reverted transactions failed and others with the same nonce replaced', async () => {
    const { chain, state } = fakeChain();
    const sender = createTransactionSender({ store, signer: keyring });
    const first = await sender.send({ from: TEST_ADDRESS_0, to, value: 1n }, chain);
    const speedUp = await sender.send(
      {
        from: TEST_ADDRESS_0,
        to,
        value: 1n,
        nonce: first.record.nonce,
        maxFeePerGas: 50n * GWEI,
        maxPriorityFeePerGas: 5n * GWEI,
      },
      chain,
    );
    expect(speedUp.record.nonce).toBe(first.record.nonce);
    state.receipts.set(speedUp.hash, { status: '0x0', blockNumber: '0x12' });
    state.latestCount = 6;
    expect(await sender.rebroadcastPending(chain)).toMatchObject({ failed: 1, replaced: 1 });
    expect(await store.get(speedUp.hash)).toMatchObject({ status: 'failed', receipt: { status: 'reverted' } });
    expect(await store.get(first.hash)).toMatchObject({ status: 'replaced', replacedBy: speedUp.hash });
  });

  it('marks a transaction replaced when its nonce was used by a transaction from elsewhere', async () => {
    const { chain, state } = fakeChain();
    const sender = createTransactionSender({ store, signer: keyring });
    const sent = await sender.send({ from: TEST_ADDRESS_0, to, value: 1n }, chain);
    state.latestCount = 6;
    expect(await sender.rebroadcastPending(chain)).toMatchObject({ replaced: 1 });
    expect((await store.get(sent.hash))?.status).toBe('replaced');
  });

  it('a node rejecting the transaction fails it, and its nonce is reused', async () => {
    const { chain, state } = fakeChain();
    const sender = createTransactionSender({ store, signer: keyring });
    state.rejectWith = 'insufficient funds for gas * price + value';
    const error = await sender.send({ from: TEST_ADDRESS_0, to, value: 10n ** 30n }, chain).catch((e) => e);
    expect(error).toBeInstanceOf(TransactionRejectedError);
    expect(error.shortMessage).toMatch(/insufficient funds/);
    expect(await store.get(error.hash)).toMatchObject({ status: 'failed' });
    state.rejectWith = null;
    expect((await sender.send({ from: TEST_ADDRESS_0, to, value: 1n }, chain)).record.nonce).toBe(5);
  });

  it('"already known" counts as delivered', async () => {
    const { chain, state } = fakeChain();
    state.rejectWith = 'already known';
    const result = await createTransactionSender({ store, signer: keyring }).send({ from: TEST_ADDRESS_0, to }, chain);
    expect(result.broadcast).toBe(true);
    expect(result.record.status).toBe('pending');
  });

  it('needs the keyring unlocked to sign, and stores nothing otherwise', async () => {
    const { chain } = fakeChain();
    await keyring.lock();
    await expect(
      createTransactionSender({ store, signer: keyring }).send({ from: TEST_ADDRESS_0, to }, chain),
    ).rejects.toThrow(/locked/);
    expect(await store.list()).toEqual([]);
  });

  it('lists activity newest first, by chain and address', async () => {
    const { chain } = fakeChain();
    const other = fakeChain(1).chain;
    let now = 1_000;
    const sender = createTransactionSender({ store, signer: keyring, now: () => now++ });
    const a = await sender.send({ from: TEST_ADDRESS_0, to }, chain);
    const b = await sender.send({ from: TEST_ADDRESS_1, to }, chain);
    const c = await sender.send({ from: TEST_ADDRESS_0, to }, other);
    expect((await sender.listTransactions()).map((r) => r.hash)).toEqual([c.hash, b.hash, a.hash]);
    expect((await sender.listTransactions({ chainId: 31337 })).map((r) => r.hash)).toEqual([b.hash, a.hash]);
    expect((await sender.listTransactions({ address: TEST_ADDRESS_0 })).map((r) => r.hash)).toEqual([c.hash, a.hash]);
    expect(await store.pendingChainIds()).toEqual(expect.arrayContaining([1, 31337]));
  });

  it('nonce, gas and fees fewer than k operators agreed on are flagged and never signed unconfirmed', async () => {
    const { chain } = fakeChain();
    const lone = new Set(['eth_getTransactionCount', 'eth_maxPriorityFeePerGas']);
    const quorum: ChainAccess = {
      ...chain,
      async agreed(args) {
        return { value: await chain.request(args), confirmed: !lone.has(args.method) };
      },
    };
    const sender = createTransactionSender({ store, signer: keyring });
    const prepared = await sender.prepare({ from: TEST_ADDRESS_0, to, value: 1n }, quorum);
    expect(prepared.unconfirmed).toEqual(['fees', 'nonce']);
    await expect(sender.send({ from: TEST_ADDRESS_0, to, value: 1n }, quorum)).rejects.toThrow(UnconfirmedValuesError);
    await expect(sender.send(prepared, quorum, { prepared: true })).rejects.toThrow(
      /fees, nonce .*could not be confirmed/,
    );
    expect(await store.list()).toEqual([]);
    const sent = await sender.send(prepared, quorum, { prepared: true, acceptUnconfirmed: true });
    expect(sent.record).toMatchObject({ nonce: 5, maxPriorityFeePerGas: String(2n * GWEI) });
    lone.clear();
    expect((await sender.prepare({ from: TEST_ADDRESS_0, to, value: 1n }, quorum)).unconfirmed).toBeUndefined();
  });

  it('signs the reviewed transaction exactly; a nonce taken after the review is not moved but sent back', async () => {
    const { chain, state } = fakeChain();
    const sender = createTransactionSender({ store, signer: keyring });
    const reviewed = await sender.prepare({ from: TEST_ADDRESS_0, to, value: 1n }, chain);
    // A source now quotes a different tip: the reviewed fee is what gets signed.
    state.tip = 300n * GWEI;
    const other = await sender.send({ from: TEST_ADDRESS_0, to, value: 2n }, chain);
    expect(other.record.nonce).toBe(reviewed.nonce);
    const error = await sender.send(reviewed, chain, { prepared: true }).catch((e) => e);
    expect(error).toBeInstanceOf(NonceTakenError);
    expect(error).toMatchObject({ nonce: 5, nextNonce: 6 });
    expect((await store.list()).length).toBe(1);
    const again = await sender.send({ ...reviewed, nonce: error.nextNonce }, chain, { prepared: true });
    expect(parseTransaction(again.record.raw)).toMatchObject({ nonce: 6, maxPriorityFeePerGas: 2n * GWEI });
  });
});
