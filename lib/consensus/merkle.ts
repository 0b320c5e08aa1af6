import { sha256 } from '@noble/hashes/sha2.js';
import type { ForkName } from './config';

// Light-client Merkle branches (consensus-specs is_valid_merkle_branch) and where each leaf sits in the
// beacon state or block body of each fork. Electra's BeaconState grew past 32 fields, so its state
// leaves moved one level deeper.

export type BranchKind = 'currentSyncCommittee' | 'nextSyncCommittee' | 'finalizedRoot' | 'executionPayload';

/** Generalized indices: up to Deneb 54/55/105; from Electra 86/87/169; the payload header is 25 in the body. */
const GINDEX: Record<'preElectra' | 'electra', Record<BranchKind, number>> = {
  preElectra: { currentSyncCommittee: 54, nextSyncCommittee: 55, finalizedRoot: 105, executionPayload: 25 },
  electra: { currentSyncCommittee: 86, nextSyncCommittee: 87, finalizedRoot: 169, executionPayload: 25 },
};

export function generalizedIndex(fork: ForkName, kind: BranchKind): number {
  return GINDEX[fork === 'electra' || fork === 'fulu' ? 'electra' : 'preElectra'][kind];
}

export function isValidMerkleBranch(
  leaf: Uint8Array,
  branch: readonly Uint8Array[],
  gindex: number,
  root: Uint8Array,
): boolean {
  const depth = Math.floor(Math.log2(gindex));
  if (branch.length !== depth) return false;
  const index = gindex % 2 ** depth;
  let value = leaf;
  const pair = new Uint8Array(64);
  for (let i = 0; i < depth; i++) {
    if (branch[i].length !== 32) return false;
    const right = Math.floor(index / 2 ** i) % 2 === 1;
    pair.set(right ? branch[i] : value, 0);
    pair.set(right ? value : branch[i], 32);
    value = sha256(pair);
  }
  return equalBytes(value, root);
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
