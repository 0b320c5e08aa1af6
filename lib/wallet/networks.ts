// The wallet's networks: built-ins merged with the user's edits (IndexedDB), the selected chain, and
// one quorum client per network, kept in step with the configuration.

import type { ConsensusSettings } from '../messages/popup-api';
import { createQuorumClient, isHttpUrl, type QuorumClient } from '../rpc';
import type { ConsensusHeadRequest, ConsensusHeadSource } from '../rpc/head';
import type { SourceConfig } from '../rpc/types';
import { invalidInput, notFound, WalletError } from './errors';
import { mergeNetworks, type NetworkConfig, newSourceId } from './network-config';
import { countEnabledOperators } from './network-view';
import type { ProbeResult } from './probe';
import { normaliseSourceUrl, sameSourceUrl, sourceUrlProblem } from './source-url';
import type { WalletDb } from './wallet-db';

export interface CreateNetworksParameters {
  db: WalletDb;
  builtIns: NetworkConfig[];
  /** Selected until the user picks another: the devnet in development builds, Ethereum otherwise. */
  defaultChainId: number;
  createClient?: (config: NetworkConfig) => QuorumClient;
  /** A network's consensus light client, for its quorum client's anchor. */
  consensusHead?: (chainId: number, request?: ConsensusHeadRequest) => ReturnType<ConsensusHeadSource>;
  probe(url: string): Promise<ProbeResult>;
  /** The selected chain changed (dapps get chainChanged). */
  onSelect?(chainId: number): void;
  /** Any network or source changed (the popup re-reads). */
  onChange?(): void;
  /** A network's agreed head moved (learned by any read or head refresh). */
  onHead?(chainId: number): void;
}

export type NetworkMetadata = Pick<NetworkConfig, 'chainId' | 'name' | 'symbol'> &
  Partial<Pick<NetworkConfig, 'decimals' | 'explorerUrl'>>;

const SELECTED_CHAIN = 'selectedChainId';
const MAX_QUORUM = 16;

export type Networks = ReturnType<typeof createNetworks>;

