// Follows a chain's agreed head for one filter or subscription, as MetaMask's block tracker does for its
// filters, but over values the quorum agreed on: from the last block the watcher saw to the new head it
// walks back by parent hash, so a reorg shows up as blocks that left the chain (their logs come back with
// `removed: true`) and blocks that joined it.
import type { Hex } from 'viem';

export interface BlockRef {
  number: number;
  hash: Hex;
}

export interface BlockHeader extends BlockRef {
  parentHash: Hex;
  /** The header as the sources returned it (newHeads delivers it). */
  raw: Record<string, unknown>;
}

export interface SeenBlock extends BlockRef {
  /** Logs delivered from this block (log watchers only), replayed as removed if it leaves the chain. */
  logs?: Record<string, unknown>[];
}

/** How far back a reorg is followed; deeper ones drop everything the watcher remembers. */
export const REORG_DEPTH = 16;
/** Blocks walked one by one per step; a longer gap is covered by a single log range without reorg checks. */
export const MAX_WALK = 64;

export interface WalkResult {
  /** Blocks that joined the chain, oldest first. */
  joined: BlockHeader[];
  /** Blocks the watcher had seen that are no longer on the chain, oldest first. */
  left: SeenBlock[];
  /** Blocks between what was seen and `joined` that were skipped (a long gap), as an inclusive range. */
  gap: { from: number; to: number } | null;
  /** What the watcher had seen that is still on the chain. */
  kept: SeenBlock[];
}

/**
 * From `seen` (oldest first, non-empty) to `head`. `header(hash)` reads a block header by hash through the
 * quorum. Throws when a header cannot be read; the caller keeps its state and tries again at the next step.
 */
export async function walkToHead(
  seen: readonly SeenBlock[],
  head: BlockRef,
  header: (hash: Hex) => Promise<BlockHeader>,
): Promise<WalkResult> {
  const last = seen.at(-1);
  if (!last || last.hash === head.hash) return { joined: [], left: [], gap: null, kept: [...seen] };
  const index = new Map(seen.map((b, i) => [b.hash, i]));
  const joined: BlockHeader[] = [];
  const oldest = seen[0].number;

  // 1. The new head is one the watcher saw (the chain went back to it): everything after it left.
  const headIndex = index.get(head.hash);
  if (headIndex !== undefined) {
    return { joined, left: seen.slice(headIndex + 1), gap: null, kept: seen.slice(0, headIndex + 1) };
  }

  // 2. Walk back from the head until a block's parent is one the watcher saw.
  let cursor = await header(head.hash);
  for (;;) {
    joined.unshift(cursor);
    const parentIndex = index.get(cursor.parentHash);
    if (parentIndex !== undefined) {
      return { joined, left: seen.slice(parentIndex + 1), gap: null, kept: seen.slice(0, parentIndex + 1) };
    }
    // 3. A long gap above what was seen: cover it by range, assume it did not reorg what was seen.
    if (joined.length >= MAX_WALK && cursor.number > last.number + 1) {
      return { joined, left: [], gap: { from: last.number + 1, to: cursor.number - 1 }, kept: [...seen] };
    }
    // 4. Walked below everything remembered without meeting it: a reorg deeper than REORG_DEPTH.
    if (cursor.number <= oldest || joined.length >= MAX_WALK) {
      return { joined, left: [...seen], gap: null, kept: [] };
    }
    cursor = await header(cursor.parentHash);
  }
}

/** Parses a block from eth_getBlockByHash; throws on a shape the walk cannot use. */
export function toBlockHeader(value: unknown): BlockHeader {
  const block = value as Record<string, unknown> | null;
  const number = typeof block?.number === 'string' ? Number.parseInt(block.number, 16) : Number.NaN;
  if (
    !block ||
    !Number.isSafeInteger(number) ||
    typeof block.hash !== 'string' ||
    typeof block.parentHash !== 'string'
  ) {
    throw new Error('the sources returned no usable block header');
  }
  const { transactions: _transactions, ...raw } = block;
  return { number, hash: block.hash as Hex, parentHash: block.parentHash as Hex, raw };
}
