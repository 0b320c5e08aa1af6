import { verifyMerkleProof } from '@ethereumjs/mpt';
import { RLP } from '@ethereumjs/rlp';
import { createAccountFromRLP, KECCAK256_NULL_S, KECCAK256_RLP_S } from '@ethereumjs/util';
import { bytesToHex, type Hex, hexToBytes, isAddress, isHex, keccak256, pad } from 'viem';
import { ProofError } from '../errors';

// Checks one source's eth_getProof answer against a state root the wallet already trusts. Every number
// the wallet uses comes out of the verified trie nodes, never from the answer's JSON fields; those
// fields must match what the nodes prove, or the answer is a lie.

/** An account as its proof shows it at one state root, with the storage slots that were proven. */
export type ProvenAccount = {
  address: Hex;
  nonce: bigint;
  balance: bigint;
  storageRoot: Hex;
  codeHash: Hex;
  /** Proven slot values, keyed by the slot as 32-byte lower-case hex. */
  storage: Map<Hex, bigint>;
};

export type VerifyAccountProofParameters = {
  /** The answer to eth_getProof(address, slots, block), as the source sent it. */
  answer: unknown;
  address: Hex;
  /** Storage slots that were asked for (any hex width; compared as 32-byte words). */
  slots: readonly Hex[];
  /** State root of the block the proof was asked at, from a header the wallet trusts. */
  stateRoot: Hex;
};

/** Empty storage trie: every slot is zero, whatever proof nodes are sent. */
export const EMPTY_STORAGE_ROOT = KECCAK256_RLP_S as Hex;
/** Code hash of an account without code. */
export const EMPTY_CODE_HASH = KECCAK256_NULL_S as Hex;

/** Most nodes one proof may carry (a mainnet account proof has ~9; the trie depth is bounded by 64 nibbles). */
const MAX_PROOF_NODES = 80;
/** A branch node is at most 17 × 33 bytes plus a few of RLP. */
const MAX_NODE_BYTES = 700;

export async function verifyAccountProof(parameters: VerifyAccountProofParameters): Promise<ProvenAccount> {
  const { address, slots, stateRoot } = parameters;
  const answer = parseAnswer(parameters.answer);
  if (answer.address.toLowerCase() !== address.toLowerCase()) {
    throw new ProofError(`proof is for ${answer.address}, not ${address}`);
  }

  // 1. The account, from its path in the state trie under the trusted root.
  const leaf = await walk(hexToBytes(address), answer.accountProof, stateRoot, 'account');
  const account = leaf ? createAccountFromRLP(leaf) : null;
  const proven: ProvenAccount = {
    address: address.toLowerCase() as Hex,
    nonce: account?.nonce ?? 0n,
    balance: account?.balance ?? 0n,
    storageRoot: account ? bytesToHex(account.storageRoot) : EMPTY_STORAGE_ROOT,
    codeHash: account ? bytesToHex(account.codeHash) : EMPTY_CODE_HASH,
    storage: new Map(),
  };

  // 2. What the source claimed must be what its nodes prove.
  expectEqual('balance', answer.balance, proven.balance);
  expectEqual('nonce', answer.nonce, proven.nonce);
  if (answer.codeHash.toLowerCase() !== proven.codeHash) throw new ProofError('codeHash differs from the proof');
  if (answer.storageHash.toLowerCase() !== proven.storageRoot) {
    throw new ProofError('storageHash differs from the proof');
  }

  // 3. Each slot asked for, against the storage root the account proof gave (not the JSON field).
  const entries = new Map(answer.storageProof.map((entry) => [slotKey(entry.key), entry]));
  for (const slot of slots) {
    const key = slotKey(slot);
    const entry = entries.get(key);
    if (!entry) throw new ProofError(`no storage proof for slot ${key}`);
    const value =
      proven.storageRoot === EMPTY_STORAGE_ROOT
        ? 0n
        : decodeSlotValue(await walk(hexToBytes(key), entry.proof, proven.storageRoot, `slot ${key}`));
    expectEqual(`slot ${key}`, entry.value, value);
    proven.storage.set(key, value);
  }
  return proven;
}

