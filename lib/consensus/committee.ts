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

export type SyncCommittee = {
  /** Decoded keys, in committee order. */
  points: readonly G1Point[];
  /** hash_tree_root of the SyncCommittee container, to tell committees apart. */
  root: string;
};

export function decodeCommittee(pubkeys: readonly Uint8Array[], root: Uint8Array): SyncCommittee {
  if (pubkeys.length !== SYNC_COMMITTEE_SIZE) {
    throw new ConsensusError('format', `a sync committee has ${SYNC_COMMITTEE_SIZE} keys, got ${pubkeys.length}`);
  }
  const points = pubkeys.map((key, i) => {
    try {
      const point = bls12_381.G1.Point.fromBytes(key);
      point.assertValidity();
      if (point.is0()) throw new Error('the point at infinity is not a key');
      return point;
    } catch (error) {
      throw new ConsensusError('signature', `sync committee key ${i} (${bytesToHex(key)}) is not a valid key`, {
        cause: error,
      });
    }
  });
  return { points, root: bytesToHex(root) };
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
    const key = bls.aggregatePublicKeys(members.map((i) => committee.points[i]));
    const sig = bls.Signature.fromBytes(signature);
    valid = bls.verify(sig, bls.hash(root, ETH_BLS_DST), key);
  } catch (error) {
    throw new ConsensusError('signature', 'sync committee signature does not decode', { cause: error });
  }
  if (!valid) {
    throw new ConsensusError(
      'signature',
      `sync committee signature does not verify (${members.length} of ${SYNC_COMMITTEE_SIZE} members)`,
    );
  }
}