export function createNetworks({
  db,
  builtIns,
  defaultChainId,
  consensusHead,
  createClient = (config) =>
    createQuorumClient({
      chainId: config.chainId,
      sources: config.sources,
      quorum: config.quorum,
      strict: config.strict,
      ...(consensusHead ? { consensusHead: (request) => consensusHead(config.chainId, request) } : {}),
    }),
  probe,
  onSelect = () => {},
  onChange = () => {},
  onHead = () => {},
}: CreateNetworksParameters) {
  const clients = new Map<number, QuorumClient>();

  async function list(): Promise<NetworkConfig[]> {
    return mergeNetworks(builtIns, await db.getAll('networks'));
  }

  async function get(chainId: number): Promise<NetworkConfig | null> {
    return (await list()).find((n) => n.chainId === chainId) ?? null;
  }

  async function known(chainId: number): Promise<NetworkConfig> {
    const network = await get(chainId);
    if (!network) throw notFound(`Network ${chainId}`);
    return network;
  }

  async function save(config: NetworkConfig): Promise<NetworkConfig> {
    await db.put('networks', config);
    const client = clients.get(config.chainId);
    if (client) {
      client.setSources(config.sources);
      client.setQuorum(config.quorum);
      client.setStrict(config.strict);
    }
    onChange();
    return (await get(config.chainId)) ?? config;
  }

  async function selectedChainId(): Promise<number> {
    const [stored, networks] = await Promise.all([db.get('settings', SELECTED_CHAIN), list()]);
    const has = (id: unknown) => networks.some((n) => n.chainId === id);
    if (has(stored)) return stored as number;
    return has(defaultChainId) ? defaultChainId : networks[0].chainId;
  }

  async function checkSourceUrl(network: NetworkConfig, url: string, allowUnreachable: boolean): Promise<string> {
    const problem = sourceUrlProblem(url);
    if (problem) throw invalidInput(problem);
    const clean = normaliseSourceUrl(url);
    const twin = network.sources.find((s) => sameSourceUrl(s.url, clean));
    if (twin) throw invalidInput(`${clean} is already a source of ${network.name} (${twin.id}).`);
    const answer = await probe(clean);
    if (answer.chainId !== null && answer.chainId !== network.chainId) {
      throw new WalletError(
        'wrong_chain',
        `${clean} serves chain ${answer.chainId}, not ${network.name} (${network.chainId}).`,
      );
    }
    if (answer.chainId === null && !allowUnreachable) {
      throw new WalletError(
        'unreachable',
        `${clean} did not answer (${answer.error ?? 'no answer'}). Check the address, or add it anyway if it is only down for now.`,
      );
    }
    return clean;
  }

  /** Enabled sources of distinct operators: what can ever agree. */
  function enabledOperators(network: NetworkConfig): number {
    return countEnabledOperators(network.sources);
  }

  return {
    list,
    get,
    selectedChainId,

    async select(chainId: number): Promise<void> {
      await known(chainId);
      const previous = await selectedChainId();
      await db.put('settings', chainId, SELECTED_CHAIN);
      if (previous !== chainId) onSelect(chainId);
    },

    /** A new network; a chain id the wallet already has is refused (edit that network instead). */
    async create(meta: NetworkMetadata): Promise<NetworkConfig> {
      const existing = Number.isSafeInteger(meta.chainId) ? await get(meta.chainId) : null;
      if (existing) {
        throw new WalletError(
          'network_exists',
          `Chain ${meta.chainId} is already in your networks as ${existing.name}. Edit ${existing.name} instead of adding it again.`,
        );
      }
      return this.upsert(meta);
    },

    /** Creates a network (no sources yet) or changes a network's name, symbol, decimals or explorer. */
    async upsert(meta: NetworkMetadata): Promise<NetworkConfig> {
      if (!Number.isSafeInteger(meta.chainId) || meta.chainId <= 0)
        throw invalidInput('Chain id must be a positive whole number.');
      const name = meta.name?.trim();
      const symbol = meta.symbol?.trim();
      if (!name || name.length > 100) throw invalidInput('A network needs a name (up to 100 characters).');
      if (!symbol || symbol.length > 11) throw invalidInput('A network needs a currency symbol (up to 11 characters).');
      const decimals = meta.decimals ?? 18;
      if (!Number.isInteger(decimals) || decimals < 0 || decimals > 36) throw invalidInput('Decimals must be 0 to 36.');
      if (meta.explorerUrl && !isHttpUrl(meta.explorerUrl)) throw invalidInput('The explorer must be an http(s) URL.');
      const existing = await get(meta.chainId);
      const base: NetworkConfig = existing ?? {
        chainId: meta.chainId,
        name,
        symbol,
        decimals,
        quorum: 2,
        strict: false,
        builtIn: false,
        sources: [],
      };
      const { explorerUrl: _old, ...rest } = base;
      return save({ ...rest, name, symbol, decimals, ...(meta.explorerUrl ? { explorerUrl: meta.explorerUrl } : {}) });
    },

    /** A network a dapp asked for (wallet_addEthereumChain), with the sources that proved its chain id. */
    async add(network: NetworkMetadata & { sources: { url: string; operator: string }[] }): Promise<NetworkConfig> {
      const config: NetworkConfig = {
        chainId: network.chainId,
        name: network.name,
        symbol: network.symbol,
        decimals: network.decimals ?? 18,
        ...(network.explorerUrl ? { explorerUrl: network.explorerUrl } : {}),
        quorum: 2,
        strict: false,
        builtIn: false,
        sources: [],
      };
      for (const source of network.sources) {
        config.sources.push({
          id: newSourceId(config, source.url),
          url: source.url,
          operator: source.operator,
          enabled: true,
        });
      }
      return save(config);
    },

    async remove(chainId: number): Promise<void> {
      const network = await known(chainId);
      if (network.builtIn)
        throw invalidInput(`${network.name} is built in; disable its sources instead of removing it.`);
      const wasSelected = (await selectedChainId()) === chainId;
      await db.delete('networks', chainId);
      clients.get(chainId)?.close();
      clients.delete(chainId);
      if (wasSelected) onSelect(await selectedChainId());
      onChange();
    },

    async setQuorum(chainId: number, quorum: number, strict: boolean): Promise<NetworkConfig> {
      if (!Number.isInteger(quorum) || quorum < 2 || quorum > MAX_QUORUM) {
        throw invalidInput(`Quorum must be 2 to ${MAX_QUORUM}: one source alone can never confirm a value.`);
      }
      const network = await known(chainId);
      const operators = enabledOperators(network);
      if (quorum > network.quorum && quorum > operators) {
        throw invalidInput(
          `k = ${quorum} needs ${quorum} different operators, but ${network.name} has ${operators} enabled: nothing could be confirmed. Add or enable sources of other operators first.`,
        );
      }
      return save({ ...network, quorum, strict: strict === true });
    },

    /** Adds a source after probing it; one that does not answer is refused unless `allowUnreachable`. */
    async addSource(chainId: number, url: string, operator: string, allowUnreachable = false): Promise<NetworkConfig> {
      const network = await known(chainId);
      const label = typeof operator === 'string' ? operator.trim() : '';
      if (!label || label.length > 60) throw invalidInput('Say who operates the source (up to 60 characters).');
      const clean = await checkSourceUrl(network, url, allowUnreachable === true);
      const source: SourceConfig = { id: newSourceId(network, clean), url: clean, operator: label, enabled: true };
      return save({ ...network, sources: [...network.sources, source] });
    },

    async removeSource(chainId: number, sourceId: string): Promise<NetworkConfig> {
      const network = await known(chainId);
      if (!network.sources.some((s) => s.id === sourceId)) throw notFound(`Source ${sourceId}`);
      return save({ ...network, sources: network.sources.filter((s) => s.id !== sourceId) });
    },

    async setSourceEnabled(chainId: number, sourceId: string, enabled: boolean): Promise<NetworkConfig> {
      const network = await known(chainId);
      if (!network.sources.some((s) => s.id === sourceId)) throw notFound(`Source ${sourceId}`);
      const othersEnabled = network.sources.some((s) => s.enabled && s.id !== sourceId);
      if (enabled !== true && !othersEnabled) {
        throw invalidInput(
          `${sourceId} is the last enabled source of ${network.name}; with none, nothing can be read. Enable another source first.`,
        );
      }
      return save({
        ...network,
        sources: network.sources.map((s) => (s.id === sourceId ? { ...s, enabled: enabled === true } : s)),
      });
    },

    /** A network's beacon sources and checkpoint (checked by beacon-settings.ts before they get here). */
    async setConsensus(chainId: number, consensus: ConsensusSettings): Promise<NetworkConfig> {
      const network = await known(chainId);
      return save({ ...network, consensus });
    },

    /** The quorum client of a network, created on first use. */
    async client(chainId: number): Promise<QuorumClient> {
      const existing = clients.get(chainId);
      if (existing) return existing;
      const created = createClient(await known(chainId));
      const raced = clients.get(chainId);
      if (raced) {
        created.close();
        return raced;
      }
      clients.set(chainId, created);
      created.onHead(() => onHead(chainId));
      return created;
    },

    /** Health of a network's sources, if its client exists (views never create clients). */
    health(chainId: number) {
      return clients.get(chainId)?.health() ?? [];
    },

    close(): void {
      for (const client of clients.values()) client.close();
      clients.clear();
    },
  };
}
