import { type Hex, keccak256, numberToHex, pad } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRpc, DEFAULT_ACCOUNTS, type Devnet, startDevnet, TEST_TOKEN_ADDRESS } from '../../tests/fixtures/devnet';
import { ProofError } from '../errors';
import { EMPTY_CODE_HASH, verifyAccountProof, verifyCode } from './account-proof';

// Real proofs from anvil, checked against the real state root; forgeries derived from them must fail.

let devnet: Devnet;
let stateRoot: Hex;
let blockNumber: Hex;
const [alice] = DEFAULT_ACCOUNTS;
const FRESH = '0x00000000000000000000000000000000000a11ce' as Hex;

// biome-ignore lint/suspicious/noExplicitAny: raw node answers, taken apart field by field below
const rpc = (method: string, params: unknown[]) => callRpc<any>(devnet.anvilUrl, method, params);

/** ATT keeps balances in slot 1 (after totalSupply): balanceOf[alice] is at keccak256(pad(alice) ++ pad(1)). */
const aliceTokenSlot = keccak256(`${pad(alice.address.toLowerCase() as Hex)}${'0'.repeat(63)}1` as Hex);

beforeAll(async () => {
  devnet = await startDevnet({ deployToken: true, sources: [{ id: 'a', operator: 'A' }] });
  const block = await rpc('eth_getBlockByNumber', ['latest', false]);
  stateRoot = block.stateRoot;
  blockNumber = block.number;
}, 60_000);

afterAll(async () => {
  await devnet?.stop();
});

describe('verifyAccountProof', () => {
  it('proves a funded account, an absent one and a contract slot', async () => {
    const answer = await rpc('eth_getProof', [alice.address, [], blockNumber]);
    const proven = await verifyAccountProof({ answer, address: alice.address, slots: [], stateRoot });
    expect(proven.balance).toBe(BigInt(await rpc('eth_getBalance', [alice.address, blockNumber])));
    expect(proven.nonce).toBe(BigInt(await rpc('eth_getTransactionCount', [alice.address, blockNumber])));
    expect(proven.codeHash).toBe(EMPTY_CODE_HASH);

    const absent = await verifyAccountProof({
      answer: await rpc('eth_getProof', [FRESH, [pad('0x1')], blockNumber]),
      address: FRESH,
      slots: ['0x1'],
      stateRoot,
    });
    expect(absent.balance).toBe(0n);
    expect(absent.storage.get(pad('0x1'))).toBe(0n);

    const token = await verifyAccountProof({
      answer: await rpc('eth_getProof', [TEST_TOKEN_ADDRESS, [aliceTokenSlot], blockNumber]),
      address: TEST_TOKEN_ADDRESS,
      slots: [aliceTokenSlot],
      stateRoot,
    });
    expect(token.storage.get(aliceTokenSlot)).toBe(1_000_000n * 10n ** 18n);
    const code = await rpc('eth_getCode', [TEST_TOKEN_ADDRESS, blockNumber]);
    expect(verifyCode(code, token)).toBe(code.toLowerCase());
    expect(() => verifyCode(`${code}00`, token)).toThrow(ProofError);
  });

  it('refuses a wrong balance sent with the real proof', async () => {
    const answer = await rpc('eth_getProof', [alice.address, [], blockNumber]);
    const forged = { ...answer, balance: '0x0' };
    await expect(verifyAccountProof({ answer: forged, address: alice.address, slots: [], stateRoot })).rejects.toThrow(
      /claims balance 0 but its proof shows/,
    );
  });

  it('refuses a tampered proof node', async () => {
    const answer = await rpc('eth_getProof', [alice.address, [], blockNumber]);
    const nodes = [...answer.accountProof];
    const last = nodes[nodes.length - 1] as string;
    nodes[nodes.length - 1] = `${last.slice(0, -4)}${last.slice(-4) === '0000' ? '0001' : '0000'}`;
    await expect(
      verifyAccountProof({ answer: { ...answer, accountProof: nodes }, address: alice.address, slots: [], stateRoot }),
    ).rejects.toThrow(ProofError);
  });

  it('refuses a proof from another block', async () => {
    await rpc('anvil_mine', ['0x1']);
    await rpc('eth_sendTransaction', [{ from: alice.address, to: FRESH, value: '0x1' }]);
    const answer = await rpc('eth_getProof', [alice.address, [], 'latest']);
    await expect(verifyAccountProof({ answer, address: alice.address, slots: [], stateRoot })).rejects.toThrow(
      ProofError,
    );
  });

  it('refuses a storage value the storage proof does not show, and a missing slot', async () => {
    const answer = await rpc('eth_getProof', [TEST_TOKEN_ADDRESS, [aliceTokenSlot], blockNumber]);
    const forged = { ...answer, storageProof: [{ ...answer.storageProof[0], value: numberToHex(5) }] };
    await expect(
      verifyAccountProof({ answer: forged, address: TEST_TOKEN_ADDRESS, slots: [aliceTokenSlot], stateRoot }),
    ).rejects.toThrow(/claims slot/);
    await expect(
      verifyAccountProof({
        answer: { ...answer, storageProof: [] },
        address: TEST_TOKEN_ADDRESS,
        slots: [aliceTokenSlot],
        stateRoot,
      }),
    ).rejects.toThrow(/no storage proof/);
  });

  it('refuses a one-node trie built by the liar (its own root, not the header’s)', async () => {
    const answer = await rpc('eth_getProof', [alice.address, [], blockNumber]);
    const forged = { ...answer, accountProof: answer.accountProof.slice(-1) };
    await expect(verifyAccountProof({ answer: forged, address: alice.address, slots: [], stateRoot })).rejects.toThrow(
      ProofError,
    );
  });
});
