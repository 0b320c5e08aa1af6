import { ssz } from '@lodestar/types';
import { bytesToHex, type Hex } from 'viem';
import { type ChainConfig, epochAtSlot, type ForkName, forkAtSlot, forkDigest } from './config';
import { ConsensusError } from './errors';

// Beacon-API light-client objects, decoded with the spec's per-fork SSZ containers (@lodestar/types).
// The fork is the one the data says it is (JSON `version`, SSZ fork digest); which containers and
// generalized indices apply follows from it, never from where the data came from.

export type LightClientFork = Extract<ForkName, 'capella' | 'deneb' | 'electra' | 'fulu'>;
const SUPPORTED: readonly LightClientFork[] = ['capella', 'deneb', 'electra', 'fulu'];

type Types = typeof ssz.capella | typeof ssz.deneb | typeof ssz.electra;
const types = (fork: LightClientFork): Types => (fork === 'fulu' ? ssz.electra : ssz[fork]);

export type LightClientHeader = {
  beacon: { slot: number; proposerIndex: number; parentRoot: Uint8Array; stateRoot: Uint8Array; bodyRoot: Uint8Array };
  execution: { blockNumber: number; blockHash: Uint8Array; stateRoot: Uint8Array } & Record<string, unknown>;
  executionBranch: Uint8Array[];
};
type SyncAggregate = { syncCommitteeBits: import('@chainsafe/ssz').BitArray; syncCommitteeSignature: Uint8Array };
type SyncCommitteeValue = { pubkeys: Uint8Array[]; aggregatePubkey: Uint8Array };

export type Bootstrap = {
  fork: LightClientFork;
  header: LightClientHeader;
  currentSyncCommittee: SyncCommitteeValue;
  currentSyncCommitteeBranch: Uint8Array[];
};

/** A LightClientUpdate; finality and optimistic updates are the same with the missing parts null. */
export type Update = {
  fork: LightClientFork;
  attestedHeader: LightClientHeader;
  nextSyncCommittee: SyncCommitteeValue | null;
  nextSyncCommitteeBranch: Uint8Array[] | null;
  finalizedHeader: LightClientHeader | null;
  finalityBranch: Uint8Array[] | null;
  syncAggregate: SyncAggregate;
  signatureSlot: number;
};

export type UpdateKind = 'update' | 'finality' | 'optimistic';

export function parseFork(version: unknown): LightClientFork {
  if (typeof version !== 'string' || !SUPPORTED.includes(version as LightClientFork)) {
    throw new ConsensusError('format', `unsupported light-client fork ${JSON.stringify(version)}`);
  }
  return version as LightClientFork;
}

/** The fork whose digest prefixes an SSZ light-client object (forks up to Electra share this rule). */
export function forkOfDigest(config: ChainConfig, digest: Hex): LightClientFork {
  for (const fork of config.forks) {
    if (forkDigest(config, fork.version) === digest.toLowerCase() && SUPPORTED.includes(fork.name as LightClientFork))
      return fork.name as LightClientFork;
  }
  throw new ConsensusError('format', `unknown or unsupported fork digest ${digest}`);
}

function decode<T>(what: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw new ConsensusError('format', `${what} does not decode: ${(error as Error).message}`, { cause: error });
  }
}

export function bootstrapFromJson(fork: LightClientFork, data: unknown): Bootstrap {
  const value = decode('bootstrap', () => types(fork).LightClientBootstrap.fromJson(data));
  return { fork, ...(value as unknown as Omit<Bootstrap, 'fork'>) };
}

export function bootstrapFromSsz(fork: LightClientFork, bytes: Uint8Array): Bootstrap {
  const value = decode('bootstrap', () => types(fork).LightClientBootstrap.deserialize(bytes));
  return { fork, ...(value as unknown as Omit<Bootstrap, 'fork'>) };
}

export function updateFromJson(kind: UpdateKind, fork: LightClientFork, data: unknown): Update {
  const t = types(fork);
  const type =
    kind === 'update'
      ? t.LightClientUpdate
      : kind === 'finality'
        ? t.LightClientFinalityUpdate
        : t.LightClientOptimisticUpdate;
  return normaliseUpdate(
    fork,
    decode(`${kind} update`, () => type.fromJson(data)),
  );
}

