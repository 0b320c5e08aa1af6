import type { SourceConfig } from '../rpc/types';
import type { NetworkConfig } from '../wallet/network-config';

/** The development builds' "Local devnet" (chain 31337, k = 2) with the given sources, for tests. */
export function localDevnet(sources: SourceConfig[]): NetworkConfig {
  return {
    chainId: 31337,
    name: 'Local devnet',
    symbol: 'ETH',
    decimals: 18,
    quorum: 2,
    strict: false,
    builtIn: true,
    sources,
  };
}
