import { ssz } from '@lodestar/types';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { type BranchKind, generalizedIndex, isValidMerkleBranch } from './merkle';

// The generalized indices the client uses must be where each fork's spec containers put the leaves.

const PATHS: Record<BranchKind, string[]> = {
  currentSyncCommittee: ['currentSyncCommittee'],
  nextSyncCommittee: ['nextSyncCommittee'],
  finalizedRoot: ['finalizedCheckpoint', 'root'],
  executionPayload: ['executionPayload'],
};

describe('generalizedIndex', () => {
  for (const fork of ['capella', 'deneb', 'electra', 'fulu'] as const) {
    it(`matches ${fork}'s BeaconState and BeaconBlockBody`, () => {
      const types = ssz[fork];
      for (const kind of ['currentSyncCommittee', 'nextSyncCommittee', 'finalizedRoot'] as const) {
        expect(generalizedIndex(fork, kind)).toBe(Number(types.BeaconState.getPathInfo(PATHS[kind]).gindex));
      }
      expect(generalizedIndex(fork, 'executionPayload')).toBe(
        Number(types.BeaconBlockBody.getPathInfo(PATHS.executionPayload).gindex),
      );
    });
  }
});

describe('isValidMerkleBranch', () => {
  const hash = (a: Uint8Array, b: Uint8Array) => sha256(new Uint8Array([...a, ...b]));
  const leaf = new Uint8Array(32).fill(1);
  const siblings = [new Uint8Array(32).fill(2), new Uint8Array(32).fill(3)];
  // gindex 6 = depth 2, index 2: the leaf is a left child, its parent a right child.
  const root = hash(siblings[1], hash(leaf, siblings[0]));

  it('accepts the branch of the right position only', () => {
    expect(isValidMerkleBranch(leaf, siblings, 6, root)).toBe(true);
    expect(isValidMerkleBranch(leaf, siblings, 7, root)).toBe(false);
    expect(isValidMerkleBranch(leaf, siblings.slice(0, 1), 6, root)).toBe(false);
    expect(isValidMerkleBranch(new Uint8Array(32), siblings, 6, root)).toBe(false);
  });
});
