// A network's beacon sources and checkpoint, as the user edits them: add (after a test), remove, test, set
// the checkpoint, and the checkpoint the wallet can offer: the finalized root that k beacon sources of
// different operators report alike (operators counted by host, as for RPC sources).
import { CHAIN_CONFIGS, type ChainConfig } from '../consensus/config';
import type {
  BeaconSourceConfig,
  BeaconTestResult,
  CheckpointOffer,
  ConsensusSettings,
  Hex,
} from '../messages/popup-api';
import { hostOperator } from '../rpc/operator';
import { invalidInput, notFound, WalletError } from './errors';
import type { NetworkConfig } from './network-config';
import type { Networks } from './networks';
import { normaliseSourceUrl, sameSourceUrl, sourceUrlProblem } from './source-url';

const TEST_TIMEOUT_MS = 5_000;
const MAX_BEACON_SOURCES = 8;
/** A beacon API's answer to these small routes is a few hundred bytes. */
const MAX_ANSWER_BYTES = 64 * 1024;

export type BeaconSettingsParameters = { networks: Networks; fetch?: typeof fetch; now?: () => number };

export function createBeaconSettings({ networks, fetch: fetchFn = fetch, now = Date.now }: BeaconSettingsParameters) {
  async function network(chainId: number): Promise<NetworkConfig & { consensus: ConsensusSettings }> {
    const found = await networks.get(chainId);
    if (!found) throw notFound(`Network ${chainId}`);
    if (!found.consensus && !CHAIN_CONFIGS[chainId]) {
      throw invalidInput(`${found.name} has no beacon chain Accord knows: a light client cannot follow it.`);
    }
    return { ...found, consensus: found.consensus ?? { beaconSources: [], checkpoint: null } };
  }

  async function getJson(url: string): Promise<unknown> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), TEST_TIMEOUT_MS);
    try {
      const response = await fetchFn(url, { headers: { accept: 'application/json' }, signal: controller.signal });
      if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
      const text = await response.text();
      if (text.length > MAX_ANSWER_BYTES) throw new Error('answer too large');
      return JSON.parse(text);
    } catch (error) {
      if (controller.signal.aborted) throw new Error(`no answer within ${TEST_TIMEOUT_MS} ms`);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** 1. Same beacon chain (genesis validators root); 2. its finalized checkpoint. */
  async function test(url: string, chain: ChainConfig | null): Promise<BeaconTestResult> {
    const problem = sourceUrlProblem(url);
    if (problem) return { ok: false, finalized: null, latencyMs: null, error: problem };
    const base = normaliseSourceUrl(url).replace(/\/+$/, '');
    const started = now();
    try {
      const genesis = (await getJson(`${base}/eth/v1/beacon/genesis`)) as {
        data?: { genesis_validators_root?: unknown };
      };
      const root = genesis?.data?.genesis_validators_root;
      if (chain && (typeof root !== 'string' || root.toLowerCase() !== chain.genesisValidatorsRoot.toLowerCase())) {
        return {
          ok: false,
          finalized: null,
          latencyMs: now() - started,
          error: `This beacon node follows another chain (genesis validators root ${String(root).slice(0, 12)}…).`,
        };
      }
      const finalized = await finalizedOf(base);
      return { ok: true, finalized, latencyMs: now() - started };
    } catch (error) {
      return { ok: false, finalized: null, latencyMs: null, error: (error as Error).message.split('\n')[0] };
    }
  }

  async function finalizedOf(base: string): Promise<{ root: Hex; epoch: number }> {
    const answer = (await getJson(`${base}/eth/v1/beacon/states/head/finality_checkpoints`)) as {
      data?: { finalized?: { root?: unknown; epoch?: unknown } };
    };
    const root = answer?.data?.finalized?.root;
    const epoch = Number(answer?.data?.finalized?.epoch);
    if (typeof root !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(root) || !Number.isSafeInteger(epoch)) {
      throw new Error('finality checkpoints answer is malformed');
    }
    return { root: root.toLowerCase() as Hex, epoch };
  }

  const chainOf = (n: NetworkConfig & { consensus: ConsensusSettings }) =>
    n.consensus.chain ?? CHAIN_CONFIGS[n.chainId] ?? null;

  return {
    test: async (chainId: number, url: string) => test(url, chainOf(await network(chainId))),

    async add(chainId: number, url: string, operator: string): Promise<NetworkConfig> {
      const n = await network(chainId);
      const label = typeof operator === 'string' ? operator.trim() : '';
      if (!label || label.length > 60) throw invalidInput('Say who operates the beacon source (up to 60 characters).');
      const problem = sourceUrlProblem(url);
      if (problem) throw invalidInput(problem);
      const clean = normaliseSourceUrl(url);
      if (n.consensus.beaconSources.some((s) => sameSourceUrl(s.url, clean))) {
        throw invalidInput(`${clean} is already a beacon source of ${n.name}.`);
      }
      if (n.consensus.beaconSources.length >= MAX_BEACON_SOURCES) {
        throw invalidInput(`${n.name} has ${MAX_BEACON_SOURCES} beacon sources; remove one first.`);
      }
      const result = await test(clean, chainOf(n));
      if (!result.ok) throw new WalletError('unreachable', `${clean} cannot serve ${n.name}: ${result.error}`);
      const taken = new Set(n.consensus.beaconSources.map((s) => s.id));
      let id = `beacon-${new URL(clean).hostname.replace(/[^a-z0-9]+/gi, '-')}`;
      for (let i = 2; taken.has(id); i++) id = `${id.replace(/-\d+$/, '')}-${i}`;
      const source: BeaconSourceConfig = { id, url: clean, operator: label };
      return networks.setConsensus(chainId, { ...n.consensus, beaconSources: [...n.consensus.beaconSources, source] });
    },

    async remove(chainId: number, sourceId: string): Promise<NetworkConfig> {
      const n = await network(chainId);
      if (!n.consensus.beaconSources.some((s) => s.id === sourceId)) throw notFound(`Beacon source ${sourceId}`);
      return networks.setConsensus(chainId, {
        ...n.consensus,
        beaconSources: n.consensus.beaconSources.filter((s) => s.id !== sourceId),
      });
    },

    async setCheckpoint(chainId: number, checkpoint: string | null): Promise<NetworkConfig> {
      const n = await network(chainId);
      const root = typeof checkpoint === 'string' ? checkpoint.trim() : null;
      if (root !== null && !/^0x[0-9a-fA-F]{64}$/.test(root)) {
        throw invalidInput('A checkpoint is a finalized beacon block root: 0x and 64 hex digits.');
      }
      return networks.setConsensus(chainId, { ...n.consensus, checkpoint: (root?.toLowerCase() as Hex) ?? null });
    },

    /** Reads verified at the newest signed header, or at the finalized one. */
    async setVerifyAt(chainId: number, verifyAt: unknown): Promise<NetworkConfig> {
      if (verifyAt !== 'optimistic' && verifyAt !== 'finalized') {
        throw invalidInput('Reads are verified at the newest signed block ("optimistic") or the finalized one.');
      }
      const n = await network(chainId);
      return networks.setConsensus(chainId, { ...n.consensus, verifyAt });
    },

    /** The finalized root k beacon sources of different operators report alike (k: the network's quorum). */
    async offerCheckpoint(chainId: number): Promise<CheckpointOffer> {
      const n = await network(chainId);
      const k = n.quorum;
      const reports = await Promise.all(
        n.consensus.beaconSources.map(async (s) => {
          try {
            const f = await finalizedOf(s.url.replace(/\/+$/, ''));
            return { url: s.url, operator: hostOperator(s.url), ...f };
          } catch (error) {
            return { url: s.url, operator: hostOperator(s.url), root: null, epoch: 0, error: (error as Error).message };
          }
        }),
      );
      const byRoot = new Map<string, { epoch: number; operators: Set<string> }>();
      for (const r of reports) {
        if (!r.root) continue;
        const entry = byRoot.get(r.root) ?? { epoch: r.epoch, operators: new Set<string>() };
        entry.operators.add(r.operator);
        byRoot.set(r.root, entry);
      }
      const agreed = [...byRoot.entries()]
        .filter(([, e]) => e.operators.size >= k)
        .sort((a, b) => b[1].epoch - a[1].epoch)[0];
      if (agreed) return { root: agreed[0] as Hex, epoch: agreed[1].epoch, operators: agreed[1].operators.size };
      const operators = new Set(reports.map((r) => r.operator)).size;
      return {
        root: null,
        reason:
          operators < k
            ? `${n.name} has beacon sources of ${operators} operator${operators === 1 ? '' : 's'}; offering a checkpoint needs ${k} that agree. Add beacon sources of other operators.`
            : `No finalized root was reported alike by ${k} operators.`,
        reports: reports.map((r) => ({ url: r.url, root: r.root, ...(r.error ? { error: r.error } : {}) })),
      };
    },
  };
}

export type BeaconSettings = ReturnType<typeof createBeaconSettings>;
