import { BeaconClient } from '../consensus/beacon-client';
import { MAINNET } from '../consensus/config';
import { ConsensusError } from '../consensus/errors';
import type { VerifiedHead } from '../consensus/light-client';
import { syncLightClient } from '../consensus/sync';
import type { HeadOptions } from './args';

// `accord head --beacon URL ... --checkpoint ROOT`: the execution block Ethereum's sync committee
// vouches for, from a trusted checkpoint, verified here (no beacon node is trusted).

export type HeadReport = {
  slot: number;
  executionBlockNumber: number;
  executionBlockHash: string;
  stateRoot: string;
  finalized: boolean;
};

export type HeadIo = { out: (text: string) => void; err: (text: string) => void };

export async function runHead(options: HeadOptions, io: HeadIo): Promise<number> {
  const at = options.at;
  let result: Awaited<ReturnType<typeof syncLightClient>>;
  try {
    result = await syncLightClient({
      beacon: new BeaconClient({ urls: options.beacons, config: MAINNET, timeoutMs: options.timeoutMs }),
      config: MAINNET,
      checkpoint: options.checkpoint,
      now: at === null ? undefined : () => at,
    });
  } catch (error) {
    if (!(error instanceof ConsensusError)) throw error;
    io.err(`accord: verification failed (${error.check}): ${error.shortMessage}`);
    return 1;
  }
  const head = options.finalized ? result.finalized : result.optimistic;
  const report = toReport(head, options.finalized);
  if (options.json) {
    io.out(JSON.stringify(report));
  } else {
    const other = options.finalized ? result.optimistic : result.finalized;
    io.out(
      [
        `Verified by Ethereum consensus (sync committee signatures; light client at period ${result.client.period})`,
        `Block       ${head.executionBlockNumber} (${head.executionBlockHash})`,
        `State root  ${head.stateRoot}`,
        `Beacon      slot ${head.slot} (${options.finalized ? 'finalized' : 'optimistic head'}), block root ${head.beaconRoot}`,
        `${options.finalized ? 'Optimistic' : 'Finalized '}  block ${other.executionBlockNumber} at slot ${other.slot}`,
      ].join('\n'),
    );
  }
  return 0;
}

function toReport(head: VerifiedHead, finalized: boolean): HeadReport {
  return {
    slot: head.slot,
    executionBlockNumber: head.executionBlockNumber,
    executionBlockHash: head.executionBlockHash,
    stateRoot: head.stateRoot,
    finalized,
  };
}
