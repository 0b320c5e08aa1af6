import { beforeAll, describe, expect, it } from 'vitest';
import { capella } from '../../tests/fixtures/beacon/recorded';
import { MAINNET } from './config';
import { type Bootstrap, bootstrapFromJson, parseFork, type Update, updateFromJson } from './containers';
import { ConsensusError } from './errors';
import { LightClient } from './light-client';

// The sync protocol over Helios' recorded mainnet Capella chain: bootstrap at a trusted block, six
// period updates, a finality and an optimistic update; then each piece tampered with and refused.

const options = { config: MAINNET, now: () => Date.parse(capella.at) };
const bootstrap = (): Bootstrap => {
  const b = capella.bootstrap();
  return bootstrapFromJson(parseFork(b.version), b.data);
};
const updates = (): Update[] => capella.updates().map((u) => updateFromJson('update', parseFork(u.version), u.data));
const finality = (): Update => {
  const f = capella.finality();
  return updateFromJson('finality', parseFork(f.version), f.data);
};
const optimistic = (): Update => {
  const o = capella.optimistic();
  return updateFromJson('optimistic', parseFork(o.version), o.data);
};

function refusal(run: () => unknown): ConsensusError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConsensusError) return error;
    throw error;
  }
  throw new Error('expected a refusal, but it was accepted');
}

const flipByte = (bytes: Uint8Array, index = 0) => {
  const copy = Uint8Array.from(bytes);
  copy[index] ^= 0x01;
  return copy;
};

describe('Capella chain', () => {
  let synced: LightClient;

  beforeAll(() => {
    synced = LightClient.fromBootstrap(options, capella.checkpoint, bootstrap());
    for (const update of updates()) synced.processUpdate(update);
  });

  it('six period updates move the finalized header from period 862 to 867', () => {
    expect(synced.period).toBe(867);
    expect(synced.finalizedHead().slot).toBe(7104096);
  });

  it('the finality update finalizes execution block 17923026, the optimistic update heads 17923113', () => {
    synced.processUpdate(finality());
    expect(synced.lastUpdate?.participants).toBeGreaterThan(341);
    expect(synced.finalizedHead()).toMatchObject({
      slot: 7109344,
      beaconRoot: '0xa9bb1965a6288f64374a9425f5ecb90dd81239cc2ae1a8ec8b673c13c9d2586a',
      executionBlockNumber: 17923026,
      executionBlockHash: '0xbc8499537876e5406c7a65e25f99063f1cd85a17014a3aa5ade38271b1fbf64f',
      stateRoot: '0x226f5ff47ab3725b5a4a3afc74b1e79e4aa3a29704561eccce590e58900baec3',
    });
    expect(synced.optimisticHead()).toMatchObject({ slot: 7109430, executionBlockNumber: 17923112 });
    synced.processUpdate(optimistic());
    expect(synced.optimisticHead()).toMatchObject({
      slot: 7109431,
      executionBlockNumber: 17923113,
      stateRoot: '0xb23aaefaa6757436f1e6054a7568d4e6bfbf54b7958e5be9f49b3389ef6694af',
    });
    expect(synced.finalizedHead().executionBlockNumber).toBe(17923026);
  });

  it('refuses a finality update with a flipped signature bit, a bad branch node or a bad execution branch', () => {
    const before = synced.finalizedHead();
    const signature = finality();
    signature.syncAggregate.syncCommitteeSignature = flipByte(signature.syncAggregate.syncCommitteeSignature, 95);
    const e1 = refusal(() => synced.processUpdate(signature));
    // A flipped low bit either leaves no valid point or a point that does not verify; both are the signature.
    expect(e1.check).toBe('signature');

    const branch = finality();
    branch.finalityBranch![3] = flipByte(branch.finalityBranch![3]);
    expect(refusal(() => synced.processUpdate(branch))).toMatchObject({
      check: 'branch',
      shortMessage: 'finality branch does not lead to the attested state root',
    });

    const execution = finality();
    execution.finalizedHeader!.execution.stateRoot = flipByte(execution.finalizedHeader!.execution.stateRoot);
    expect(refusal(() => synced.processUpdate(execution))).toMatchObject({
      check: 'branch',
      shortMessage: "finalized header's execution branch does not lead to its body root",
    });
    expect(synced.finalizedHead()).toEqual(before);
  });

  it('refuses a signed update whose attested header was changed (the signature covers it)', () => {
    const update = finality();
    update.attestedHeader.beacon.proposerIndex += 1;
    expect(refusal(() => synced.processUpdate(update)).check).toBe('signature');
  });

  it('refuses an update signed in a period it has no committee for', () => {
    const [first] = updates();
    const e = refusal(() => synced.processUpdate(first));
    expect(e.check).toBe('period');
    expect(e.shortMessage).toMatch(/signed in period 862, but the client knows the committee of period 867/);
  });
});

