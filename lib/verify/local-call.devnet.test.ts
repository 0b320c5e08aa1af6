import { encodeFunctionData, erc20Abi, type Hex, keccak256, pad } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRpc, DEFAULT_ACCOUNTS, type Devnet, startDevnet, TEST_TOKEN_ADDRESS } from '../../tests/fixtures/devnet';
import { deployLoopContract, loopCallData } from '../../tests/fixtures/devnet/loop-contract';
import { LocalCallTimeLimitError, MissingStateError } from '../errors';
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

async function setup(slots: Hex[], contract: Hex = TEST_TOKEN_ADDRESS) {
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
  return { header, accounts: [await prove(ZERO, []), await prove(contract, slots)] };
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

describe('executeLocalCall limits', () => {
  let loop: Hex;
  beforeAll(async () => {
    loop = await deployLoopContract(devnet.anvilUrl, alice.address, 'iszero');
  });

  it('runs a short loop to its answer', async () => {
    const { header, accounts } = await setup([], loop);
    const result = await executeLocalCall({
      chainId: 31337,
      header,
      accounts,
      call: { to: loop, data: loopCallData(10) },
    });
    expect(result).toMatchObject({ kind: 'success', returnData: pad('0x2a') });
  });

  it('stops a loop at its deadline, with no answer (gas alone would let it run for seconds)', async () => {
    const { header, accounts } = await setup([], loop);
    const started = Date.now();
    // 700,000 iterations: 28 M gas, under the gas cap.
    const error = await executeLocalCall({
      chainId: 31337,
      header,
      accounts,
      call: { to: loop, data: loopCallData(700_000) },
      deadline: Date.now() + 50,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LocalCallTimeLimitError);
    // Generous: the point is that it stopped near 50 ms, not after the whole loop.
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('caps gas at 30 M even when the call and the block allow more', async () => {
    const { header, accounts } = await setup([], loop);
    const roomy = { ...header, gasLimit: 10n ** 9n };
    // 800,000 iterations need 32 M gas.
    await expect(
      executeLocalCall({
        chainId: 31337,
        header: roomy,
        accounts,
        call: { to: loop, data: loopCallData(800_000), gas: 10n ** 9n },
        deadline: Date.now() + 60_000,
      }),
    ).rejects.toThrow(/out of gas/);
  }, 30_000);
});
