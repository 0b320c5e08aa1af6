import { bytesToHex, type Hex, hexToBytes } from 'viem';
import { decodeCommittee, participantCount, type SyncCommittee, verifySyncAggregate } from './committee';
import {
  type ChainConfig,
  epochAtSlot,
  forkAtEpoch,
  periodAtSlot,
  SYNC_COMMITTEE_SIZE,
  signingRoot,
  slotAtTime,
  syncCommitteeDomain,
  timeAtSlot,
} from './config';
import { type Bootstrap, beaconBlockRoot, type LightClientHeader, syncCommitteeRoot, type Update } from './containers';
import { ConsensusError } from './errors';
import { checkHeader, expectFork, type StoredHeader, toHead } from './header';
import { equalBytes, generalizedIndex, isValidMerkleBranch } from './merkle';

// The consensus-specs light-client sync protocol (altair/light-client/sync-protocol.md with the
// Capella, Deneb and Electra changes). The store starts from a trusted checkpoint and moves only on
// updates whose sync-committee signature, participation and Merkle branches all check; every refusal
// is a ConsensusError naming its check. Unlike the spec, an update that cannot be applied (too little
// participation) is refused rather than kept for a forced update later.

/** An execution block the sync committee has vouched for, with the beacon block that carries it. */
export type VerifiedHead = {
  slot: number;
  beaconRoot: Hex;
  executionBlockNumber: number;
  executionBlockHash: Hex;
  stateRoot: Hex;
  /** The block context a local eth_call needs, from the same (signed) execution payload header. */
  execution: {
    timestamp: number;
    gasLimit: string;
    baseFeePerGas: string;
    feeRecipient: Hex;
    prevRandao: Hex;
  };
};

/** What an accepted update carried: a next committee, a finalized header, or a new head only. */
export type UpdateKindChecked = 'period' | 'finality' | 'optimistic';

/** The last update the client accepted: how many of the committee signed it, and when (client clock). */
export type LastUpdate = {
  participants: number;
  signatureSlot: number;
  at: number;
  kind: UpdateKindChecked;
  /** How long checking it took (branches, participation, signature), in ms. */
  checkMs: number;
};

export type LightClientOptions = {
  config: ChainConfig;
  /** Clock in ms since 1970; injectable so recorded chains verify as of their own time. */
  now?: () => number;
  /** A checkpoint older than this is refused (default 14 days, below mainnet's weak-subjectivity period). */
  weakSubjectivityMs?: number;
};

export const DEFAULT_WEAK_SUBJECTIVITY_MS = 14 * 24 * 3600 * 1000;
/** The spec allows a node's clock to run this far ahead of ours. */
const MAXIMUM_CLOCK_DISPARITY_MS = 500;

type CommitteeKeys = { pubkeys: readonly Uint8Array[]; aggregatePubkey: Uint8Array };

export type LightClientState = {
  finalized: LightClientHeader;
  optimistic: LightClientHeader;
  current: CommitteeKeys | null;
  next: CommitteeKeys | null;
  previousMaxActive: number;
  currentMaxActive: number;
};

export class LightClient {
  readonly config: ChainConfig;
  private readonly now: () => number;
  private finalized: StoredHeader;
  private optimistic: StoredHeader;
  private current: SyncCommittee | null;
  private next: SyncCommittee | null;
  private previousMaxActive = 0;
  private currentMaxActive = 0;
  private last: LastUpdate | null = null;
  private checked: Partial<Record<UpdateKindChecked, number>> = {};

  private constructor(options: LightClientOptions, trusted: StoredHeader) {
    this.config = options.config;
    this.now = options.now ?? Date.now;
    this.finalized = trusted;
    this.optimistic = trusted;
    this.current = null;
    this.next = null;
    const ageMs = this.now() - timeAtSlot(this.config, trusted.header.beacon.slot);
    const limitMs = options.weakSubjectivityMs ?? DEFAULT_WEAK_SUBJECTIVITY_MS;
    if (ageMs > limitMs) {
      const days = (ms: number) => (ms / 86_400_000).toFixed(1);
      throw new ConsensusError(
        'checkpoint',
        `checkpoint at slot ${trusted.header.beacon.slot} is ${days(ageMs)} days old, beyond the ${days(limitMs)}-day weak-subjectivity limit: set a recent finalized block root`,
      );
    }
  }

