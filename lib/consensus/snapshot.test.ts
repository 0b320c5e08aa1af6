import { describe, expect, it } from 'vitest';
import { capella } from '../../tests/fixtures/beacon/recorded';
import { MAINNET } from './config';
import { bootstrapFromJson, parseFork, updateFromJson } from './containers';
import { ConsensusError } from './errors';
import { LightClient } from './light-client';
import { restoreLightClient, snapshotLightClient } from './snapshot';

// A synced client saved as JSON and restored resumes where it was: same heads, same committees.

const options = { config: MAINNET, now: () => Date.parse(capella.at) };

function syncedToPeriod867(): LightClient {
  const b = capella.bootstrap();
  const client = LightClient.fromBootstrap(
    options,
    capella.checkpoint,
    bootstrapFromJson(parseFork(b.version), b.data),
  );
  for (const u of capella.updates()) client.processUpdate(updateFromJson('update', parseFork(u.version), u.data));
  return client;
}

describe('light-client snapshot', () => {
  it('restores heads and committees: the restored client verifies the finality update', () => {
    const client = syncedToPeriod867();
    const json = JSON.parse(JSON.stringify(snapshotLightClient(client, options)));
    const restored = restoreLightClient(options, json);
    expect(restored.finalizedHead()).toEqual(client.finalizedHead());
    expect(restored.optimisticHead()).toEqual(client.optimisticHead());
    expect(restored.period).toBe(867);
    const f = capella.finality();
    restored.processUpdate(updateFromJson('finality', parseFork(f.version), f.data));
    expect(restored.finalizedHead().executionBlockNumber).toBe(17923026);
  });

  it('refuses a snapshot gone stale, of another network, or with a malformed committee', () => {
    const snapshot = snapshotLightClient(syncedToPeriod867(), options);
    const later = { ...options, now: () => Date.parse('2023-09-15T00:00:00Z') };
    expect(() => restoreLightClient(later, snapshot)).toThrow(/weak-subjectivity/);
    expect(() => restoreLightClient(options, { ...snapshot, network: 'sepolia' })).toThrow(ConsensusError);
    const broken = { ...snapshot, current: { pubkeys: ['0x12'], aggregatePubkey: snapshot.current!.aggregatePubkey } };
    expect(() => restoreLightClient(options, broken)).toThrow('snapshot committee is malformed');
  });
});
