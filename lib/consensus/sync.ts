import { bytesToHex, type Hex } from 'viem';
import type { BeaconClient } from './beacon-client';
import { signedParentHeader } from './block';
import { type ChainConfig, periodAtSlot, slotAtTime } from './config';
import { beaconBlockRoot, type Update } from './containers';
import { ConsensusError } from './errors';
import { LightClient, type VerifiedHead } from './light-client';

// From a trusted checkpoint to verified heads, through beacon sources:
// 1. bootstrap at the checkpoint (or, where none is served, the last period's update attested at it);
// 2. one update per sync-committee period up to the clock's period;
// 3. the finality and optimistic updates;
// 4. where no optimistic update is served, the head block's sync aggregate over its parent block.

export type SyncLightClientParameters = {
  beacon: BeaconClient;
  config: ChainConfig;
  /** A finalized beacon block root the user trusts. */
  checkpoint: Hex;
  now?: () => number;
  weakSubjectivityMs?: number;
  /** Most periods caught up in one sync (each costs one update and one committee decode). */
  maxPeriods?: number;
};

export type SyncLightClientReturnType = {
  client: LightClient;
  optimistic: VerifiedHead;
  finalized: VerifiedHead;
  /** Where the optimistic head came from. */
  headFrom: 'optimistic-update' | 'block' | 'updates';
};

const UPDATES_PER_REQUEST = 16;

export async function syncLightClient(parameters: SyncLightClientParameters): Promise<SyncLightClientReturnType> {
  const { beacon, config, checkpoint } = parameters;
  const options = { config, now: parameters.now, weakSubjectivityMs: parameters.weakSubjectivityMs };
  const now = parameters.now ?? Date.now;
  const clockPeriod = periodAtSlot(slotAtTime(config, now()));

  // 1. The trusted start.
  let client: LightClient | null = await beacon.bootstrap(checkpoint, (bootstrap) =>
    LightClient.fromBootstrap(options, checkpoint, bootstrap),
  );
  if (!client) {
    client = await beacon.updates(clockPeriod - 1, 1, (updates) => {
      const attested = updates.find((u) => bytesToHex(beaconBlockRoot(u.attestedHeader)) === checkpoint.toLowerCase());
      if (!attested)
        throw new ConsensusError('checkpoint', `no bootstrap or update is served for checkpoint ${checkpoint}`);
      return LightClient.fromTrustedUpdate(options, checkpoint, attested);
    });
    if (!client)
      throw new ConsensusError('checkpoint', `no beacon source serves a bootstrap for checkpoint ${checkpoint}`);
  }

  return { client, ...(await advanceLightClient({ ...parameters, client })) };
}

export type AdvanceLightClientParameters = Omit<SyncLightClientParameters, 'checkpoint'> & { client: LightClient };

/**
 * Steps 2–4 for a client that already holds a committee (bootstrapped, or restored from its snapshot):
 * catches up period by period, then takes the finality and optimistic updates (or the head block).
 */
export async function advanceLightClient(
  parameters: AdvanceLightClientParameters,
): Promise<Omit<SyncLightClientReturnType, 'client'>> {
  const { beacon, config, client: lc } = parameters;
  const now = parameters.now ?? Date.now;
  const clockPeriod = periodAtSlot(slotAtTime(config, now()));

  // 2. Period by period up to the clock.
  const maxPeriods = parameters.maxPeriods ?? 128;
  for (let requests = 0; lc.period < clockPeriod && requests * UPDATES_PER_REQUEST < maxPeriods; requests++) {
    const before = lc.period;
    const count = Math.min(UPDATES_PER_REQUEST, clockPeriod - before + 1);
    const applied = await beacon.updates(before, count, (updates) => applyNew(lc, updates));
    if (!applied || lc.period === before) break;
  }

  // 3. Finality and optimistic updates; 4. or the head block.
  await beacon.finalityUpdate((update) => applyIfNew(lc, update));
  const optimistic = await beacon.optimisticUpdate((update) => applyIfNew(lc, update));
  let headFrom: SyncLightClientReturnType['headFrom'] = optimistic ? 'optimistic-update' : 'updates';
  if (!optimistic) {
    const head = await beacon.block('head', (bytes) => bytes);
    if (head) {
      const parentRoot = parentRootOf(head);
      const signed = await beacon.block(parentRoot, (parent) => {
        const header = signedParentHeader(config, head, parent);
        if (header.header.beacon.slot > lc.optimisticHead().slot) lc.processSignedHeader(header);
        return true;
      });
      if (signed) headFrom = 'block';
    }
  }
  // A head the sources let fall behind is still signed, but not current: say so rather than pass it on.
  const headPeriod = periodAtSlot(lc.optimisticHead().slot);
  if (headPeriod < clockPeriod - 1) {
    throw new ConsensusError(
      'source',
      `light client is behind: its head is in period ${headPeriod}, the clock is in period ${clockPeriod}`,
    );
  }
  return { optimistic: lc.optimisticHead(), finalized: lc.finalizedHead(), headFrom };
}

/** Applies the updates that can teach the client something; an update it already holds is skipped. */
function applyNew(client: LightClient, updates: Update[]): number {
  let applied = 0;
  for (const update of updates) if (applyIfNew(client, update)) applied++;
  return applied;
}

function applyIfNew(client: LightClient, update: Update): boolean {
  if (periodAtSlot(update.signatureSlot) < client.period) return false;
  if (update.attestedHeader.beacon.slot <= client.optimisticHead().slot && !update.finalizedHeader) return false;
  if (update.attestedHeader.beacon.slot <= client.finalizedHead().slot && !client.needsNextCommittee) return false;
  client.processUpdate(update);
  return true;
}

/** SignedBeaconBlock SSZ: the message starts at byte 100; its parent_root at 116. */
function parentRootOf(block: Uint8Array): Hex {
  if (block.length < 148) throw new ConsensusError('format', 'beacon block too short');
  return bytesToHex(block.subarray(116, 148));
}
