import { encodeFunctionData, erc20Abi, type Hex, keccak256, pad } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRpc, DEFAULT_ACCOUNTS, type Devnet, startDevnet, TEST_TOKEN_ADDRESS } from '../../tests/fixtures/devnet';
import { MissingStateError } from '../errors';
import { verifyAccountProof, verifyCode } from './account-proof';
import { executeLocalCall } from './local-call';

// A local eth_call over proofs from real anvil: right when the proofs cover what it reads, and an error
// (never a zero) when they do not.

let devnet: Devnet;
const [alice] = DEFAULT_ACCOUNTS;
const ZERO = '0x0000000000000000000000000000000000000000' as Hex;
const aliceSlot = keccak256(`${pad(alice.address.toLowerCase() as Hex)}${'0'.repeat(63)}1` as Hex);

// biome-ignore lint/suspicious/noExplicitAny: raw node answers, taken apart field by field below
const rpc = (method: string, params: unknown[]) => callRpc<any>(devnet.anvilUrl, method, params);

async function setup(slots: Hex[]) {
  const block = await rpc('eth_getBlockByNumber', ['latest', false]);
  const prove = async (address: Hex, keys: Hex[]) => {
    const account = await verifyAccountProof({
      answer: await rpc('eth_getProof', [address, keys, block.number]),
      address,
      slots: keys,
      stateRoot: block.stateRoot,
    });
    return { ...account, code: verifyCode(await rpc('eth_getCode', [address, block.number]), account) };
  };
  const header = {
    number: Number(block.number),
    timestamp: Number(block.timestamp),
    gasLimit: BigInt(block.gasLimit),
    baseFeePerGas: BigInt(block.baseFeePerGas),
    miner: block.miner,
    mixHash: block.mixHash,
  };
  return { header, accounts: [await prove(ZERO, []), await prove(TEST_TOKEN_ADDRESS, slots)] };
}

beforeAll(async () => {
  devnet = await startDevnet({ deployToken: true, sources: [{ id: 'a', operator: 'A' }] });
}, 60_000);

afterAll(async () => {
  await devnet?.stop();
});

describe('executeLocalCall', () => {
  const data = encodeFunctionData({ abi: erc20Abi, functionName: 'balanceOf', args: [alice.address] });

  it('answers balanceOf from the proven slot', async () => {
    const { header, accounts } = await setup([aliceSlot]);
    const result = await executeLocalCall({ chainId: 31337, header, accounts, call: { to: TEST_TOKEN_ADDRESS, data } });
    expect(result.kind).toBe('success');
    expect(BigInt(result.returnData)).toBe(1_000_000n * 10n ** 18n);
  });

  it('fails closed when the slot it reads was not proven, naming it', async () => {
    const { header, accounts } = await setup([]);
    const error = await executeLocalCall({
      chainId: 31337,
      header,
      accounts,
      call: { to: TEST_TOKEN_ADDRESS, data },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingStateError);
    expect((error as MissingStateError).slot).toBe(aliceSlot);
  });

  it('fails closed when the called account itself was not proven', async () => {
    const { header, accounts } = await setup([aliceSlot]);
    await expect(
      executeLocalCall({
        chainId: 31337,
        header,
        accounts: accounts.slice(0, 1),
        call: { to: TEST_TOKEN_ADDRESS, data },
      }),
    ).rejects.toBeInstanceOf(MissingStateError);
  });
});
