import { type Address, type Hex, hexToBigInt, parseEther } from 'viem';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { type Devnet, minedReceipt, startDevnet } from '../../tests/fixtures/devnet';
import type { KeyringService } from '../keyring/keyring';
import { createTestKeyring, PASSWORD, TEST_ADDRESS_0, TEST_MNEMONIC } from '../testing/keyring';
import { createTransactionSender, type TransactionSender } from './sender';
import { createTransactionStore } from './store';
import type { ChainAccess } from './types';

// Signs with the keyring and sends to a real anvil behind one devnet source.

let devnet: Devnet;

function jsonRpcChain(url: string, chainId: number): ChainAccess {
  return {
    chainId,
    async request({ method, params = [] }) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
        signal: AbortSignal.timeout(5_000),
      });
      const body = (await response.json()) as { result?: unknown; error?: { code: number; message: string } };
      if (body.error) throw Object.assign(new Error(body.error.message), { code: body.error.code });
      return body.result;
    },
  };
}

async function rpc<T>(method: string, params: unknown[]): Promise<T> {
  return (await jsonRpcChain(devnet.anvilUrl, devnet.chainId).request({ method, params })) as T;
}

const recipient: Address = '0x000000000000000000000000000000000000dEaD';
let keyring: KeyringService;
let sender: TransactionSender;
let chain: ChainAccess;

beforeAll(async () => {
  devnet = await startDevnet({ sources: [{ id: 'a', operator: 'A' }] });
}, 60_000);

afterAll(async () => {
  await devnet?.stop();
});

beforeEach(async () => {
  fakeBrowser.reset();
  await devnet.setBehaviour('a', 'honest');
  const test = await createTestKeyring();
  keyring = test.keyring;
  await keyring.importMnemonic({ password: PASSWORD, mnemonic: TEST_MNEMONIC });
  sender = createTransactionSender({ store: createTransactionStore(test.db), signer: keyring });
  chain = jsonRpcChain(devnet.sourceList[0].url, devnet.chainId);
});

async function expectMined(hash: Hex, value: bigint) {
  const receipt = await minedReceipt(devnet.anvilUrl, hash);
  const tx = await rpc<{ from: string; to: string; value: Hex; blockNumber: Hex | null }>('eth_getTransactionByHash', [
    hash,
  ]);
  expect(tx.blockNumber).not.toBeNull();
  expect(tx.from.toLowerCase()).toBe(TEST_ADDRESS_0.toLowerCase());
  expect(tx.to.toLowerCase()).toBe(recipient.toLowerCase());
  expect(hexToBigInt(tx.value)).toBe(value);
  expect(receipt.status).toBe('0x1');
}

describe('devnet', () => {
  it('an EIP-1559 and a legacy transaction signed here are mined with the expected from, to and value', async () => {
    const before = hexToBigInt(await rpc<Hex>('eth_getBalance', [recipient, 'latest']));
    const a = await sender.send({ from: TEST_ADDRESS_0, to: recipient, value: parseEther('1.5') }, chain);
    expect(a.broadcast).toBe(true);
    await expectMined(a.hash, parseEther('1.5'));
    const b = await sender.send({ from: TEST_ADDRESS_0, to: recipient, value: 7n, type: 'legacy' }, chain);
    expect(b.record.nonce).toBe(a.record.nonce + 1);
    await expectMined(b.hash, 7n);
    const after = hexToBigInt(await rpc<Hex>('eth_getBalance', [recipient, 'latest']));
    expect(after - before).toBe(parseEther('1.5') + 7n);
    expect(await sender.rebroadcastPending(chain)).toMatchObject({ confirmed: 2 });
  });

  it('the source is down at send time: the signed transaction waits and is mined after rebroadcast', async () => {
    const prepared = await sender.prepare({ from: TEST_ADDRESS_0, to: recipient, value: 12_345n }, chain);
    await devnet.setBehaviour('a', 'down');
    const sent = await sender.send(prepared, chain, { prepared: true });
    expect(sent.broadcast).toBe(false);
    expect(await rpc('eth_getTransactionByHash', [sent.hash])).toBeNull();
    expect(await sender.rebroadcastPending(chain)).toMatchObject({ errors: 1 });

    await devnet.setBehaviour('a', 'honest');
    expect(await sender.rebroadcastPending(chain)).toMatchObject({ resent: 1 });
    await expectMined(sent.hash, 12_345n);
    expect(await sender.rebroadcastPending(chain)).toMatchObject({ confirmed: 1 });
    expect((await sender.listTransactions({ chainId: devnet.chainId }))[0]).toMatchObject({
      hash: sent.hash,
      status: 'confirmed',
    });
  });
});