  /** initialize_light_client_store: the bootstrap must be the trusted block and prove its committee. */
  static fromBootstrap(options: LightClientOptions, checkpoint: Hex, bootstrap: Bootstrap): LightClient {
    const { header } = bootstrap;
    const root = beaconBlockRoot(header);
    if (!equalBytes(root, hexToBytes(checkpoint))) {
      throw new ConsensusError(
        'checkpoint',
        `bootstrap header root ${bytesToHex(root)} is not the trusted checkpoint ${checkpoint}`,
      );
    }
    checkHeader(options.config, header, 'bootstrap');
    expectFork(options.config, bootstrap.fork, header.beacon.slot, 'bootstrap');
    const committeeRoot = syncCommitteeRoot(bootstrap.currentSyncCommittee);
    const gindex = generalizedIndex(bootstrap.fork, 'currentSyncCommittee');
    if (!isValidMerkleBranch(committeeRoot, bootstrap.currentSyncCommitteeBranch, gindex, header.beacon.stateRoot)) {
      throw new ConsensusError('branch', 'current sync committee branch does not lead to the bootstrap state root');
    }
    const client = new LightClient(options, { header, root });
    client.current = decodeCommittee(
      bootstrap.currentSyncCommittee.pubkeys,
      bootstrap.currentSyncCommittee.aggregatePubkey,
      committeeRoot,
    );
    return client;
  }

  /**
   * Starts from a trusted block that is the attested header of a sync-committee update: its branch
   * proves the next period's committee, which then signs what follows (used where no bootstrap is served).
   */
  static fromTrustedUpdate(options: LightClientOptions, checkpoint: Hex, update: Update): LightClient {
    const header = update.attestedHeader;
    const root = beaconBlockRoot(header);
    if (!equalBytes(root, hexToBytes(checkpoint))) {
      throw new ConsensusError(
        'checkpoint',
        `update's attested header ${bytesToHex(root)} is not the checkpoint ${checkpoint}`,
      );
    }
    checkHeader(options.config, header, 'attested');
    expectFork(options.config, update.fork, header.beacon.slot, 'update');
    if (!update.nextSyncCommittee || !update.nextSyncCommitteeBranch) {
      throw new ConsensusError('format', 'the trusted update carries no next sync committee');
    }
    const client = new LightClient(options, { header, root });
    client.next = client.committee(update, client.nextCommitteeRoot(update));
    return client;
  }

  /** True until the next period's committee is known (then an update of the current period still helps). */
  get needsNextCommittee(): boolean {
    return this.next === null;
  }

  /** Everything the client holds, to persist it (see snapshot.ts). */
  state(): LightClientState {
    const committee = (c: SyncCommittee | null) =>
      c ? { pubkeys: c.pubkeys, aggregatePubkey: c.aggregatePubkey } : null;
    return {
      finalized: this.finalized.header,
      optimistic: this.optimistic.header,
      current: committee(this.current),
      next: committee(this.next),
      previousMaxActive: this.previousMaxActive,
      currentMaxActive: this.currentMaxActive,
    };
  }

  /**
   * A client from state it held before (persisted by the wallet, so trusted like the checkpoint was).
   * Its headers' execution branches are checked again, and a finalized header older than the
   * weak-subjectivity period is refused like an old checkpoint.
   */
  static fromState(options: LightClientOptions, state: LightClientState): LightClient {
    checkHeader(options.config, state.finalized, 'stored finalized');
    checkHeader(options.config, state.optimistic, 'stored optimistic');
    const client = new LightClient(options, { header: state.finalized, root: beaconBlockRoot(state.finalized) });
    client.optimistic = { header: state.optimistic, root: beaconBlockRoot(state.optimistic) };
    const committee = (c: LightClientState['current']) =>
      c ? decodeCommittee(c.pubkeys, c.aggregatePubkey, syncCommitteeRoot(c)) : null;
    client.current = committee(state.current);
    client.next = committee(state.next);
    client.previousMaxActive = state.previousMaxActive;
    client.currentMaxActive = state.currentMaxActive;
    return client;
  }

  /** The last update accepted since this client was built (null after a restore until one arrives). */
  get lastUpdate(): LastUpdate | null {
    return this.last;
  }

  /** How long the last accepted update of each kind took to check, in ms (since this client was built). */
  get checkTimes(): Partial<Record<UpdateKindChecked, number>> {
    return { ...this.checked };
  }

