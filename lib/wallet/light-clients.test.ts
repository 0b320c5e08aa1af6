import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capella, capellaBeaconData, electra, electraBeaconData } from '../../tests/fixtures/beacon/recorded';
import { type BeaconData, type BeaconServer, startBeaconServer } from '../../tests/fixtures/beacon/server';
import { flipHexBit, lowParticipation, tamperedFinality } from '../../tests/fixtures/beacon/tampered';
import { MAINNET } from '../consensus/config';
import type { ConsensusSettings } from '../messages/popup-api';
import type { KeyValueArea } from '../storage/areas';
import { createLightClients } from './light-clients';

// The background's light-client service over loopback beacon nodes serving the recorded mainnet chains:
// it syncs, persists its snapshot, resumes from it after a restart without a bootstrap, and each tampered
// piece (or a stale checkpoint, or no source) leaves it without a head and saying why.

function memoryArea(): KeyValueArea & { items: Map<string, unknown> } {
  const items = new Map<string, unknown>();
  return {
    items,
    async get(keys) {
      const list = Array.isArray(keys) ? keys : [keys];
      return Object.fromEntries(list.filter((k) => items.has(k)).map((k) => [k, structuredClone(items.get(k))]));
    },
    async set(values) {
      for (const [k, v] of Object.entries(values)) items.set(k, structuredClone(v));
    },
    async remove(keys) {
      for (const k of Array.isArray(keys) ? keys : [keys]) items.delete(k);
    },
  };
}

const settings = (
  url: string,
  checkpoint: `0x${string}` | null,
  verifyAt?: ConsensusSettings['verifyAt'],
): ConsensusSettings => ({
  beaconSources: [{ id: 'recorded', url, operator: 'recorded' }],
  checkpoint,
  chain: MAINNET,
  ...(verifyAt ? { verifyAt } : {}),
});

function service(
  url: string,
  at: string,
  options: {
    area?: ReturnType<typeof memoryArea>;
    checkpoint?: `0x${string}` | null;
    verifyAt?: ConsensusSettings['verifyAt'];
  } = {},
) {
  const area = options.area ?? memoryArea();
  const checkpoint = options.checkpoint === undefined ? capella.checkpoint : options.checkpoint;
  return {
    area,
    clients: createLightClients({
      area,
      settingsFor: async (chainId) => (chainId === 1 ? settings(url, checkpoint, options.verifyAt) : null),
      now: () => Date.parse(at),
    }),
  };
}

const servers: BeaconServer[] = [];
async function serve(data: BeaconData): Promise<string> {
  const server = await startBeaconServer({ data });
  servers.push(server);
  return server.url;
}
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

