import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capella, capellaBeaconData } from '../../tests/fixtures/beacon/recorded';
import { type BeaconServer, startBeaconServer } from '../../tests/fixtures/beacon/server';
import { MAINNET } from '../consensus/config';
import { startTestBackground } from '../testing/background';
import { RELEASE_CONSENSUS } from './network-config';

// The network screen's light-client calls through the background's message router: beacon sources added
// only when they serve the network's beacon chain, a checkpoint k operators agree on offered, a checkpoint
// set, and the release's (recorded, old) checkpoint refused with the sentence the popup then shows.

const genesis = (root: string) => ({ data: { genesis_time: '1606824023', genesis_validators_root: root } });
const finalized = (root: string, epoch: number) => ({
  data: { finalized: { epoch: String(epoch), root }, current_justified: { epoch: String(epoch), root } },
});

let mainnetA: BeaconServer;
let mainnetB: BeaconServer;
let otherChain: BeaconServer;

beforeAll(async () => {
  const data = {
    ...capellaBeaconData(),
    genesis: genesis(MAINNET.genesisValidatorsRoot),
    finalityCheckpoints: finalized(capella.checkpoint, 220918),
  };
  mainnetA = await startBeaconServer({ data, host: '127.0.0.12' });
  mainnetB = await startBeaconServer({ data, host: '127.0.0.13' });
  otherChain = await startBeaconServer({
    data: { genesis: genesis(`0x${'11'.repeat(32)}`), finalityCheckpoints: finalized(`0x${'22'.repeat(32)}`, 9) },
    host: '127.0.0.13',
  });
});
afterAll(async () => {
  await Promise.all([mainnetA, mainnetB, otherChain].map((s) => s?.stop()));
});

describe('consensus settings through the background', () => {
  it('edits beacon sources, offers and sets a checkpoint, and shows why the light client does not run', async () => {
    const bg = await startTestBackground();
    try {
      // 1. The release entry: mainnet carries beacon sources and the newest recorded checkpoint.
      const mainnet = (await bg.popup('networks/list')).find((n) => n.chainId === 1)!;
      expect(mainnet.consensus).toEqual(RELEASE_CONSENSUS[1]);
      for (const source of mainnet.consensus!.beaconSources) {
        await bg.popup('consensus/removeSource', { chainId: 1, sourceId: source.id });
      }

      // 2. A beacon node of another chain is refused; two of mainnet on two hosts are added.
      const refused = await bg.send(
        {
          type: 'popup:request',
          method: 'consensus/addSource',
          params: { chainId: 1, url: otherChain.url, operator: 'X' },
        },
        bg.popupSender,
      );
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'unreachable', message: expect.stringMatching(/follows another chain/) },
      });
      await bg.popup('consensus/addSource', { chainId: 1, url: mainnetA.url, operator: 'A' });
      const added = await bg.popup('consensus/addSource', { chainId: 1, url: mainnetB.url, operator: 'B' });
      expect(added.consensus!.beaconSources.map((s) => s.url)).toEqual([mainnetA.url, mainnetB.url]);
      expect(await bg.popup('consensus/testSource', { chainId: 1, url: mainnetA.url })).toMatchObject({
        ok: true,
        finalized: { root: capella.checkpoint, epoch: 220918 },
      });

      // 3. The checkpoint both operators report is offered, and set.
      const offer = await bg.popup('consensus/offerCheckpoint', { chainId: 1 });
      expect(offer).toEqual({ root: capella.checkpoint, epoch: 220918, operators: 2 });
      const bad = await bg.send(
        { type: 'popup:request', method: 'consensus/setCheckpoint', params: { chainId: 1, checkpoint: '0x12' } },
        bg.popupSender,
      );
      expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      const set = await bg.popup('consensus/setCheckpoint', { chainId: 1, checkpoint: capella.checkpoint });
      expect(set.consensus!.checkpoint).toBe(capella.checkpoint);

      // 4. Before a read nothing ran; after one, the (2023) checkpoint is refused as too old, and said so.
      expect(await bg.popup('consensus/status', { chainId: 1 })).toMatchObject({ state: 'off' });
      expect(await bg.services.lightClients.head(1)).toMatchObject({
        unavailable: expect.stringMatching(/weak-subjectivity limit: set a recent finalized block root/),
      });
      expect(await bg.popup('consensus/status', { chainId: 1 })).toMatchObject({
        state: 'failed',
        check: 'checkpoint',
        problem: expect.stringMatching(/^checkpoint at slot 7069376 is \d+\.\d days old/),
      });

      // 5. With one operator left, no checkpoint is offered, and the reason says what to do.
      await bg.popup('consensus/removeSource', { chainId: 1, sourceId: added.consensus!.beaconSources[1].id });
      expect(await bg.popup('consensus/offerCheckpoint', { chainId: 1 })).toMatchObject({
        root: null,
        reason: expect.stringMatching(/beacon sources of 1 operator; offering a checkpoint needs 2/),
      });
    } finally {
      bg.close();
    }
  });

  it('a network without a known beacon chain refuses beacon settings', async () => {
    const bg = await startTestBackground();
    try {
      const answer = await bg.send(
        {
          type: 'popup:request',
          method: 'consensus/setCheckpoint',
          params: { chainId: 10, checkpoint: capella.checkpoint },
        },
        bg.popupSender,
      );
      expect(answer).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', message: expect.stringMatching(/no beacon chain Accord knows/) },
      });
    } finally {
      bg.close();
    }
  });
});
