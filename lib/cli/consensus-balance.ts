import { toConsensusHead } from '../consensus/anchor-header';
import { BeaconClient } from '../consensus/beacon-client';
import { CHAIN_CONFIGS } from '../consensus/config';
import { ConsensusError } from '../consensus/errors';
import { syncLightClient } from '../consensus/sync';
import type { ConsensusHead } from '../rpc/head';
import { RELEASE_CONSENSUS } from '../wallet/network-config';
import type { BalanceOptions, ConsensusOptions } from './args';
import { type BalanceReport, readBalanceReport, render } from './balance';
import { detectChainId } from './chain';

// `accord balance <address> --rpc URL ... --beacon URL [--checkpoint ROOT] [--at ISO]`: the balance counts
// only if a source's Merkle proof checks against the state root Ethereum's sync committee signed.
// 1. chain and checkpoint; 2. the light client, from the checkpoint to the head; 3. the read, anchored there.
// Exit 0 verified by consensus, 1 a check failed (the line names it), 2 bad input.

type Io = { out: (text: string) => void; err: (text: string) => void };

export type ConsensusBalanceReport = BalanceReport & {
  consensus: { verified: boolean; slot: number; block: number; stateRoot: string; failedCheck?: string };
};

export async function runConsensusBalance(
  options: BalanceOptions & { consensus: ConsensusOptions },
  io: Io,
): Promise<number> {
  const { consensus } = options;
  // 1. The chain (its beacon chain must be known) and the checkpoint: as given, else the release's.
  const chainId = options.chainId ?? (await detectChainId(options.sources, options.timeoutMs));
  if (chainId === null) {
    io.err('accord: verification failed (source): no --rpc source answered eth_chainId');
    return 1;
  }
  const config = CHAIN_CONFIGS[chainId];
  if (!config) {
    io.err(
      `accord: --beacon: Accord knows the beacon chain of Ethereum (1) and Sepolia (11155111), not of chain ${chainId}`,
    );
    return 2;
  }
  const checkpoint = consensus.checkpoint ?? RELEASE_CONSENSUS[chainId]?.checkpoint ?? null;
  if (!checkpoint) {
    io.err(`accord: no checkpoint: this release carries none for chain ${chainId}; pass --checkpoint ROOT`);
    return 2;
  }

  // 2. The light client.
  let head: ConsensusHead;
  try {
    const synced = await syncLightClient({
      beacon: new BeaconClient({ urls: consensus.beacons, config, timeoutMs: options.timeoutMs }),
      config,
      checkpoint,
      now: consensus.at === null ? undefined : () => consensus.at as number,
    });
    head = toConsensusHead(synced.optimistic, synced.optimistic.slot === synced.finalized.slot);
  } catch (error) {
    if (!(error instanceof ConsensusError)) throw error;
    io.err(`accord: verification failed (${error.check}): ${error.shortMessage}`);
    return 1;
  }

  // 3. The read, anchored at the verified header.
  const base = await readBalanceReport(options, async () => head);
  const anchored = base.basis?.kind === 'consensus';
  const verified = anchored && base.status === 'verified';
  const failedCheck = verified ? undefined : anchored ? 'proof' : 'anchor';
  const report: ConsensusBalanceReport = {
    ...base,
    consensus: {
      verified,
      slot: head.slot,
      block: head.number,
      stateRoot: head.stateRoot,
      ...(failedCheck ? { failedCheck } : {}),
    },
  };
  io.out(options.json ? JSON.stringify(report) : render(report));
  if (!verified) io.err(`accord: verification failed (${failedCheck}): ${why(report)}`);
  return verified ? 0 : 1;
}

function why(report: ConsensusBalanceReport): string {
  const { block, stateRoot } = report.consensus;
  if (report.consensus.failedCheck === 'anchor') {
    const problem = report.basis?.kind === 'operators' ? report.basis.consensusProblem : null;
    return problem ?? `the sources have not reached block ${block} the sync committee signed`;
  }
  const proofs = report.sources.filter((s) => s.proof === 'invalid').map((s) => s.url);
  const invalid = proofs.length ? `; invalid proofs from ${proofs.join(', ')}` : '';
  return `no source's proof of the balance checked against state root ${stateRoot} of block ${block}${invalid}`;
}