describe('recorded Capella chain', () => {
  let node: BeaconServer;
  beforeAll(async () => {
    node = await startBeaconServer({ data: capellaBeaconData() });
    servers.push(node);
  });

  it('verifies the optimistic head and offers it with its execution context', async () => {
    const { clients } = service(node.url, capella.at);
    const head = await clients.head(1);
    expect(head).toMatchObject({
      number: 17923113,
      slot: 7109431,
      finalized: false,
      stateRoot: '0xb23aaefaa6757436f1e6054a7568d4e6bfbf54b7958e5be9f49b3389ef6694af',
    });
    expect(head && 'header' in head && head.header.gasLimit).toMatch(/^\d+$/);
    const view = await clients.view(1);
    expect(view).toMatchObject({
      state: 'running',
      problem: null,
      period: 867,
      finalized: { slot: 7109344, block: 17923026 },
      optimistic: { slot: 7109431, block: 17923113 },
    });
    expect(view.participation).toBeGreaterThan(256);
    // Each kind it checked has its time: six period updates, the finality and the optimistic update.
    expect(Object.keys(view.checkMs).sort()).toEqual(['finality', 'optimistic', 'period']);
    expect(Object.values(view.checkMs).every((ms) => ms > 0)).toBe(true);
    expect(view.lastUpdateAt).toBe(Date.parse(capella.at));
  });

  it("verified at the finalized head when the network asks for it: the finality update's execution block", async () => {
    const { clients } = service(node.url, capella.at, { verifyAt: 'finalized' });
    expect(await clients.head(1)).toMatchObject({ number: 17923026, slot: 7109344, finalized: true });
  });

  it('a finalized head older than the finality allowance is behind, and says it is the finalized one', async () => {
    // Slot 7109344 was 21:49:11; an hour later finality would have moved on, so this head is stale.
    const { clients } = service(node.url, '2023-08-15T22:50:00Z', { verifyAt: 'finalized' });
    expect(await clients.head(1)).toEqual({
      unavailable: 'the light client is behind: its finalized block is 61 min old.',
    });
  });

  it('a restarted service resumes from its snapshot: no bootstrap and no period updates are fetched again', async () => {
    const first = service(node.url, capella.at);
    await first.clients.head(1);
    expect([...first.area.items.keys()]).toEqual(['lightClient:1']);
    const before = node.requests.length;
    const restarted = service(node.url, capella.at, { area: first.area });
    expect(await restarted.clients.head(1)).toMatchObject({ number: 17923113 });
    const asked = node.requests.slice(before);
    expect(asked.some((path) => path.includes('/bootstrap/'))).toBe(false);
    expect(asked.filter((path) => path.includes('/updates?'))).toEqual([]);
  });

  it('a restarted service answers from its snapshot at once, while its advance still waits on the beacon node', async () => {
    const first = service(node.url, capella.at);
    await first.clients.head(1);
    const hanging = await startBeaconServer({ data: {}, behaviour: 'hang' });
    servers.push(hanging);
    const restarted = createLightClients({
      area: first.area,
      settingsFor: async () => settings(hanging.url, capella.checkpoint),
      now: () => Date.parse(capella.at),
      // Were the read to wait for the advance, it would outlast this test's timeout.
      timeoutMs: 60_000,
      maxWaitMs: 60_000,
    });
    expect(await restarted.head(1)).toMatchObject({ number: 17923113, slot: 7109431 });
    expect((await restarted.view(1)).state).toBe('syncing');
  });

  it('a network without beacon settings has no light client (null), not an unavailable one', async () => {
    const { clients } = service(node.url, capella.at);
    expect(await clients.head(5)).toBeNull();
    expect((await clients.view(5)).state).toBe('off');
  });

  it('with no checkpoint set it says so', async () => {
    const { clients } = service(node.url, capella.at, { checkpoint: null });
    expect(await clients.head(1)).toEqual({
      unavailable: 'the light client is not running: no checkpoint is set: set a recent finalized beacon block root.',
    });
  });

  it('refuses a checkpoint older than the weak-subjectivity period with a sentence saying so', async () => {
    const { clients } = service(node.url, '2023-09-15T00:00:00Z');
    const head = await clients.head(1);
    expect(head).toMatchObject({
      unavailable: expect.stringMatching(/days old, beyond the 14\.0-day weak-subjectivity/),
    });
    expect(await clients.view(1)).toMatchObject({ state: 'failed', check: 'checkpoint' });
  });

  it('refuses a finality update with one signature bit flipped, and says which check failed', async () => {
    const url = await serve(
      tamperedFinality((d) => {
        d.sync_aggregate.sync_committee_signature = flipHexBit(d.sync_aggregate.sync_committee_signature, 40);
      }),
    );
    const { clients } = service(url, capella.at);
    expect(await clients.head(1)).toMatchObject({ unavailable: expect.stringContaining('the light client failed') });
    expect(await clients.view(1)).toMatchObject({ state: 'failed', check: expect.stringMatching(/signature|format/) });
  });

  it('refuses a finality branch with one node changed', async () => {
    const url = await serve(
      tamperedFinality((d) => {
        d.finality_branch[2] = flipHexBit(d.finality_branch[2], 10);
      }),
    );
    const { clients } = service(url, capella.at);
    await clients.head(1);
    expect(await clients.view(1)).toMatchObject({ state: 'failed', check: 'branch' });
  });

  it('refuses an update whose participation is below two thirds', async () => {
    const url = await serve(lowParticipation());
    const { clients } = service(url, capella.at);
    await clients.head(1);
    const view = await clients.view(1);
    expect(view).toMatchObject({ state: 'failed', check: 'participation' });
    expect(view.problem).toMatch(/64 of 512 signed/);
  });

  it('refuses an update for a period whose committee it does not know (period 863 skipped)', async () => {
    const data = capellaBeaconData();
    const { 863: _skipped, ...updates } = data.updates!;
    const url = await serve({ ...data, updates });
    const { clients } = service(url, capella.at);
    await clients.head(1);
    const view = await clients.view(1);
    expect(view).toMatchObject({ state: 'failed', check: 'period' });
    expect(view.problem).toMatch(
      /^update signed in period 864, but the client knows the committee of period 862 and 863 only/,
    );
  });

  it('a read waits a bounded time for a sync that hangs, and says it is still syncing', async () => {
    const hanging = await startBeaconServer({ data: {}, behaviour: 'hang' });
    servers.push(hanging);
    const clients = createLightClients({
      area: memoryArea(),
      settingsFor: async () => settings(hanging.url, capella.checkpoint),
      now: () => Date.parse(capella.at),
      timeoutMs: 5_000,
      maxWaitMs: 100,
    });
    expect(await clients.head(1)).toEqual({ unavailable: 'the light client is still syncing.' });
    expect((await clients.view(1)).state).toBe('syncing');
  });

  it('a refused checkpoint is not fetched again until the settings change', async () => {
    const node = await startBeaconServer({ data: capellaBeaconData() });
    servers.push(node);
    let now = Date.parse('2023-09-15T00:00:00Z');
    const clients = createLightClients({
      area: memoryArea(),
      settingsFor: async () => settings(node.url, capella.checkpoint),
      now: () => now,
    });
    await clients.head(1);
    const asked = node.requests.length;
    now += 60_000;
    expect(await clients.head(1)).toMatchObject({ unavailable: expect.stringMatching(/weak-subjectivity/) });
    expect(node.requests.length).toBe(asked);
  });

  it('with its only beacon source down it has no head and says no source answered', async () => {
    const down = await startBeaconServer({ data: {} });
    const url = down.url;
    await down.stop();
    const { clients } = service(url, capella.at);
    expect(await clients.head(1)).toMatchObject({ unavailable: expect.stringMatching(/no beacon source answered/) });
  });
});

describe('recorded Electra chain (no bootstrap served: the checkpoint is an update attested header)', () => {
  it('verifies execution block 22432278 from the head block signing its parent', async () => {
    const url = await serve(electraBeaconData());
    const area = memoryArea();
    const clients = createLightClients({
      area,
      settingsFor: async () => settings(url, electra.checkpoint),
      now: () => Date.parse(electra.at),
    });
    expect(await clients.head(1)).toMatchObject({
      number: 22432278,
      stateRoot: '0xd50a7ce9d8ae49f9d222f0799fb8eb005bebd52adf7eaadd79a3cc07e4cdf64c',
      slot: 11650268,
    });
  });

  it('a head that is too old for the clock is "behind", not current', async () => {
    const url = await serve(electraBeaconData());
    const clients = createLightClients({
      area: memoryArea(),
      settingsFor: async () => settings(url, electra.checkpoint),
      now: () => Date.parse(electra.at) + 10 * 60_000,
      maxHeadAgeMs: 120_000,
    });
    expect(await clients.head(1)).toMatchObject({
      unavailable: expect.stringMatching(/behind: its newest verified block is 1\d min old/),
    });
  });
});