export function updateFromSsz(kind: UpdateKind, fork: LightClientFork, bytes: Uint8Array): Update {
  const t = types(fork);
  const type =
    kind === 'update'
      ? t.LightClientUpdate
      : kind === 'finality'
        ? t.LightClientFinalityUpdate
        : t.LightClientOptimisticUpdate;
  return normaliseUpdate(
    fork,
    decode(`${kind} update`, () => type.deserialize(bytes)),
  );
}

/** An all-zero branch marks a part the update does not carry (is_sync_committee_update, is_finality_update). */
const carries = (branch: unknown): branch is Uint8Array[] =>
  Array.isArray(branch) && branch.some((node: Uint8Array) => node.some((byte) => byte !== 0));

function normaliseUpdate(fork: LightClientFork, value: object): Update {
  const v = value as Record<string, unknown>;
  const hasCommittee = carries(v.nextSyncCommitteeBranch);
  const hasFinality = carries(v.finalityBranch);
  return {
    fork,
    attestedHeader: v.attestedHeader as LightClientHeader,
    nextSyncCommittee: hasCommittee ? (v.nextSyncCommittee as SyncCommitteeValue) : null,
    nextSyncCommitteeBranch: hasCommittee ? (v.nextSyncCommitteeBranch as Uint8Array[]) : null,
    finalizedHeader: hasFinality ? (v.finalizedHeader as LightClientHeader) : null,
    finalityBranch: hasFinality ? (v.finalityBranch as Uint8Array[]) : null,
    syncAggregate: v.syncAggregate as SyncAggregate,
    signatureSlot: v.signatureSlot as number,
  };
}

/**
 * The beacon API's SSZ answer to /light_client/updates: per update an 8-byte little-endian length
 * (counting the 4-byte fork digest too), the digest, then the SSZ LightClientUpdate.
 */
export function updatesFromSszResponse(config: ChainConfig, bytes: Uint8Array): Update[] {
  const updates: Update[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  while (offset < bytes.length) {
    if (offset + 12 > bytes.length) throw new ConsensusError('format', 'truncated light-client updates response');
    const length = Number(view.getBigUint64(offset, true));
    if (length < 4 || offset + 8 + length > bytes.length) {
      throw new ConsensusError('format', 'light-client updates response has a bad length prefix');
    }
    const fork = forkOfDigest(config, bytesToHex(bytes.subarray(offset + 8, offset + 12)));
    updates.push(updateFromSsz('update', fork, bytes.subarray(offset + 12, offset + 8 + length)));
    offset += 8 + length;
  }
  return updates;
}

export const beaconBlockRoot = (header: LightClientHeader): Uint8Array =>
  ssz.phase0.BeaconBlockHeader.hashTreeRoot(header.beacon);

export const syncCommitteeRoot = (
  committee: Readonly<{ pubkeys: readonly Uint8Array[]; aggregatePubkey: Uint8Array }>,
): Uint8Array =>
  ssz.altair.SyncCommittee.hashTreeRoot(committee as { pubkeys: Uint8Array[]; aggregatePubkey: Uint8Array });

/**
 * get_lc_execution_root: the execution header hashed as the container of the header's own fork (a
 * Capella-era header inside a Deneb update hashes without the blob fields).
 */
export function executionRoot(config: ChainConfig, header: LightClientHeader): Uint8Array {
  const fork = forkAtSlot(config, header.beacon.slot).name;
  if (fork === 'capella') return ssz.capella.ExecutionPayloadHeader.hashTreeRoot(header.execution as never);
  if (fork === 'deneb' || fork === 'electra' || fork === 'fulu') {
    return ssz.deneb.ExecutionPayloadHeader.hashTreeRoot(header.execution as never);
  }
  throw new ConsensusError('format', `header at epoch ${epochAtSlot(header.beacon.slot)} predates Capella`);
}

/** The fork's containers for the objects the CLI and tests handle directly. */
export function blockTypes(fork: LightClientFork) {
  return types(fork);
}