describe('Capella chain: bootstrap and first update tampered', () => {
  it('reads an all-zero branch as a part the update does not carry (no committee, no finality)', () => {
    const item = structuredClone(capella.updates()[0]) as { version: string; data: Record<string, unknown> };
    const zero = `0x${'00'.repeat(32)}`;
    item.data.next_sync_committee_branch = (item.data.next_sync_committee_branch as string[]).map(() => zero);
    item.data.finality_branch = (item.data.finality_branch as string[]).map(() => zero);
    const update = updateFromJson('update', parseFork(item.version), item.data);
    expect(update).toMatchObject({ nextSyncCommittee: null, finalizedHeader: null, finalityBranch: null });
    expect(updates()[0].nextSyncCommittee?.pubkeys).toHaveLength(512);
  });

  it('refuses a bootstrap that is not the trusted block', () => {
    const e = refusal(() => LightClient.fromBootstrap(options, `0x${'11'.repeat(32)}`, bootstrap()));
    expect(e.check).toBe('checkpoint');
    expect(e.shortMessage).toMatch(/is not the trusted checkpoint/);
  });

  it('refuses a bootstrap committee with one pubkey changed, and a changed branch node', () => {
    const key = bootstrap();
    key.currentSyncCommittee.pubkeys[7] = flipByte(key.currentSyncCommittee.pubkeys[7], 47);
    expect(refusal(() => LightClient.fromBootstrap(options, capella.checkpoint, key))).toMatchObject({
      check: 'branch',
      shortMessage: 'current sync committee branch does not lead to the bootstrap state root',
    });
    const node = bootstrap();
    node.currentSyncCommitteeBranch[2] = flipByte(node.currentSyncCommitteeBranch[2]);
    expect(refusal(() => LightClient.fromBootstrap(options, capella.checkpoint, node)).check).toBe('branch');
  });

  it('refuses a checkpoint older than the weak-subjectivity period (injected clock)', () => {
    const later = { ...options, now: () => Date.parse('2023-09-01T00:00:00Z') };
    const e = refusal(() => LightClient.fromBootstrap(later, capella.checkpoint, bootstrap()));
    expect(e.check).toBe('checkpoint');
    expect(e.shortMessage).toMatch(/slot 7069376 is 21\.\d days old, beyond the 14\.0-day weak-subjectivity limit/);
  });

  it('refuses updates with too little participation, a changed next-committee key, a skipped period, a future slot', () => {
    const client = LightClient.fromBootstrap(options, capella.checkpoint, bootstrap());
    const [first, second] = updates();

    const few = updates()[0];
    for (let i = 0; i < 200; i++) few.syncAggregate.syncCommitteeBits.set(i, false);
    const e = refusal(() => client.processUpdate(few));
    expect(e.check).toBe('participation');
    expect(e.shortMessage).toMatch(/^\d+ of 512 signed: a finality or sync-committee update needs two thirds$/);

    const key = updates()[0];
    key.nextSyncCommittee!.pubkeys[100] = flipByte(key.nextSyncCommittee!.pubkeys[100], 40);
    expect(refusal(() => client.processUpdate(key))).toMatchObject({
      check: 'branch',
      shortMessage: 'next sync committee branch does not lead to the attested state root',
    });

    expect(refusal(() => client.processUpdate(second))).toMatchObject({ check: 'period' });

    const early = LightClient.fromBootstrap(
      { ...options, now: () => Date.parse('2023-08-10T10:00:00Z') },
      capella.checkpoint,
      bootstrap(),
    );
    expect(refusal(() => early.processUpdate(finality())).check).toBe('slot');

    // The untampered update still applies afterwards: refusals leave the client as it was.
    client.processUpdate(first);
    expect(client.needsNextCommittee).toBe(false);
  });
});

describe('the execution context of a verified head', () => {
  it('is the signed payload header of the finalized block (the finality update carries it as JSON too)', () => {
    const client = LightClient.fromBootstrap(options, capella.checkpoint, bootstrap());
    for (const update of updates()) client.processUpdate(update);
    client.processUpdate(finality());
    const recorded = (capella.finality().data as { finalized_header: { execution: Record<string, string> } })
      .finalized_header.execution;
    expect(client.finalizedHead().execution).toEqual({
      timestamp: Number(recorded.timestamp),
      gasLimit: recorded.gas_limit,
      baseFeePerGas: recorded.base_fee_per_gas,
      feeRecipient: recorded.fee_recipient.toLowerCase(),
      prevRandao: recorded.prev_randao.toLowerCase(),
    });
    expect(Number(recorded.block_number)).toBe(17923026);
  });
});
