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
import { createLightClients } from './light-clients';

// A dapp's `finalized` block on a network whose light client runs: the block the sync committee finalized
// (the devnet beacon finalizes the block before anvil's latest), proven against that header. anvil's own
// idea of `finalized` (64 blocks back) is not asked: the sources do not choose the block.

const net = setupFiveSourceDevnet();
let beacon: DevnetBeacon;
beforeAll(async () => {
  beacon = await startDevnetBeacon({ host: '127.0.0.14', rpcUrl: net.devnet.anvilUrl });
});
afterAll(async () => {
  await beacon?.stop();
});

const memoryArea = () => {
  const items = new Map<string, unknown>();
  return {
    get: async (k: string | string[]) =>
      Object.fromEntries((Array.isArray(k) ? k : [k]).filter((x) => items.has(x)).map((x) => [x, items.get(x)])),
    set: async (v: Record<string, unknown>) => {
      for (const [k, x] of Object.entries(v)) items.set(k, x);
    },
    remove: async () => {},
  };
};

function clientWith(options: { lightClient: boolean; verifyAt?: ConsensusVerifyAt }) {
  const lightClients = createLightClients({
    area: memoryArea(),
    settingsFor: async () => ({
      beaconSources: [{ id: 'devnet-beacon', url: beacon.url, operator: 'devnet-beacon' }],
      checkpoint: beacon.checkpoint(),
      chain: beacon.config,
      verifyAt: options.verifyAt ?? 'optimistic',
    }),
  });
  return net.track(
    createQuorumClient({
      chainId: net.devnet.chainId,
      sources: net.sourcesOf(),
      quorum: 2,
      ...(options.lightClient ? { consensusHead: (which) => lightClients.head(net.devnet.chainId, which) } : {}),
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
