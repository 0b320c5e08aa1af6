// Tokens shown on every account without being added. Kept short on purpose: each one costs an eth_call per source.
import type { TokenView } from '../messages/popup-api';

type DefaultToken = Omit<TokenView, 'chainId' | 'source'>;

const DEFAULT_TOKENS: Record<number, DefaultToken[]> = {
  1: [
    { address: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48', symbol: 'USDC', name: 'USD Coin', decimals: 6 },
    { address: '0xdAC17F958D2ee523a2206206994597C13D831ec7', symbol: 'USDT', name: 'Tether USD', decimals: 6 },
    { address: '0x6B175474E89094C44Da98b954EedeAC495271d0F', symbol: 'DAI', name: 'Dai Stablecoin', decimals: 18 },
    { address: '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2', symbol: 'WETH', name: 'Wrapped Ether', decimals: 18 },
  ],
  10: [{ address: '0x0b2C639c533813f4Aa9D7837CAf62653d097Ff85', symbol: 'USDC', name: 'USD Coin', decimals: 6 }],
  8453: [{ address: '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913', symbol: 'USDC', name: 'USD Coin', decimals: 6 }],
  42161: [{ address: '0xaf88d065e77c8cC2239327C5EDb3A432268e5831', symbol: 'USDC', name: 'USD Coin', decimals: 6 }],
  // A local devnet (anvil, chain 31337): the Accord Test Token lands at account 0's first contract address.
  31337: [
    { address: '0x5FbDB2315678afecb367f032d93F642f64180aa3', symbol: 'ATT', name: 'Accord Test Token', decimals: 18 },
  ],
  11155111: [{ address: '0x1c7D4B196Cb0C7B01d743Fbc6116a902379C7238', symbol: 'USDC', name: 'USDC', decimals: 6 }],
};

export function defaultTokens(chainId: number): TokenView[] {
  return (DEFAULT_TOKENS[chainId] ?? []).map((token) => ({ ...token, chainId, source: 'default' as const }));
}

export function chainsWithDefaultTokens(): number[] {
  return Object.keys(DEFAULT_TOKENS).map(Number);
}
