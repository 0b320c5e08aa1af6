import { hexToNumber, numberToHex } from 'viem';
import { operatorKey } from './operator';
import { callSource, type SourceRuntime } from './sources';
import { SourceRequestError } from './transport-http';
import type { Anchor, HeaderBasis } from './types';

// Head tracking and the anchor. Each refresh asks every usable source for its chain id and latest
// block in one batch (one HTTP request per source). The pinned height is the highest block that a
// majority of the answering operators (and at least k) have reached; the header there is the one a
// majority of them report (same hash, state root and execution context), never fewer than k. Reads
// are pinned to that block, so honest sources at different heights never look like they disagree, and
// proofs are checked against its state root. A minority reporting another header is marked as
// disagreeing, which ranks it down. On a network with a consensus light client, the header it verified
// (number, hash, state root and block context from the signed execution payload header) is the anchor
// once the sources have reached that block; otherwise the operators' header is, and the anchor says why.

export type HeadTrackerParameters = {
  chainId: number;
  sources: () => readonly SourceRuntime[];
  quorum: () => number;
  now: () => number;
  /** Once the anchor is older than this, reads trigger a refresh in the background. Default 4 s. */
  maxAgeMs?: number | undefined;
  /** Once older than this, reads wait for a refresh. Default 60 s. */
  hardMaxAgeMs?: number | undefined;
  /** The light client's verified execution header, or why there is none now (absent: no light client). */
  consensusHead?: ConsensusHeadSource | undefined;
};

/** An execution header the sync committee signed, with the beacon slot that carries it. */
export type ConsensusHead = Pick<Anchor, 'number' | 'hash' | 'stateRoot' | 'header'> & {
  slot: number;
  finalized: boolean;
};

/** What the quorum client asks the light client for. */
export type ConsensusHeadRequest = {
  /** The block the sync committee finalized, whatever the network's setting (a dapp's `finalized` tag). */
  finalized?: boolean;
  /** The highest block the sources reported: a light client behind it tries to catch up now. */
  sourcesAt?: number;
};

/** null: the network has no light client (then the anchor carries no basis). */
export type ConsensusHeadSource = (
  request?: ConsensusHeadRequest,
) => Promise<ConsensusHead | { unavailable: string } | null>;

export type HeadListener = (anchor: Anchor) => void;

type BlockHeader = Pick<Anchor, 'number' | 'hash' | 'stateRoot' | 'header'>;
type Report = { source: SourceRuntime; block: BlockHeader };

export type HeadTracker = ReturnType<typeof createHeadTracker>;

