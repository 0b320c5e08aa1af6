import type { BitArray } from '@chainsafe/ssz';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { bytesToHex } from 'viem';
import { SYNC_COMMITTEE_SIZE } from './config';
import { ConsensusError } from './errors';

// A sync committee's public keys, decoded to curve points once per period (decoding 512 keys is the
// costly part), and the check of its aggregate signature: fast_aggregate_verify = aggregate the keys
// of the members whose bit is set, then one pairing check over the signing root.

const bls = bls12_381.longSignatures;
/** Ethereum signs with the proof-of-possession ciphersuite; noble's default DST is the _NUL_ one. */
export const ETH_BLS_DST = 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_';

type G1Point = ReturnType<typeof bls12_381.G1.Point.fromBytes>;

/**
 * A period's committee. Keys are decoded on first use and kept: with most members signing, the
 * signers' key is the committee's aggregate key (proven with the committee by its branch) minus the
 * few who did not sign, so a period costs a handful of decodes instead of 512.
 */
export type SyncCommittee = {
  pubkeys: readonly Uint8Array[];
  aggregatePubkey: Uint8Array;
  /** hash_tree_root of the SyncCommittee container, to tell committees apart. */
  root: string;
  points: Map<number, G1Point>;
  aggregate?: G1Point;
};

export function decodeCommittee(
  pubkeys: readonly Uint8Array[],
  aggregatePubkey: Uint8Array,
  root: Uint8Array,
): SyncCommittee {
  if (pubkeys.length !== SYNC_COMMITTEE_SIZE) {
    throw new ConsensusError('format', `a sync committee has ${SYNC_COMMITTEE_SIZE} keys, got ${pubkeys.length}`);
  }
  return { pubkeys, aggregatePubkey, root: bytesToHex(root), points: new Map() };
}

function decodeKey(key: Uint8Array, what: string): G1Point {
  try {
    const point = bls12_381.G1.Point.fromBytes(key);
    point.assertValidity();
    if (point.is0()) throw new Error('the point at infinity is not a key');
    return point;
  } catch (error) {
    throw new ConsensusError('signature', `${what} (${bytesToHex(key)}) is not a valid key`, { cause: error });
  }
}

function memberKey(committee: SyncCommittee, index: number): G1Point {
  let point = committee.points.get(index);
  if (!point) {
    point = decodeKey(committee.pubkeys[index], `sync committee key ${index}`);
    committee.points.set(index, point);
  }
  return point;
}

/** The sum of the signers' keys. */
function signersKey(committee: SyncCommittee, members: readonly number[]): G1Point {
  if (members.length * 2 <= SYNC_COMMITTEE_SIZE) {
    return members.reduce((sum, i) => sum.add(memberKey(committee, i)), bls12_381.G1.Point.ZERO);
  }
  committee.aggregate ??= decodeKey(committee.aggregatePubkey, 'sync committee aggregate key');
  const signed = new Set(members);
  let key = committee.aggregate;
  for (let i = 0; i < SYNC_COMMITTEE_SIZE; i++) if (!signed.has(i)) key = key.subtract(memberKey(committee, i));
  return key;
}

export function participantCount(bits: BitArray): number {
  return bits.getTrueBitIndexes().length;
}

/** Throws unless the members whose bits are set signed `root` with `signature`. */
export function verifySyncAggregate(
  committee: SyncCommittee,
  bits: BitArray,
  signature: Uint8Array,
  root: Uint8Array,
): void {
  const members = bits.getTrueBitIndexes();
  if (bits.bitLen !== SYNC_COMMITTEE_SIZE) throw new ConsensusError('format', 'sync committee bits of wrong length');
  if (members.length === 0) throw new ConsensusError('participation', 'no sync committee member signed');
  let valid: boolean;
  try {
    const key = signersKey(committee, members);
    if (key.is0()) throw new Error("the signers' keys sum to zero");
    const sig = bls.Signature.fromBytes(signature);
    valid = bls.verify(sig, bls.hash(root, ETH_BLS_DST), key);
  } catch (error) {
    if (error instanceof ConsensusError) throw error;
    throw new ConsensusError('signature', 'sync committee signature does not decode', { cause: error });
  }
  if (!valid) {
    throw new ConsensusError(
      'signature',
      `sync committee signature does not verify (${members.length} of ${SYNC_COMMITTEE_SIZE} members)`,
    );
  }
}