  get period(): number {
    return periodAtSlot(this.finalized.header.beacon.slot);
  }

  finalizedHead(): VerifiedHead {
    return toHead(this.finalized);
  }

  optimisticHead(): VerifiedHead {
    return toHead(this.optimistic);
  }

  /** validate_light_client_update + process_light_client_update. */
  processUpdate(update: Update): void {
    const started = performance.now();
    const { attestedHeader, syncAggregate, signatureSlot, finalizedHeader } = update;
    const participants = participantCount(syncAggregate.syncCommitteeBits);
    if (participants < 1) throw new ConsensusError('participation', 'no sync committee member signed the update');
    checkHeader(this.config, attestedHeader, 'attested');
    expectFork(this.config, update.fork, attestedHeader.beacon.slot, 'update');

    // 1. Slots in order, and nothing signed in the future of our clock.
    const currentSlot = slotAtTime(this.config, this.now() + MAXIMUM_CLOCK_DISPARITY_MS);
    const attestedSlot = attestedHeader.beacon.slot;
    const finalizedSlot = finalizedHeader?.beacon.slot ?? 0;
    if (!(currentSlot >= signatureSlot && signatureSlot > attestedSlot && attestedSlot >= finalizedSlot)) {
      throw new ConsensusError(
        'slot',
        `slots out of order: clock ${currentSlot}, signature ${signatureSlot}, attested ${attestedSlot}, finalized ${finalizedSlot}`,
      );
    }

    // 2. A committee we know must have signed it.
    const storePeriod = this.period;
    const signaturePeriod = periodAtSlot(signatureSlot);
    const allowed = this.next ? [storePeriod, storePeriod + 1] : [storePeriod];
    if (!allowed.includes(signaturePeriod)) {
      throw new ConsensusError(
        'period',
        `update signed in period ${signaturePeriod}, but the client knows the committee of period ${allowed.join(' and ')} only`,
      );
    }
    const committee = signaturePeriod === storePeriod ? this.current : this.next;
    if (!committee) throw new ConsensusError('period', `no sync committee known for period ${signaturePeriod}`);

    const attestedPeriod = periodAtSlot(attestedSlot);
    const isCommitteeUpdate = update.nextSyncCommittee !== null;
    const hasNextCommittee = !this.next && isCommitteeUpdate && attestedPeriod === storePeriod;
    if (!(attestedSlot > this.finalized.header.beacon.slot || hasNextCommittee)) {
      throw new ConsensusError('slot', `update attested at slot ${attestedSlot}, not newer than the finalized header`);
    }

    // 3. The finalized header, behind its branch in the attested state.
    if (finalizedHeader) {
      checkHeader(this.config, finalizedHeader, 'finalized');
      const gindex = generalizedIndex(update.fork, 'finalizedRoot');
      if (
        !update.finalityBranch ||
        !isValidMerkleBranch(
          beaconBlockRoot(finalizedHeader),
          update.finalityBranch,
          gindex,
          attestedHeader.beacon.stateRoot,
        )
      ) {
        throw new ConsensusError('branch', 'finality branch does not lead to the attested state root');
      }
    }

    // 4. The next committee, behind its branch (and the same as the one already known for this period).
    let nextCommitteeRoot: Uint8Array | null = null;
    if (isCommitteeUpdate) {
      nextCommitteeRoot = this.nextCommitteeRoot(update);
      if (attestedPeriod === storePeriod && this.next && bytesToHex(nextCommitteeRoot) !== this.next.root) {
        throw new ConsensusError('period', `update names another next sync committee for period ${storePeriod + 1}`);
      }
    }

    // 5. Enough of the committee (checked before the costly signature): two thirds to move the
    // finalized header or the committee, more than half of the most seen to move the optimistic head.
    const carriesFinality = isCommitteeUpdate || finalizedHeader !== null;
    if (carriesFinality && participants * 3 < SYNC_COMMITTEE_SIZE * 2) {
      throw new ConsensusError(
        'participation',
        `${participants} of ${SYNC_COMMITTEE_SIZE} signed: a finality or sync-committee update needs two thirds`,
      );
    }
    if (!carriesFinality && participants <= this.safetyThreshold()) {
      throw new ConsensusError(
        'participation',
        `${participants} of ${SYNC_COMMITTEE_SIZE} signed, not more than half of the most seen (${this.safetyThreshold() * 2})`,
      );
    }

    // 6. The signature, with the domain of the fork at epoch(signature_slot - 1).
    const fork = forkAtEpoch(this.config, epochAtSlot(Math.max(signatureSlot, 1) - 1));
    const root = signingRoot(beaconBlockRoot(attestedHeader), syncCommitteeDomain(this.config, fork.version));
    verifySyncAggregate(committee, syncAggregate.syncCommitteeBits, syncAggregate.syncCommitteeSignature, root);

    // 7. Apply.
    const kind: UpdateKindChecked = isCommitteeUpdate ? 'period' : finalizedHeader ? 'finality' : 'optimistic';
    this.last = { participants, signatureSlot, at: this.now(), kind, checkMs: performance.now() - started };
    this.checked[kind] = this.last.checkMs;
    const safetyThreshold = this.safetyThreshold();
    this.currentMaxActive = Math.max(this.currentMaxActive, participants);
    if (participants > safetyThreshold && attestedSlot > this.optimistic.header.beacon.slot) {
      this.optimistic = { header: attestedHeader, root: beaconBlockRoot(attestedHeader) };
    }
    const finalizesNextCommittee =
      !this.next &&
      isCommitteeUpdate &&
      finalizedHeader !== null &&
      periodAtSlot(finalizedHeader.beacon.slot) === attestedPeriod;
    const advances = finalizedHeader !== null && finalizedHeader.beacon.slot > this.finalized.header.beacon.slot;
    if (advances || finalizesNextCommittee) {
      const next = nextCommitteeRoot ? this.committee(update, nextCommitteeRoot) : null;
      this.apply(update, next);
    }
  }

