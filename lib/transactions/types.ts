import type { Address, Hex } from 'viem';

/**
 * What the transaction code needs from a chain: an EIP-1193-like request function bound to one chain.
 * The quorum client satisfies it; the devnet test uses plain JSON-RPC.
 */
export interface ChainAccess {
  chainId: number;
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
  /**
   * The same read with whether k operators agreed on it (the quorum client's status). Without it every
   * answer counts as agreed: a single node the caller trusts, as in the devnet tests.
   */
  agreed?(args: { method: string; params?: unknown[] }): Promise<{ value: unknown; confirmed: boolean }>;
}

export type TransactionStatus = 'pending' | 'confirmed' | 'failed' | 'replaced';

export interface ReceiptSummary {
  blockNumber: number;
  blockHash: Hex;
  gasUsed: string;
  effectiveGasPrice: string | null;
  status: 'success' | 'reverted';
}

/** A signed transaction as persisted (before its first broadcast). Amounts are decimal wei strings. */
export interface TransactionRecord {
  hash: Hex;
  chainId: number;
  from: Address;
  to: Address | null;
  value: string;
  nonce: number;
  data: Hex;
  type: 'eip1559' | 'legacy';
  gas: string;
  maxFeePerGas?: string;
  maxPriorityFeePerGas?: string;
  gasPrice?: string;
  /** The signed serialized transaction, re-sent until mined or replaced. */
  raw: Hex;
  status: TransactionStatus;
  createdAt: number;
  lastBroadcastAt: number | null;
  broadcastCount: number;
  /** Last broadcast or check error, for display (never contains secrets: it is a node's message). */
  lastError?: string;
  /** The dapp origin that asked, if any. */
  origin?: string;
  receipt?: ReceiptSummary;
  /** Hash of the transaction that took this one's nonce, when known. */
  replacedBy?: Hex;
}
