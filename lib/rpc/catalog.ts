import type { SourceConfig } from './types';

// The default sources: keyless public JSON-RPC endpoints, at least four operators per chain, so a
// fresh install can confirm every value with k = 2 and still lose two operators. Users can disable,
// add or replace sources; the ids are stable so settings can refer to them.

export const DEFAULT_QUORUM = 2;

export type CatalogChain = {
  chainId: number;
  name: string;
  symbol: string;
  sources: SourceConfig[];
};

const source = (id: string, operator: string, url: string): SourceConfig => ({ id, operator, url, enabled: true });

export const defaultCatalog: readonly CatalogChain[] = [
  {
    chainId: 1,
    name: 'Ethereum',
    symbol: 'ETH',
    sources: [
      source('eth-publicnode', 'PublicNode', 'https://ethereum-rpc.publicnode.com'),
      source('eth-llamarpc', 'LlamaNodes', 'https://eth.llamarpc.com'),
      source('eth-drpc', 'dRPC', 'https://eth.drpc.org'),
      source('eth-1rpc', '1RPC (Automata)', 'https://1rpc.io/eth'),
      source('eth-merkle', 'Merkle', 'https://eth.merkle.io'),
    ],
  },
  {
    chainId: 11155111,
    name: 'Sepolia',
    symbol: 'ETH',
    sources: [
      source('sepolia-publicnode', 'PublicNode', 'https://ethereum-sepolia-rpc.publicnode.com'),
      source('sepolia-drpc', 'dRPC', 'https://sepolia.drpc.org'),
      source('sepolia-1rpc', '1RPC (Automata)', 'https://1rpc.io/sepolia'),
      source('sepolia-thirdweb', 'thirdweb', 'https://11155111.rpc.thirdweb.com'),
      source('sepolia-tenderly', 'Tenderly', 'https://sepolia.gateway.tenderly.co'),
    ],
  },
  {
    chainId: 8453,
    name: 'Base',
    symbol: 'ETH',
    sources: [
      source('base-official', 'Base (Coinbase)', 'https://mainnet.base.org'),
      source('base-publicnode', 'PublicNode', 'https://base-rpc.publicnode.com'),
      source('base-llamarpc', 'LlamaNodes', 'https://base.llamarpc.com'),
      source('base-drpc', 'dRPC', 'https://base.drpc.org'),
      source('base-1rpc', '1RPC (Automata)', 'https://1rpc.io/base'),
    ],
  },
  {
    chainId: 10,
    name: 'OP Mainnet',
    symbol: 'ETH',
    sources: [
      source('op-official', 'OP Labs', 'https://mainnet.optimism.io'),
      source('op-publicnode', 'PublicNode', 'https://optimism-rpc.publicnode.com'),
      source('op-drpc', 'dRPC', 'https://optimism.drpc.org'),
      source('op-1rpc', '1RPC (Automata)', 'https://1rpc.io/op'),
      source('op-tenderly', 'Tenderly', 'https://optimism.gateway.tenderly.co'),
    ],
  },
  {
    chainId: 42161,
    name: 'Arbitrum One',
    symbol: 'ETH',
    sources: [
      source('arb-official', 'Offchain Labs', 'https://arb1.arbitrum.io/rpc'),
      source('arb-publicnode', 'PublicNode', 'https://arbitrum-one-rpc.publicnode.com'),
      source('arb-drpc', 'dRPC', 'https://arbitrum.drpc.org'),
      source('arb-1rpc', '1RPC (Automata)', 'https://1rpc.io/arb'),
      source('arb-llamarpc', 'LlamaNodes', 'https://arbitrum.llamarpc.com'),
    ],
  },
  {
    chainId: 137,
    name: 'Polygon',
    symbol: 'POL',
    sources: [
      source('polygon-official', 'Polygon Labs', 'https://polygon-rpc.com'),
      source('polygon-publicnode', 'PublicNode', 'https://polygon-bor-rpc.publicnode.com'),
      source('polygon-drpc', 'dRPC', 'https://polygon.drpc.org'),
      source('polygon-1rpc', '1RPC (Automata)', 'https://1rpc.io/matic'),
      source('polygon-llamarpc', 'LlamaNodes', 'https://polygon.llamarpc.com'),
    ],
  },
];

/** The catalog entry of a chain, or undefined. Returns copies: callers may edit them freely. */
export function catalogChain(chainId: number): CatalogChain | undefined {
  const chain = defaultCatalog.find((c) => c.chainId === chainId);
  return chain ? { ...chain, sources: chain.sources.map((s) => ({ ...s })) } : undefined;
}
