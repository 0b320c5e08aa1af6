import { type Hex, numberToHex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevnetBeacon, startDevnetBeacon } from '../../tests/fixtures/beacon/devnet-beacon';
import { callRpc, DEFAULT_ACCOUNTS, minedReceipt } from '../../tests/fixtures/devnet';
import { setupFiveSourceDevnet } from '../../tests/fixtures/devnet/five-sources';
import 'fake-indexeddb/auto';
import type { ConsensusVerifyAt } from '../messages/popup-api';
import { createQuorumClient } from '../rpc/quorum';
import { verifiedLine } from '../rpc/types';
import { startTestBackground } from '../testing/background';
import { memoryArea } from '../testing/memory-area';
import { createLightClients } from './light-clients';

// The light client against real anvil and the devnet beacon, through the quorum client. A dapp's `finalized`
// block is the block the sync committee finalized (the devnet beacon finalizes the block before anvil's
// latest), proven against that header; anvil's own idea of `finalized` (64 blocks back) is not asked. And a
// block the sources already report (as when the wallet's own transaction was mined) is caught up at once,
// not at the light client's next turn a slot later.

const net = setupFiveSourceDevnet();
let beacon: DevnetBeacon;
beforeAll(async () => {
  beacon = await startDevnetBeacon({ host: '127.0.0.14', rpcUrl: net.devnet.anvilUrl });
});
afterAll(async () => {
  await beacon?.stop();
});

function clientWith(options: { lightClient: boolean; verifyAt?: ConsensusVerifyAt; advanceEveryMs?: number }) {
  const lightClients = createLightClients({
    area: memoryArea(),
    settingsFor: async () => ({
      beaconSources: [{ id: 'devnet-beacon', url: beacon.url, operator: 'devnet-beacon' }],
      checkpoint: beacon.checkpoint(),
      chain: beacon.config,
      verifyAt: options.verifyAt ?? 'optimistic',
    }),
    // A loaded machine may take seconds to sign and check the fixture's updates: reads wait for the sync.
    maxWaitMs: 20_000,
    ...(options.advanceEveryMs ? { advanceEveryMs: options.advanceEveryMs } : {}),
  });
  return net.track(
    createQuorumClient({
      chainId: net.devnet.chainId,
      sources: net.sourcesOf(),
      quorum: 2,
      ...(options.lightClient ? { consensusHead: (request) => lightClients.head(net.devnet.chainId, request) } : {}),
    }),
  );
}

/** Pays a fresh address and mines one block on top: the light client's finalized block is the payment's. */
async function paidThenOneMore(to: Hex): Promise<number> {
  const [, bob] = DEFAULT_ACCOUNTS;
  const hash = await callRpc<Hex>(net.devnet.anvilUrl, 'eth_sendTransaction', [
    { from: bob.address, to, value: '0x7' },
  ]);
  const paidAt = Number((await minedReceipt(net.devnet.anvilUrl, hash)).blockNumber);
  await callRpc(net.devnet.anvilUrl, 'anvil_mine', ['0x1']);
  return paidAt;
}

