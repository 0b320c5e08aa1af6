import type { ContainerType } from '@chainsafe/ssz';
import { ssz } from '@lodestar/types';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, type Hex } from 'viem';
import { type ChainConfig, forkAtSlot } from './config';
import type { LightClientFork, LightClientHeader, Update } from './containers';
import { ConsensusError } from './errors';
import { generalizedIndex } from './merkle';

// Beacon blocks as carriers of sync-committee signatures: block N's sync aggregate signs block N-1's
// root, so a block and its parent give a signed header whose execution payload is in the parent's body.
// Turned into a light-client header (with its execution branch), it is checked like an optimistic update.

type SignedBlock = {
  message: {
    slot: number;
    proposerIndex: number;
    parentRoot: Uint8Array;
    stateRoot: Uint8Array;
    body: Record<string, unknown>;
  };
};

const BLOCK_FORKS: readonly LightClientFork[] = ['capella', 'deneb', 'electra', 'fulu'];

export function decodeSignedBlock(
  config: ChainConfig,
  bytes: Uint8Array,
): { fork: LightClientFork; block: SignedBlock } {
  // SignedBeaconBlock: a 4-byte offset, the 96-byte signature, then the message, whose first field is its slot.
  if (bytes.length < 108) throw new ConsensusError('format', 'beacon block too short');
  const slot = Number(new DataView(bytes.buffer, bytes.byteOffset + 100, 8).getBigUint64(0, true));
  const fork = forkAtSlot(config, slot).name as LightClientFork;
  if (!BLOCK_FORKS.includes(fork)) throw new ConsensusError('format', `beacon block of fork ${fork} is not supported`);
  try {
    const type = fork === 'fulu' ? ssz.electra.SignedBeaconBlock : ssz[fork].SignedBeaconBlock;
    return { fork, block: type.deserialize(bytes) as unknown as SignedBlock };
  } catch (error) {
    throw new ConsensusError('format', `beacon block does not decode: ${(error as Error).message}`, { cause: error });
  }
}

function bodyType(fork: LightClientFork): ContainerType<never> {
  return (fork === 'fulu' ? ssz.electra.BeaconBlockBody : ssz[fork].BeaconBlockBody) as unknown as ContainerType<never>;
}

/** The block as a light-client header: beacon header, execution header, and its branch in the body. */
export function blockToHeader(fork: LightClientFork, block: SignedBlock): LightClientHeader {
  const { message } = block;
  const body = message.body;
  const type = bodyType(fork);
  const leaves = type.fieldsEntries.map(({ fieldName, fieldType }) =>
    (fieldType as { hashTreeRoot(v: unknown): Uint8Array }).hashTreeRoot(body[String(fieldName)]),
  );
  const payloadIndex = type.fieldsEntries.findIndex((f) => f.fieldName === 'executionPayload');
  const gindex = generalizedIndex(fork, 'executionPayload');
  const depth = Math.floor(Math.log2(gindex));
  if (payloadIndex !== gindex - 2 ** depth || leaves.length > 2 ** depth) {
    throw new ConsensusError('format', 'block body layout is not the one this client knows');
  }
  const payload = body.executionPayload as Record<string, unknown> & {
    transactions: Uint8Array[];
    withdrawals: unknown[];
  };
  const { transactions, withdrawals, ...fields } = payload;
  return {
    beacon: {
      slot: message.slot,
      proposerIndex: message.proposerIndex,
      parentRoot: message.parentRoot,
      stateRoot: message.stateRoot,
      bodyRoot: type.hashTreeRoot(body as never),
    },
    execution: {
      ...(fields as LightClientHeader['execution']),
      transactionsRoot: ssz.bellatrix.Transactions.hashTreeRoot(transactions),
      withdrawalsRoot: ssz.capella.Withdrawals.hashTreeRoot(withdrawals as never),
    },
    executionBranch: siblings(leaves, payloadIndex, depth),
  };
}

/** The branch of leaf `index` in a tree of 2^depth leaves (missing leaves are zero). */
function siblings(leaves: Uint8Array[], index: number, depth: number): Uint8Array[] {
  let level = Array.from({ length: 2 ** depth }, (_, i) => leaves[i] ?? new Uint8Array(32));
  const branch: Uint8Array[] = [];
  for (let d = 0; d < depth; d++) {
    branch.push(level[(index >> d) ^ 1]);
    const up: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const pair = new Uint8Array(64);
      pair.set(level[i], 0);
      pair.set(level[i + 1], 32);
      up.push(sha256(pair));
    }
    level = up;
  }
  return branch;
}

export function blockRoot(fork: LightClientFork, block: SignedBlock): Hex {
  const type = fork === 'fulu' ? ssz.electra.BeaconBlock : ssz[fork].BeaconBlock;
  return bytesToHex(type.hashTreeRoot(block.message as never));
}

/** The header `head` signs (its parent), with the aggregate that signs it, ready for processSignedHeader. */
export function signedParentHeader(
  config: ChainConfig,
  headBytes: Uint8Array,
  parentBytes: Uint8Array,
): { header: LightClientHeader; aggregate: Update['syncAggregate']; signatureSlot: number; fork: LightClientFork } {
  const head = decodeSignedBlock(config, headBytes);
  const parent = decodeSignedBlock(config, parentBytes);
  const parentRoot = blockRoot(parent.fork, parent.block);
  if (bytesToHex(head.block.message.parentRoot) !== parentRoot) {
    throw new ConsensusError('format', `block ${head.block.message.slot} is not the child of block ${parentRoot}`);
  }
  return {
    header: blockToHeader(parent.fork, parent.block),
    aggregate: head.block.message.body.syncAggregate as Update['syncAggregate'],
    signatureSlot: head.block.message.slot,
    fork: parent.fork,
  };
}
