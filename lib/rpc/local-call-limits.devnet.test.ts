import { type Hex, pad } from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNTS, type Devnet } from '../../tests/fixtures/devnet';
import { setupFiveSourceDevnet } from '../../tests/fixtures/devnet/five-sources';
import { deployLoopContract, loopCallData } from '../../tests/fixtures/devnet/loop-contract';
import { createQuorumClient, type QuorumClient, type QuorumClientParameters } from './quorum';

// A verified eth_call runs in the local EVM under bounds (time, accounts, slots, rounds of proofs). Past one,
// the call falls back to agreement: real anvil, five sources on five loopback hosts, a loop contract.

const [, bob] = DEFAULT_ACCOUNTS;
const net = setupFiveSourceDevnet();
let devnet: Devnet;
beforeAll(() => {
  devnet = net.devnet;
});

function client(options: Partial<QuorumClientParameters> = {}) {
  return net.track(
    createQuorumClient({ chainId: devnet.chainId, sources: net.sourcesOf(), timeoutMs: 15_000, ...options }),
  );
}

describe('local eth_call limits: past a bound the call falls back to agreement, never answered from a partial run', () => {
  const loops: Record<'iszero' | 'balance' | 'sload', Hex> = { iszero: '0x', balance: '0x', sload: '0x' };
  beforeAll(async () => {
    for (const op of ['iszero', 'balance', 'sload'] as const) {
      loops[op] = await deployLoopContract(devnet.anvilUrl, bob.address, op);
    }
  });
  const FORTY_TWO = pad('0x2a');
  const callsTo = async (method: string) => {
    const counts = await devnet.counts();
    return Object.values(counts).reduce((n, x) => n + (x.methods[method] ?? 0), 0);
  };
  const loopCall = (c: QuorumClient, op: keyof typeof loops, n: number, revert = false) =>
    c.request({ method: 'eth_call', params: [{ to: loops[op], data: loopCallData(n, revert) }, 'latest'] });

  it('a short loop is verified', async () => {
    const c = client();
    await c.refreshHead();
    expect(await loopCall(c, 'iszero', 10)).toMatchObject({ status: 'verified', value: FORTY_TWO });
  });

  it('past its time limit: abandoned after one source (the same state takes as long anywhere), then agreed', async () => {
    const c = client({ localCallTimeLimitMs: 50 });
    await c.refreshHead();
    await devnet.resetCounts();
    // 700,000 iterations, 28 M gas: seconds in the local EVM, within the gas cap.
    const r = await loopCall(c, 'iszero', 700_000);
    expect(r).toMatchObject({ status: 'confirmed', value: FORTY_TWO });
    expect(r.evidence.rule).toBe('state');
    expect(await callsTo('eth_createAccessList')).toBe(1);
  });

  it('more accounts than a local call may prove (64): agreed, not verified', async () => {
    const c = client();
    await c.refreshHead();
    expect(await loopCall(c, 'balance', 70)).toMatchObject({ status: 'confirmed', value: FORTY_TWO });
  });

  it('more slots than a local call may prove (512): agreed, not verified', async () => {
    const c = client();
    await c.refreshHead();
    expect(await loopCall(c, 'sload', 600)).toMatchObject({ status: 'confirmed', value: FORTY_TWO });
  });

  it('more rounds of proofs than a call may take (8): a revert with no access list, one account per round', async () => {
    const c = client();
    await c.refreshHead();
    const r = await loopCall(c, 'balance', 10, true);
    expect(r.status).toBe('confirmed');
    expect(r.error?.code).toBe(3);
    // Within the limit the same revert is verified.
    expect((await loopCall(c, 'balance', 3, true)).status).toBe('verified');
  });
});