describe('a dapp’s finalized block where the light client runs', () => {
  it('is the block the sync committee finalized, proven there: not the sources’ finalized, not the head', async () => {
    const fresh: Hex = '0xf1a1000000000000000000000000000000000f1a';
    const paidAt = await paidThenOneMore(fresh);
    const sourcesFinalized = await callRpc<{ number: Hex }>(net.devnet.anvilUrl, 'eth_getBlockByNumber', [
      'finalized',
      false,
    ]);
    expect(Number(sourcesFinalized.number)).toBeLessThan(paidAt);

    const c = clientWith({ lightClient: true });
    const r = await c.request({ method: 'eth_getBalance', params: [fresh, 'finalized'] });
    expect(r).toMatchObject({ status: 'verified', value: '0x7' });
    expect(r.evidence.rule).toBe('proof');
    const anchor = r.evidence.anchor!;
    expect(anchor.number).toBe(paidAt);
    expect(anchor.basis).toMatchObject({ kind: 'consensus', finalized: true });
    expect(verifiedLine(anchor)).toBe(`Verified by Ethereum consensus · finalized block ${paidAt}`);
    expect(anchor.stateRoot).toBe(
      (await callRpc<{ stateRoot: Hex }>(net.devnet.anvilUrl, 'eth_getBlockByNumber', [numberToHex(paidAt), false]))
        .stateRoot,
    );
    // The reads at the head stay at the newest signed block (the network's setting).
    const latest = await c.request({ method: 'eth_getBalance', params: [fresh, 'latest'] });
    expect(latest.evidence.anchor!.basis).toMatchObject({ kind: 'consensus', finalized: false });
    expect(latest.evidence.anchor!.number).toBeGreaterThan(paidAt);
    // The block itself, asked by tag, is the same finalized one.
    const block = await c.request({ method: 'eth_getBlockByNumber', params: ['finalized', false] });
    expect((block.value as { number: Hex }).number).toBe(numberToHex(paidAt));
  });

  it('without a light client the tag goes to the sources: k of them agree on their own finalized block', async () => {
    const fresh: Hex = '0xf1a2000000000000000000000000000000000f1a';
    await paidThenOneMore(fresh);
    const c = clientWith({ lightClient: false });
    const r = await c.request({ method: 'eth_getBalance', params: [fresh, 'finalized'] });
    expect(r).toMatchObject({ status: 'confirmed', value: '0x0' });
    expect(r.evidence.rule).toBe('state');
  });

  it('through the background: a page asking for its balance at finalized gets the value at the committee’s block', async () => {
    const fresh: Hex = '0xf1a4000000000000000000000000000000000f1a';
    const paidAt = await paidThenOneMore(fresh);
    const bg = await startTestBackground({
      devnet: {
        chainId: net.devnet.chainId,
        name: 'Local devnet',
        symbol: 'ETH',
        sources: net.sourcesOf().map(({ id, url, operator }) => ({ id, url, operator })),
        consensus: {
          beaconSources: [{ id: 'devnet-beacon', url: beacon.url, operator: 'Devnet beacon' }],
          checkpoint: beacon.checkpoint(),
          chain: beacon.config,
        },
      },
    });
    try {
      const page = 'https://dapp.example';
      await bg.hello(page);
      expect(await bg.dapp(page, 'eth_getBalance', [fresh, 'finalized'])).toMatchObject({ result: '0x7' });
      expect(await bg.dapp(page, 'eth_getBlockByNumber', ['finalized', false])).toMatchObject({
        result: { number: numberToHex(paidAt) },
      });
      expect(await bg.dapp(page, 'eth_getBalance', [fresh, 'latest'])).toMatchObject({ result: '0x7' });
    } finally {
      bg.close();
    }
  });

  it('with the beacon node down and no synced client, the tag goes to the sources: confirmed, not verified', async () => {
    beacon.setMode('down');
    try {
      const fresh: Hex = '0xf1a3000000000000000000000000000000000f1a';
      await paidThenOneMore(fresh);
      const c = clientWith({ lightClient: true });
      const r = await c.request({ method: 'eth_getBalance', params: [fresh, 'finalized'] });
      expect(r).toMatchObject({ status: 'confirmed', value: '0x0' });
    } finally {
      beacon.setMode('honest');
    }
  });
});

describe('a light client behind the block the sources report', () => {
  it('catches up at the next head refresh instead of waiting a slot: the anchor is the new block, signed', async () => {
    // Its turn to advance is a long way off, so only the catch-up can move it within this test.
    const c = clientWith({ lightClient: true, advanceEveryMs: 10 * 60_000 });
    const first = await c.refreshHead();
    expect(first!.basis).toMatchObject({ kind: 'consensus' });
    await callRpc(net.devnet.anvilUrl, 'anvil_mine', ['0x1']);
    const mined = first!.number + 1;
    // This refresh learns that the sources have the new block; the light client's turn is a slot away.
    await c.refreshHead();
    // Out of turn, at most every 2 s: the next refresh asks the beacon node at once (and waits up to 1 s for
    // it, so a loaded machine may need a few more refreshes).
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    await expect.poll(async () => (await c.refreshHead())?.number, { timeout: 20_000, interval: 200 }).toBe(mined);
    expect(c.anchor()!.basis).toMatchObject({ kind: 'consensus', finalized: false });
  });
});