export function createHeadTracker(parameters: HeadTrackerParameters) {
  const { chainId, now } = parameters;
  const maxAgeMs = parameters.maxAgeMs ?? 4_000;
  const hardMaxAgeMs = parameters.hardMaxAgeMs ?? 60_000;
  const listeners = new Set<HeadListener>();
  let anchor: Anchor | null = null;
  /** Whether the last refresh that heard from anyone agreed on a header (a kept old anchor does not count). */
  let agreedNow = false;
  /** Whether the last refresh heard from any source at all (null before the first). */
  let answered: boolean | null = null;
  let refreshing: Promise<Anchor | null> | null = null;
  /** The highest block the sources reported at the last refresh (the light client catches up to it). */
  let sourcesAt: number | null = null;

  /** Asks one source for chain id + latest block; records chain and head in its health. */
  async function probe(source: SourceRuntime): Promise<BlockHeader> {
    const [chain, latest] = await Promise.all([
      callSource(source, 'eth_chainId', []),
      callSource(source, 'eth_getBlockByNumber', ['latest', false]),
    ]);
    const reported = toNumber(chain.result);
    if (reported === null) throw badJson('eth_chainId answer is not a quantity', chain.latencyMs);
    source.health.setChain(reported, chainId);
    if (reported !== chainId) {
      const error = { kind: 'wrong-chain' as const, message: `answers for chain ${reported}, not ${chainId}` };
      source.health.recordError(error);
      throw new SourceRequestError({ ...error, latencyMs: chain.latencyMs });
    }
    const block = toHeader(latest.result);
    if (!block) throw badJson('latest block is not a block', latest.latencyMs);
    source.health.setHead(block.number, anchor?.number ?? null);
    return block;
  }

  /** Blocks at `number` from the given sources, for the hash vote. */
  async function blockAt(source: SourceRuntime, number: number): Promise<BlockHeader> {
    const response = await callSource(source, 'eth_getBlockByNumber', [numberToHex(number), false]);
    const block = toHeader(response.result);
    if (!block || block.number !== number) throw badJson(`no block ${number}`, response.latencyMs);
    return block;
  }

  /** The light client's header, asked alongside the probes; a failure is a reason, never an exception. */
  async function consensusHead(): Promise<ConsensusHead | { unavailable: string } | null> {
    if (!parameters.consensusHead) return null;
    try {
      return await parameters.consensusHead(sourcesAt === null ? {} : { sourcesAt });
    } catch (error) {
      return { unavailable: (error as Error).message.split('\n')[0] };
    }
  }

  async function refreshOnce(): Promise<Anchor | null> {
    const k = parameters.quorum();
    // 1. Every enabled source whose breaker lets a call through, wrong-chain ones included (re-checked).
    //    It waits for a majority of their operators (and k), so that fast sources alone never make the vote.
    const sources = parameters.sources().filter((s) => s.config.enabled && s.health.available());
    const probed = new Set(sources.map((s) => operatorKey(s))).size;
    const [reports, consensus] = await Promise.all([
      gather(sources, probe, Math.max(k, Math.floor(probed / 2) + 1)),
      consensusHead(),
    ]);

    // 2. The pinned height: each operator's highest head, sorted; the one a majority (and k) reached.
    const best = new Map<string, number>();
    for (const r of reports)
      best.set(operatorKey(r.source), Math.max(best.get(operatorKey(r.source)) ?? -1, r.block.number));
    const heads = [...best.values()].sort((a, b) => b - a);
    answered = heads.length > 0;
    if (heads.length > 0) sourcesAt = heads[0];
    if (heads.length === 0) {
      agreedNow = false;
      return anchor;
    }
    // 2a. The consensus-verified header, once a source has that block (its proofs are asked there).
    if (consensus && 'number' in consensus && heads[0] >= consensus.number) {
      const { slot, finalized, ...block } = consensus;
      return setAnchor({
        ...block,
        confirmations: reports.filter((r) => r.block.number === block.number && r.block.hash === block.hash).length,
        voters: heads.length,
        confirmed: true,
        at: now(),
        basis: { kind: 'consensus', slot, finalized },
      });
    }
    const basis: HeaderBasis | undefined = consensus
      ? {
          kind: 'operators',
          consensusProblem:
            'unavailable' in consensus
              ? consensus.unavailable
              : `the sources have not reached block ${consensus.number} the light client verified`,
        }
      : undefined;
    const voters = heads.length;
    const needed = Math.max(k, Math.floor(voters / 2) + 1);
    const agreed = heads[Math.min(needed, voters) - 1];

    // 3. Header vote at that height: sources already there vote with their latest block; sources that
    //    are ahead are asked for their block at that height only while a majority is still missing.
    const votes: Report[] = reports.filter((r) => r.block.number === agreed);
    if (topVotes(votes).operators < needed) {
      const ahead = reports.filter((r) => r.block.number > agreed).map((r) => r.source);
      votes.push(...(await gather(ahead, (s) => blockAt(s, agreed), Math.max(1, needed - topVotes(votes).operators))));
    }
    const top = topVotes(votes);
    const confirmed = top.block !== null && top.operators >= needed;
    agreedNow = confirmed;
    if (!top.block) return anchor;
    if (confirmed) {
      for (const vote of votes) if (headerKey(vote.block) !== top.key) vote.source.health.recordDisagreement();
    }

    // 4. Never trade a confirmed anchor for an unconfirmed one; otherwise move (forward or, after a reorg, back).
    if (!confirmed && anchor?.confirmed) return anchor;
    return setAnchor({
      ...top.block,
      confirmations: top.operators,
      voters,
      confirmed,
      at: now(),
      ...(basis ? { basis } : {}),
    });
  }

  function setAnchor(next: Anchor): Anchor {
    if (next.basis?.kind === 'consensus') agreedNow = true;
    const changed =
      !anchor || anchor.number !== next.number || anchor.hash !== next.hash || anchor.basis?.kind !== next.basis?.kind;
    anchor = next;
    for (const source of parameters.sources()) source.health.setHead(null, anchor.number);
    if (changed) for (const listener of listeners) listener(next);
    return next;
  }

  function refresh(): Promise<Anchor | null> {
    refreshing ??= refreshOnce().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  return {
    anchor: () => anchor,
    /** The anchor's header is agreed by the sources answering now, not only kept from an earlier agreement. */
    agreedNow: () => agreedNow && anchor?.confirmed === true,
    /** False when the last refresh heard from no source (the anchor kept is then an old one); null before any. */
    answered: () => answered,
    refresh,

    /** The anchor for a read: refreshed in the background when old, awaited when missing or very old. */
    async current(): Promise<Anchor | null> {
      const age = anchor ? now() - anchor.at : Number.POSITIVE_INFINITY;
      if (!anchor || age > hardMaxAgeMs) return refresh();
      if (age >= maxAgeMs) void refresh().catch(() => {});
      return anchor;
    },

    onHead(listener: HeadListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Every field a read relies on is voted on, so no source can slip a state root in under an agreed hash. */
function headerKey(block: BlockHeader): string {
  const { header } = block;
  return [
    block.hash,
    block.stateRoot,
    header.timestamp,
    header.gasLimit,
    header.baseFeePerGas ?? '',
    header.miner,
    header.mixHash,
  ].join('|');
}

type TopVote = { block: BlockHeader | null; key: string; operators: number };

function topVotes(votes: readonly Report[]): TopVote {
  const byKey = new Map<string, { block: BlockHeader; operators: Set<string> }>();
  for (const vote of votes) {
    const key = headerKey(vote.block);
    const entry = byKey.get(key) ?? { block: vote.block, operators: new Set<string>() };
    entry.operators.add(operatorKey(vote.source));
    byKey.set(key, entry);
  }
  let top: TopVote = { block: null, key: '', operators: 0 };
  for (const [key, entry] of byKey) {
    if (entry.operators.size > top.operators) top = { block: entry.block, key, operators: entry.operators.size };
  }
  return top;
}

/**
 * Runs `task` on every source at once and returns the successes. It does not wait for stragglers:
 * once `wanted` have answered it waits a short grace (half that answer's time), and if fewer ever
 * answer it gives up a while after the first answer. A hung source cannot hold the head back.
 */
async function gather(
  sources: readonly SourceRuntime[],
  task: (source: SourceRuntime) => Promise<BlockHeader>,
  wanted: number,
): Promise<Report[]> {
  if (sources.length === 0) return [];
  const started = Date.now();
  const reports: Report[] = [];
  return new Promise((resolve) => {
    let settled = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      resolve([...reports]);
    };
    const arm = (ms: number) => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(finish, ms);
    };
    for (const source of sources) {
      task(source)
        .then(
          (block) => {
            if (done) return;
            reports.push({ source, block });
            const elapsed = Date.now() - started;
            if (reports.length === wanted) arm(Math.max(20, elapsed / 2));
            else if (reports.length === 1 && wanted > 1) arm(Math.max(300, elapsed * 2));
          },
          () => {},
        )
        .finally(() => {
          settled++;
          if (settled === sources.length) finish();
        });
    }
  });
}

function toNumber(value: unknown): number | null {
  return typeof value === 'string' && /^0x[0-9a-fA-F]+$/.test(value) ? hexToNumber(value as `0x${string}`) : null;
}

function toHeader(value: unknown): BlockHeader | null {
  if (!value || typeof value !== 'object') return null;
  const block = value as Record<string, unknown>;
  const number = toNumber(block.number);
  const timestamp = toNumber(block.timestamp);
  const gasLimit = toNumber(block.gasLimit);
  const isWord = (v: unknown): v is `0x${string}` => typeof v === 'string' && /^0x[0-9a-fA-F]{64}$/.test(v);
  const isAddress = (v: unknown): v is `0x${string}` => typeof v === 'string' && /^0x[0-9a-fA-F]{40}$/.test(v);
  if (number === null || timestamp === null || gasLimit === null) return null;
  if (!isWord(block.hash) || !isWord(block.stateRoot) || !isAddress(block.miner)) return null;
  const baseFee = block.baseFeePerGas;
  const mixHash = isWord(block.mixHash) ? block.mixHash : `0x${'0'.repeat(64)}`;
  const lower = (v: string) => v.toLowerCase() as `0x${string}`;
  return {
    number,
    hash: lower(block.hash),
    stateRoot: lower(block.stateRoot),
    header: {
      timestamp,
      gasLimit: String(gasLimit),
      baseFeePerGas: typeof baseFee === 'string' && /^0x[0-9a-fA-F]+$/.test(baseFee) ? String(BigInt(baseFee)) : null,
      miner: lower(block.miner),
      mixHash: lower(mixHash),
    },
  };
}

function badJson(message: string, latencyMs: number) {
  return new SourceRequestError({ kind: 'bad-json', message, latencyMs });
}
