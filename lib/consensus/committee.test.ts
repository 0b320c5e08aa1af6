import { BitArray } from '@chainsafe/ssz';
import { bls12_381, bls12_381_Fr } from '@noble/curves/bls12-381.js';
import { describe, expect, it } from 'vitest';
import { decodeCommittee, ETH_BLS_DST, verifySyncAggregate } from './committee';
import { ConsensusError } from './errors';

// fast_aggregate_verify with test keys: a few signers (keys summed) and most signers (aggregate key
// minus the others) must agree with noble's own aggregate of the signers' keys.

const bls = bls12_381.longSignatures;
const Fr = bls12_381_Fr;
const secrets = Array.from({ length: 512 }, (_, i) => BigInt(i + 1) * 7919n + 123456789n);
const pubkeys = secrets.map((s) => bls.getPublicKey(Fr.toBytes(s)).toBytes());
const aggregatePubkey = bls.aggregatePublicKeys(pubkeys).toBytes();
const root = new Uint8Array(32).fill(9);
const message = new Uint8Array(32).fill(3);

/** The aggregate signature of `members` over `message`: one signature with the sum of their secrets. */
function aggregateSignature(members: number[], msg = message): Uint8Array {
  const secret = members.reduce((sum, i) => Fr.add(sum, secrets[i]), 0n);
  return bls.Signature.toBytes(bls.sign(bls.hash(msg, ETH_BLS_DST), Fr.toBytes(secret)));
}

function bits(members: number[]): BitArray {
  const b = BitArray.fromBitLen(512);
  for (const i of members) b.set(i, true);
  return b;
}

describe('verifySyncAggregate', () => {
  it('verifies three signers (their keys summed) and 500 signers (aggregate minus the other 12)', () => {
    const committee = decodeCommittee(pubkeys, aggregatePubkey, root);
    const few = [5, 77, 300];
    expect(() => verifySyncAggregate(committee, bits(few), aggregateSignature(few), message)).not.toThrow();
    const most = Array.from({ length: 500 }, (_, i) => i + 12);
    expect(() => verifySyncAggregate(committee, bits(most), aggregateSignature(most), message)).not.toThrow();
    // Only the keys that were needed were decoded: 5, 77, 300 and the non-signers 0-11 (5 among them).
    expect(committee.points.size).toBe(14);
  });

  it('refuses a signature by other members than the bits say, over another message, or by nobody', () => {
    const committee = decodeCommittee(pubkeys, aggregatePubkey, root);
    const wrongMembers = () => verifySyncAggregate(committee, bits([1, 2, 3]), aggregateSignature([1, 2, 4]), message);
    expect(wrongMembers).toThrow('sync committee signature does not verify (3 of 512 members)');
    const other = new Uint8Array(32).fill(4);
    expect(() => verifySyncAggregate(committee, bits([1, 2]), aggregateSignature([1, 2], other), message)).toThrow(
      ConsensusError,
    );
    expect(() => verifySyncAggregate(committee, bits([]), aggregateSignature([1]), message)).toThrow(
      'no sync committee member signed',
    );
  });

  it('refuses a committee key that is not a point on the curve when it is needed', () => {
    const bad = pubkeys.slice();
    bad[2] = new Uint8Array(48).fill(0xaa);
    const committee = decodeCommittee(bad, aggregatePubkey, root);
    expect(() => verifySyncAggregate(committee, bits([2, 3]), aggregateSignature([2, 3]), message)).toThrow(
      /sync committee key 2 \(0xaaaa.*\) is not a valid key/,
    );
  });
});
