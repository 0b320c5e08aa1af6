import { afterEach, describe, expect, it } from 'vitest';
import { capella, capellaBeaconData, electra, electraBeaconData } from '../../tests/fixtures/beacon/recorded';
import { type BeaconData, type BeaconServer, startBeaconServer } from '../../tests/fixtures/beacon/server';
import { verifyAccountProof } from '../verify/account-proof';
import { BeaconClient } from './beacon-client';
import { MAINNET } from './config';
import { ConsensusError } from './errors';
import { syncLightClient } from './sync';

// Sync through beacon nodes on loopback serving the recorded mainnet chains at the beacon-API paths,
// with fail-over between sources and every answer bounded.

const servers: BeaconServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function serve(data: BeaconData, behaviour?: 'honest' | 'error' | 'hang'): Promise<BeaconServer> {
  const server = await startBeaconServer({ data, behaviour });
  servers.push(server);
  return server;
}

const at = (iso: string) => () => Date.parse(iso);

function syncCapella(urls: string[], extra: { timeoutMs?: number; maxBytes?: number; now?: () => number } = {}) {
  return syncLightClient({
    beacon: new BeaconClient({ urls, config: MAINNET, timeoutMs: extra.timeoutMs, maxBytes: extra.maxBytes }),
    config: MAINNET,
    checkpoint: capella.checkpoint,
    now: extra.now ?? at(capella.at),
  });
}

/** The Capella data with one hex digit of the finality update's signature changed. */
function tamperedFinality(): BeaconData {
  const data = capellaBeaconData();
  const json = structuredClone(
    data.finality as { json: { data: { sync_aggregate: { sync_committee_signature: string } } } },
  );
  const aggregate = json.json.data.sync_aggregate;
  const sig = aggregate.sync_committee_signature;
  aggregate.sync_committee_signature = `${sig.slice(0, 100)}${sig[100] === '0' ? '1' : '0'}${sig.slice(101)}`;
  return { ...data, finality: json };
}

async function refusal(promise: Promise<unknown>): Promise<ConsensusError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConsensusError) return error;
    throw error;
  }
  throw new Error('expected a refusal, but it was accepted');
}

describe('syncLightClient over a loopback beacon node', () => {
  it('Capella: bootstrap, updates for periods 862-867, finality and optimistic updates', async () => {
    const server = await serve(capellaBeaconData());
    const result = await syncCapella([server.url]);
    expect(result.finalized).toMatchObject({
      executionBlockNumber: 17923026,
      stateRoot: '0x226f5ff47ab3725b5a4a3afc74b1e79e4aa3a29704561eccce590e58900baec3',
    });
    expect(result.optimistic).toMatchObject({ slot: 7109431, executionBlockNumber: 17923113 });
    expect(result.headFrom).toBe('optimistic-update');
    expect(server.requests).toEqual([
      `/eth/v1/beacon/light_client/bootstrap/${capella.checkpoint}`,
      '/eth/v1/beacon/light_client/updates?start_period=862&count=6',
      '/eth/v1/beacon/light_client/finality_update',
      '/eth/v1/beacon/light_client/optimistic_update',
    ]);
  });

  it('Electra: no bootstrap served; the last period update at the checkpoint, then the head block signs its parent', async () => {
    const server = await serve(electraBeaconData());
    const result = await syncLightClient({
      beacon: new BeaconClient({ urls: [server.url], config: MAINNET }),
      config: MAINNET,
      checkpoint: electra.checkpoint,
      now: at(electra.at),
    });
    expect(result.headFrom).toBe('block');
    expect(result.optimistic).toMatchObject({
      slot: 11650268,
      executionBlockNumber: 22432278,
      stateRoot: '0xd50a7ce9d8ae49f9d222f0799fb8eb005bebd52adf7eaadd79a3cc07e4cdf64c',
    });
    const account = await verifyAccountProof({
      answer: electra.proof().result,
      address: electra.address as `0x${string}`,
      slots: [],
      stateRoot: result.optimistic.stateRoot,
    });
    expect(account.balance).toBe(BigInt(electra.expected().expected_result));
    expect(server.requests).toContain(`/eth/v2/beacon/blocks/${electra.parentRoot}`);
  });

  it('fails over past a source answering 500, a hung source and a lying source to an honest one', async () => {
    const failing = await serve({}, 'error');
    const hung = await serve({}, 'hang');
    const lying = await serve(tamperedFinality());
    const honest = await serve(capellaBeaconData());
    const result = await syncCapella([failing.url, hung.url, lying.url, honest.url], { timeoutMs: 1500 });
    expect(hung.requests).toHaveLength(1);
    expect(result.finalized.executionBlockNumber).toBe(17923026);
    expect(lying.requests).toContain('/eth/v1/beacon/light_client/finality_update');
    expect(honest.requests).toContain('/eth/v1/beacon/light_client/finality_update');
  });

  it('with only a lying source, refuses and says which check failed', async () => {
    const lying = await serve(tamperedFinality());
    const e = await refusal(syncCapella([lying.url]));
    expect(e.check).toBe('signature');
  });

  it('refuses when a period is missing (the next update is signed by a committee it does not know)', async () => {
    const data = capellaBeaconData();
    delete data.updates![864];
    const e = await refusal(syncCapella([(await serve(data)).url]));
    expect(e.check).toBe('period');
    expect(e.shortMessage).toMatch(
      /signed in period 865, but the client knows the committee of period 863 and 864 only/,
    );
  });

  it('refuses to pass on a head left behind by sources that serve no updates', async () => {
    const data = capellaBeaconData();
    const e = await refusal(syncCapella([(await serve({ bootstraps: data.bootstraps })).url]));
    expect(e.check).toBe('source');
    expect(e.shortMessage).toBe('light client is behind: its head is in period 862, the clock is in period 867');
  });

  it('refuses a stale checkpoint by the injected clock, and an answer larger than the bound', async () => {
    const server = await serve(capellaBeaconData());
    const stale = await refusal(syncCapella([server.url], { now: at('2023-10-01T00:00:00Z') }));
    expect(stale.check).toBe('checkpoint');
    expect(stale.shortMessage).toMatch(/weak-subjectivity/);
    const big = await refusal(syncCapella([server.url], { maxBytes: 10_000 }));
    expect(big.check).toBe('source');
    expect(big.message).toMatch(/exceeds 10000/);
  });
});
