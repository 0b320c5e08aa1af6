// What a network is to the wallet: chain metadata, its sources and the agreement rule (k, strict).
// Built-in networks come from the quorum catalog (plus the local devnet in development builds); the
// user's edits are stored whole and take the built-in's place.
import type { ConsensusSettings, NetworkView } from '../messages/popup-api';
import { DEFAULT_QUORUM, defaultCatalog } from '../rpc/catalog';
import type { SourceConfig } from '../rpc/types';

/** The popup's NetworkView, with the sources as the quorum client takes them. */
export interface NetworkConfig extends Omit<NetworkView, 'sources' | 'enabledOperators'> {
  sources: SourceConfig[];
}

/** A built-in network as the build provides it (the devnet is one, from `__ACCORD_DEVNET__`). */
export interface BuiltInNetwork {
  chainId: number;
  name: string;
  symbol: string;
  decimals?: number;
  explorerUrl?: string;
  sources: { id: string; url: string; operator: string; enabled?: boolean }[];
  consensus?: ConsensusSettings;
}

/**
 * What a release carries for the consensus light client: beacon sources, and the newest finalized checkpoint
 * we have. Mainnet's is the finalized root of the recorded Electra chain (epoch 363777, May 2025): older than
 * the weak-subjectivity period, it is refused with a sentence saying so until the user sets a recent one.
 * For Sepolia we hold no checkpoint: the user sets one (or takes the one the beacon sources agree on).
 */
export const RELEASE_CONSENSUS: Readonly<Record<number, ConsensusSettings>> = {
  1: {
    beaconSources: [
      { id: 'beacon-publicnode', url: 'https://ethereum-beacon-api.publicnode.com', operator: 'PublicNode' },
      { id: 'beacon-lightclientdata', url: 'https://www.lightclientdata.org', operator: 'lightclientdata.org' },
    ],
    checkpoint: '0xd9717ecc253684291f828688f311ba74d05af74c31654f6e14077669fca62f6a',
  },
  11155111: {
    beaconSources: [
      {
        id: 'beacon-sepolia-publicnode',
        url: 'https://ethereum-sepolia-beacon-api.publicnode.com',
        operator: 'PublicNode',
      },
    ],
    checkpoint: null,
  },
};

const EXPLORERS: Record<number, string> = {
  1: 'https://etherscan.io',
  11155111: 'https://sepolia.etherscan.io',
  8453: 'https://basescan.org',
  10: 'https://optimistic.etherscan.io',
  42161: 'https://arbiscan.io',
  137: 'https://polygonscan.com',
};

function fromBuiltIn(network: BuiltInNetwork): NetworkConfig {
  const explorerUrl = network.explorerUrl ?? EXPLORERS[network.chainId];
  const consensus = network.consensus ?? RELEASE_CONSENSUS[network.chainId];
  return {
    chainId: network.chainId,
    name: network.name,
    symbol: network.symbol,
    decimals: network.decimals ?? 18,
    ...(explorerUrl ? { explorerUrl } : {}),
    quorum: DEFAULT_QUORUM,
    strict: false,
    builtIn: true,
    sources: network.sources.map((s) => ({ id: s.id, url: s.url, operator: s.operator, enabled: s.enabled ?? true })),
    ...(consensus ? { consensus: structuredClone(consensus) } : {}),
  };
}

/** The devnet first (development builds select it by default), then the catalog. */
export function builtInNetworks(extra: BuiltInNetwork[] = []): NetworkConfig[] {
  const extraIds = new Set(extra.map((n) => n.chainId));
  return [...extra, ...defaultCatalog.filter((c) => !extraIds.has(c.chainId))].map(fromBuiltIn);
}

/** Built-ins in catalog order with the user's version in their place, then the user's own networks. */
export function mergeNetworks(builtIns: NetworkConfig[], stored: NetworkConfig[]): NetworkConfig[] {
  const byChain = new Map(stored.map((n) => [n.chainId, n]));
  const merged = builtIns.map((b) => {
    const edited = byChain.get(b.chainId);
    byChain.delete(b.chainId);
    // A network stored before it had a light client keeps the release's consensus settings.
    const consensus = edited?.consensus ?? b.consensus;
    return edited ? { ...edited, builtIn: true, ...(consensus ? { consensus } : {}) } : b;
  });
  return [...merged, ...[...byChain.values()].map((n) => ({ ...n, builtIn: false }))];
}

/** A source id that stays unique within a network. */
export function newSourceId(network: NetworkConfig, url: string): string {
  const host = new URL(url).hostname.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'source';
  const taken = new Set(network.sources.map((s) => s.id));
  let id = host;
  for (let n = 2; taken.has(id); n++) id = `${host}-${n}`;
  return id;
}
