// The background's consensus light clients, one per network that has beacon sources and a checkpoint.
// Each syncs from its checkpoint once, persists its snapshot (not secret) in storage.local so a restarted
// worker resumes from the committee and headers it had, and hands the quorum client the execution header
// the sync committee verified. When it cannot, it says why: the head tracker then falls back and says so.
import { toConsensusHead } from '../consensus/anchor-header';
import { BeaconClient } from '../consensus/beacon-client';
import { CHAIN_CONFIGS, type ChainConfig, timeAtSlot } from '../consensus/config';
import { ConsensusError } from '../consensus/errors';
import type { LightClient, VerifiedHead } from '../consensus/light-client';
import { restoreLightClient, snapshotLightClient } from '../consensus/snapshot';
import { advanceLightClient, syncLightClient } from '../consensus/sync';
import type { ConsensusSettings, Hex, LightClientView } from '../messages/popup-api';
import type { ConsensusHead, ConsensusHeadRequest } from '../rpc/head';
import type { KeyValueArea } from '../storage/areas';

export type CreateLightClientsParameters = {
  /** storage.local: snapshots survive a worker restart. */
  area: KeyValueArea;
  settingsFor(chainId: number): Promise<ConsensusSettings | null>;
  fetch?: typeof fetch;
  now?: () => number;
  /** Per beacon request. Default 8 s. */
  timeoutMs?: number;
  /** A head older than this is "behind" (the quorum client falls back). Default 2 minutes. */
  maxHeadAgeMs?: number;
  /** The same for the finalized head, which trails the chain by two epochs or more. Default 30 minutes. */
  maxFinalizedAgeMs?: number;
  /** How long a read waits for a sync that has nothing current yet (it goes on behind). Default 4 s. */
  maxWaitMs?: number;
  /** How often a running light client asks for new updates in turn. Default one slot (12 s). */
  advanceEveryMs?: number;
  /** How often a light client behind the sources' newest block may ask for updates out of turn. Default 2 s. */
  catchUpEveryMs?: number;
  /** How long a read waits for such a catch-up (it goes on behind). Default 1 s. */
  maxCatchUpWaitMs?: number;
  /** Weak-subjectivity limit for checkpoints and snapshots (default: the light client's, 14 days). */
  weakSubjectivityMs?: number;
  /** The light client's state changed (the popup re-reads). */
  onChange?(chainId: number): void;
};

export type LightClients = ReturnType<typeof createLightClients>;

/** How often a running light client asks for new updates (one slot). */
const DEFAULT_ADVANCE_EVERY_MS = 12_000;
const DEFAULT_MAX_HEAD_AGE_MS = 120_000;
/** Finality lags the head by 2 epochs (12.8 min) when the chain is healthy; allow some more. */
const DEFAULT_MAX_FINALIZED_AGE_MS = 30 * 60_000;
const SNAPSHOT_KEY = (chainId: number) => `lightClient:${chainId}`;

type StoredSnapshot = { checkpoint: Hex; snapshot: unknown; savedAt: number };

type Entry = {
  /** Checkpoint and chain the entry was built for; settings that change it start over. */
  key: string;
  config: ChainConfig;
  beacon: BeaconClient;
  client: LightClient | null;
  running: Promise<void> | null;
  advancedAt: number;
  problem: { message: string; check: string | null } | null;
  restoredAt: number | null;
  /** Looking at the stored snapshot, once per entry (restored, or found missing or unusable). */
  restoring: Promise<void> | null;
};