  /** apply_light_client_update. */
  private apply(update: Update, nextCommittee: SyncCommittee | null): void {
    const finalizedHeader = update.finalizedHeader!;
    const updateFinalizedPeriod = periodAtSlot(finalizedHeader.beacon.slot);
    if (!this.next) {
      if (updateFinalizedPeriod !== this.period) throw new ConsensusError('period', 'update finalizes another period');
      this.next = nextCommittee;
    } else if (updateFinalizedPeriod === this.period + 1) {
      this.current = this.next;
      this.next = nextCommittee;
      this.previousMaxActive = this.currentMaxActive;
      this.currentMaxActive = 0;
    }
    if (finalizedHeader.beacon.slot > this.finalized.header.beacon.slot) {
      this.finalized = { header: finalizedHeader, root: beaconBlockRoot(finalizedHeader) };
      if (this.finalized.header.beacon.slot > this.optimistic.header.beacon.slot) this.optimistic = this.finalized;
    }
  }

  /**
   * A header the sync committee signed outside a light-client update (a block's sync aggregate signs
   * its parent): checked like an optimistic update. The signature covers the header's root, and its
   * execution branch ties the execution header to the signed body root.
   */
  processSignedHeader(signed: {
    header: LightClientHeader;
    aggregate: Update['syncAggregate'];
    signatureSlot: number;
    fork: Update['fork'];
  }): void {
    this.processUpdate({
      fork: signed.fork,
      attestedHeader: signed.header,
      nextSyncCommittee: null,
      nextSyncCommitteeBranch: null,
      finalizedHeader: null,
      finalityBranch: null,
      syncAggregate: signed.aggregate,
      signatureSlot: signed.signatureSlot,
    });
  }

  private safetyThreshold(): number {
    return Math.floor(Math.max(this.previousMaxActive, this.currentMaxActive) / 2);
  }

  /** The root of the update's next sync committee, once its branch checks. */
  private nextCommitteeRoot(update: Update): Uint8Array {
    const root = syncCommitteeRoot(update.nextSyncCommittee!);
    const gindex = generalizedIndex(update.fork, 'nextSyncCommittee');
    if (
      !isValidMerkleBranch(root, update.nextSyncCommitteeBranch ?? [], gindex, update.attestedHeader.beacon.stateRoot)
    ) {
      throw new ConsensusError('branch', 'next sync committee branch does not lead to the attested state root');
    }
    return root;
  }

  /** Keys are decoded once per period: a committee already held is reused. */
  private committee(update: Update, root: Uint8Array): SyncCommittee {
    const known = [this.current, this.next].find((c) => c?.root === bytesToHex(root));
    return known ?? decodeCommittee(update.nextSyncCommittee!.pubkeys, update.nextSyncCommittee!.aggregatePubkey, root);
  }
}