/** Code is proven when its hash is the account's proven codeHash. */
export function verifyCode(code: unknown, account: Pick<ProvenAccount, 'codeHash'>): Hex {
  if (typeof code !== 'string' || !isHex(code)) throw new ProofError('code is not hex');
  const hash = code === '0x' ? EMPTY_CODE_HASH : keccak256(code);
  if (hash !== account.codeHash) throw new ProofError('code does not match the proven codeHash');
  return code.toLowerCase() as Hex;
}

/** A 32-byte lower-case hex word, the form slots are keyed by. */
export function slotKey(slot: string): Hex {
  if (!isHex(slot) || slot.length > 66) throw new ProofError(`bad storage key ${JSON.stringify(slot)}`);
  return pad(slot.toLowerCase() as Hex, { size: 32 });
}

async function walk(key: Uint8Array, nodes: Hex[], root: Hex, what: string): Promise<Uint8Array | null> {
  try {
    // The root must be passed: without it the library takes the proof's own first node as the root.
    return await verifyMerkleProof(
      key,
      nodes.map((node) => hexToBytes(node)),
      { root: hexToBytes(root), useKeyHashing: true },
    );
  } catch (error) {
    throw new ProofError(`${what} proof does not verify against root ${root}: ${(error as Error).message}`);
  }
}

function decodeSlotValue(leaf: Uint8Array | null): bigint {
  if (!leaf) return 0n;
  const decoded = RLP.decode(leaf);
  if (!(decoded instanceof Uint8Array) || decoded.length > 32) throw new ProofError('storage leaf is not a word');
  return decoded.length === 0 ? 0n : BigInt(bytesToHex(decoded));
}

function expectEqual(field: string, claimed: string, proven: bigint) {
  if (BigInt(claimed) !== proven)
    throw new ProofError(`claims ${field} ${BigInt(claimed)} but its proof shows ${proven}`);
}

type GetProofAnswer = {
  address: Hex;
  accountProof: Hex[];
  balance: Hex;
  nonce: Hex;
  codeHash: Hex;
  storageHash: Hex;
  storageProof: { key: Hex; value: Hex; proof: Hex[] }[];
};

function parseAnswer(value: unknown): GetProofAnswer {
  if (!value || typeof value !== 'object') throw new ProofError('eth_getProof answer is not an object');
  const a = value as Record<string, unknown>;
  const quantity = (v: unknown) => typeof v === 'string' && /^0x[0-9a-fA-F]{1,64}$/.test(v);
  const word = (v: unknown) => typeof v === 'string' && /^0x[0-9a-fA-F]{64}$/.test(v);
  if (typeof a.address !== 'string' || !isAddress(a.address, { strict: false })) {
    throw new ProofError('eth_getProof answer has no address');
  }
  if (!quantity(a.balance) || !quantity(a.nonce)) throw new ProofError('balance or nonce is not a quantity');
  if (!word(a.codeHash) || !word(a.storageHash)) throw new ProofError('codeHash or storageHash is not a word');
  const storageProof = Array.isArray(a.storageProof) ? a.storageProof : [];
  if (storageProof.length > 1024) throw new ProofError('too many storage proofs');
  return {
    address: a.address as Hex,
    accountProof: proofNodes(a.accountProof),
    balance: a.balance as Hex,
    nonce: a.nonce as Hex,
    codeHash: a.codeHash as Hex,
    storageHash: a.storageHash as Hex,
    storageProof: storageProof.map((entry) => {
      const e = (entry ?? {}) as Record<string, unknown>;
      if (typeof e.key !== 'string' || !quantity(e.value)) throw new ProofError('malformed storage proof entry');
      return { key: e.key as Hex, value: e.value as Hex, proof: proofNodes(e.proof) };
    }),
  };
}

function proofNodes(value: unknown): Hex[] {
  if (!Array.isArray(value) || value.length > MAX_PROOF_NODES) throw new ProofError('malformed proof node list');
  for (const node of value) {
    if (typeof node !== 'string' || !isHex(node) || node.length > 2 + MAX_NODE_BYTES * 2) {
      throw new ProofError('malformed proof node');
    }
  }
  return value as Hex[];
}
