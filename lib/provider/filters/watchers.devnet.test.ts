// Filters and subscriptions over the real quorum client and real anvil behind three devnet sources: a
// reorg made with evm_revert returns the logs of the block that left the chain with removed: true.
import { encodeFunctionData, erc20Abi } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNTS, type Devnet, startDevnet } from '../../../tests/fixtures/devnet';
import { callRpc } from '../../../tests/fixtures/devnet/json-rpc';
import { createQuorumClient, type QuorumClient } from '../../rpc';
import { DAPP, memoryArea } from '../../testing/provider-fakes';
import { createWatchers, type Watchers } from './watchers';

let devnet: Devnet;
let client: QuorumClient;
let watchers: Watchers;
const pushed: { id: string; result: Record<string, unknown> }[] = [];

beforeAll(async () => {
  devnet = await startDevnet({
    sources: [
      { id: 'a', operator: 'Alpha' },
      { id: 'b', operator: 'Bravo' },
      { id: 'c', operator: 'Charlie' },
    ],
    deployToken: true,
  });
  client = createQuorumClient({
    chainId: 31337,
    sources: devnet.sourceList.map(({ id, url, operator }) => ({ id, url, operator, enabled: true })),
    quorum: 2,
  });
  watchers = createWatchers({
    area: memoryArea(),
    chain: {
      async head() {
        const anchor = await client.refreshHead();
        return anchor ? { number: anchor.number, hash: anchor.hash } : null;
      },
      request: (_chainId, request) => client.requestForDapp(request),
    },
    push: async (record, result) => {
      pushed.push({ id: record.id, result: result as Record<string, unknown> });
      return true;
    },
    pollMs: 60_000,
  });
});

afterAll(async () => {
  watchers?.stop();
  client?.close();
  await devnet?.stop();
});

async function transfer(amount: bigint): Promise<string> {
  const data = encodeFunctionData({
    abi: erc20Abi,
    functionName: 'transfer',
    args: [DEFAULT_ACCOUNTS[1].address, amount],
  });
  const from = DEFAULT_ACCOUNTS[0].address;
  return callRpc<string>(devnet.anvilUrl, 'eth_sendTransaction', [{ from, to: devnet.tokenAddress, data }]);
}

describe('watchers on the devnet', () => {
  it('a log filter and a logs subscription see a transfer, then see it removed when a reorg drops its block', async () => {
    const filter = await watchers.create(DAPP, 31337, 'logs', 'poll', { address: devnet.tokenAddress });
    const subscription = await watchers.create(DAPP, 31337, 'logs', 'push', { address: devnet.tokenAddress });
    const heads = await watchers.create(DAPP, 31337, 'blocks', 'push');
    const snapshot = await callRpc<string>(devnet.anvilUrl, 'evm_snapshot');

    const hash = await transfer(7n);
    const added = (await watchers.changes(DAPP.origin, filter)) as Record<string, unknown>[];
    expect(added.map((l) => [l.transactionHash, l.removed])).toEqual([[hash, false]]);
    await watchers.poll();
    expect(
      pushed.filter((p) => p.id === subscription).map((p) => [p.result.transactionHash, p.result.removed]),
    ).toEqual([[hash, false]]);
    const before = pushed.filter((p) => p.id === heads).length;
    expect(before).toBeGreaterThan(0);

    // The transfer's block leaves the chain; two empty blocks take its height and the next.
    await callRpc(devnet.anvilUrl, 'evm_revert', [snapshot]);
    await callRpc(devnet.anvilUrl, 'anvil_mine', ['0x2']);
    const after = (await watchers.changes(DAPP.origin, filter)) as Record<string, unknown>[];
    expect(after.map((l) => [l.transactionHash, l.removed])).toEqual([[hash, true]]);
    await watchers.poll();
    expect(
      pushed.filter((p) => p.id === subscription).map((p) => [p.result.transactionHash, p.result.removed]),
    ).toEqual([
      [hash, false],
      [hash, true],
    ]);
    // newHeads delivered the two blocks of the new branch.
    const newHeads = pushed.filter((p) => p.id === heads).slice(before);
    expect(newHeads).toHaveLength(2);
    expect(newHeads.map((p) => typeof p.result.hash)).toEqual(['string', 'string']);
  });
});