export function createLightClients(parameters: CreateLightClientsParameters) {
  const now = parameters.now ?? Date.now;
  const maxHeadAgeMs = parameters.maxHeadAgeMs ?? DEFAULT_MAX_HEAD_AGE_MS;
  const maxFinalizedAgeMs = parameters.maxFinalizedAgeMs ?? DEFAULT_MAX_FINALIZED_AGE_MS;
  const advanceEveryMs = parameters.advanceEveryMs ?? DEFAULT_ADVANCE_EVERY_MS;
  const catchUpEveryMs = parameters.catchUpEveryMs ?? 2_000;
  const maxCatchUpWaitMs = parameters.maxCatchUpWaitMs ?? 1_000;
  const entries = new Map<number, Entry>();
  const changed = (chainId: number) => parameters.onChange?.(chainId);

  function chainOf(chainId: number, settings: ConsensusSettings): ChainConfig | null {
    return settings.chain ?? CHAIN_CONFIGS[chainId] ?? null;
  }

  /** The entry for the current settings (a new one when they changed), or why there can be none. */
  function entryFor(chainId: number, settings: ConsensusSettings): Entry | string {
    const config = chainOf(chainId, settings);
    if (!config) return `Accord does not know the beacon chain of chain ${chainId}.`;
    if (settings.beaconSources.length === 0) return 'no beacon source is set for this network.';
    if (!settings.checkpoint) return 'no checkpoint is set: set a recent finalized beacon block root.';
    const urls = settings.beaconSources.map((s) => s.url);
    const key = JSON.stringify([settings.checkpoint.toLowerCase(), config.name, config.genesisValidatorsRoot, urls]);
    const existing = entries.get(chainId);
    if (existing?.key === key) return existing;
    const entry: Entry = {
      key,
      config,
      beacon: new BeaconClient({
        urls,
        config,
        timeoutMs: parameters.timeoutMs ?? 8_000,
        ...(parameters.fetch ? { fetch: parameters.fetch } : {}),
      }),
      client: null,
      running: null,
      advancedAt: 0,
      problem: null,
      restoredAt: null,
      restoring: null,
    };
    entries.set(chainId, entry);
    return entry;
  }

  const options = (config: ChainConfig) => ({
    config,
    now,
    ...(parameters.weakSubjectivityMs !== undefined ? { weakSubjectivityMs: parameters.weakSubjectivityMs } : {}),
  });

  /** 1. Resume from the stored snapshot of this checkpoint, if any; 2. else sync from the checkpoint; 3. advance. */
  async function run(chainId: number, entry: Entry, checkpoint: Hex): Promise<void> {
    const sync = { beacon: entry.beacon, ...options(entry.config) };
    try {
      await restoreOnce(chainId, entry, checkpoint);
      if (entry.client) await advanceLightClient({ ...sync, client: entry.client });
      else entry.client = (await syncLightClient({ ...sync, checkpoint })).client;
      entry.problem = null;
      entry.advancedAt = now();
      await parameters.area.set({
        [SNAPSHOT_KEY(chainId)]: {
          checkpoint,
          snapshot: snapshotLightClient(entry.client, options(entry.config)),
          savedAt: now(),
        } satisfies StoredSnapshot,
      });
    } catch (error) {
      entry.problem = {
        message: sentence(error),
        check: error instanceof ConsensusError ? error.check : null,
      };
      entry.advancedAt = now();
    } finally {
      changed(chainId);
    }
  }

  /** Every caller waits for the same look at the snapshot, so none starts over from the checkpoint meanwhile. */
  function restoreOnce(chainId: number, entry: Entry, checkpoint: Hex): Promise<void> {
    entry.restoring ??= restore(chainId, entry, checkpoint).then(
      (client) => {
        if (client && !entry.client) {
          entry.client = client;
          changed(chainId);
        }
      },
      // Storage that cannot be read leaves a sync from the checkpoint.
      () => {},
    );
    return entry.restoring;
  }

  async function restore(chainId: number, entry: Entry, checkpoint: Hex): Promise<LightClient | null> {
    const stored = (await parameters.area.get(SNAPSHOT_KEY(chainId)))[SNAPSHOT_KEY(chainId)] as
      | StoredSnapshot
      | undefined;
    if (!stored || stored.checkpoint?.toLowerCase() !== checkpoint.toLowerCase()) return null;
    try {
      const client = restoreLightClient(options(entry.config), stored.snapshot);
      entry.restoredAt = now();
      return client;
    } catch {
      // A snapshot too old (or not for this chain) is dropped: the checkpoint decides.
      await parameters.area.remove(SNAPSHOT_KEY(chainId));
      return null;
    }
  }

  /**
   * Starts a sync or an advance unless one is running or the last was under a slot ago (a catch-up to a block
   * the sources already have goes anyway). A refused checkpoint is not tried again: only new settings (a new
   * entry) can change the answer.
   */
  function kick(chainId: number, entry: Entry, checkpoint: Hex, catchUp = false): Promise<void> | null {
    if (entry.running) return entry.running;
    if (!entry.client && entry.problem?.check === 'checkpoint') return null;
    if (!catchUp && now() - entry.advancedAt < advanceEveryMs && (entry.client || entry.problem)) return null;
    entry.running = run(chainId, entry, checkpoint).finally(() => {
      entry.running = null;
    });
    changed(chainId);
    return entry.running;
  }

  function headOf(entry: Entry, finalizedOnly: boolean): VerifiedHead | null {
    if (!entry.client) return null;
    return finalizedOnly ? entry.client.finalizedHead() : entry.client.optimisticHead();
  }

  return {
    /**
     * The verified execution header for the quorum client: null where the network has no light client (or
     * no beacon source), `unavailable` with the reason where it has one that cannot vouch for a current block now.
     * The network's setting picks the newest signed or the finalized header; `finalized` asks for the latter.
     */
    async head(
      chainId: number,
      request: ConsensusHeadRequest = {},
    ): Promise<ConsensusHead | { unavailable: string } | null> {
      const settings = await parameters.settingsFor(chainId);
      // No beacon source set: the user has not turned the light client on here; the operators' header is
      // then the plain basis, as on a network without one, not a fallback to explain.
      if (!settings || settings.beaconSources.length === 0) return null;
      const entry = entryFor(chainId, settings);
      if (typeof entry === 'string') return { unavailable: `the light client is not running: ${entry}` };
      const checkpoint = settings.checkpoint as Hex;
      // A restarted worker answers from its stored snapshot at once; the advance then goes on behind the read.
      if (!entry.client) await restoreOnce(chainId, entry, checkpoint);
      const finalizedOnly = request.finalized === true || settings.verifyAt === 'finalized';
      const maxAge = finalizedOnly ? maxFinalizedAgeMs : maxHeadAgeMs;
      // Waits for a sync only when it has nothing current to give; otherwise refreshes behind the read.
      const current = (head: VerifiedHead | null) =>
        head !== null && now() - timeAtSlot(entry.config, head.slot) <= maxAge;
      // The sources report a newer block (one was just mined): ask for updates now, not at the next slot's turn.
      const known = headOf(entry, finalizedOnly);
      const catchUp =
        !finalizedOnly &&
        known !== null &&
        request.sourcesAt !== undefined &&
        known.executionBlockNumber < request.sourcesAt &&
        now() - entry.advancedAt >= catchUpEveryMs;
      const pending = kick(chainId, entry, checkpoint, catchUp);
      const wait = !current(known) ? (parameters.maxWaitMs ?? 4_000) : catchUp ? maxCatchUpWaitMs : 0;
      if (pending && wait > 0) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const waited = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, wait);
        });
        await Promise.race([pending, waited]).finally(() => clearTimeout(timer));
      }
      const head = headOf(entry, finalizedOnly);
      if (!current(head) && entry.running) return { unavailable: 'the light client is still syncing.' };
      if (entry.problem && !current(head)) return { unavailable: `the light client failed: ${entry.problem.message}` };
      if (!head) return { unavailable: 'the light client has not synced yet.' };
      if (!current(head)) {
        const minutes = Math.round((now() - timeAtSlot(entry.config, head.slot)) / 60_000);
        const which = finalizedOnly ? 'finalized' : 'newest verified';
        return { unavailable: `the light client is behind: its ${which} block is ${minutes} min old.` };
      }
      return toConsensusHead(head, finalizedOnly || head.slot === entry.client?.finalizedHead().slot);
    },

    /** What the network screen shows (never starts a sync). */
    async view(chainId: number): Promise<LightClientView> {
      const settings = await parameters.settingsFor(chainId);
      const off = (problem: string | null): LightClientView => ({
        state: 'off',
        problem,
        check: null,
        period: null,
        finalized: null,
        optimistic: null,
        participation: null,
        lastUpdateAt: null,
        checkMs: {},
      });
      if (!settings) return off(null);
      const entry = entryFor(chainId, settings);
      if (typeof entry === 'string') return off(entry);
      const client = entry.client;
      const at = (h: VerifiedHead) => ({ slot: h.slot, block: h.executionBlockNumber });
      return {
        state: entry.running ? 'syncing' : entry.problem ? 'failed' : client ? 'running' : 'off',
        problem: entry.problem?.message ?? (client ? null : 'not started: it starts with the first read.'),
        check: entry.problem?.check ?? null,
        period: client?.period ?? null,
        finalized: client ? at(client.finalizedHead()) : null,
        optimistic: client ? at(client.optimisticHead()) : null,
        participation: client?.lastUpdate?.participants ?? null,
        lastUpdateAt: client?.lastUpdate?.at ?? entry.restoredAt,
        checkMs: client?.checkTimes ?? {},
      };
    },

    /** Settings changed: the next head() starts over from the (new) checkpoint. */
    forget(chainId: number): void {
      entries.delete(chainId);
    },
  };
}

/** A refusal as a sentence a person can act on. */
function sentence(error: unknown): string {
  const message = error instanceof ConsensusError ? error.shortMessage : (error as Error).message;
  return message.split('\n')[0];
}
