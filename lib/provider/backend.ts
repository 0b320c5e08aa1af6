// What the dapp method table needs from the rest of the wallet. lib/wallet implements these on top of the
// keyring, the quorum client and the transactions lib; unit tests pass small fakes.
import type { Address, ConnectedSite, Hex, TokenView, TransactionPreview } from '../messages/popup-api';
import type { DappSettings } from './dapp-settings';

export interface DappWalletState {
  initialized: boolean;
  unlocked: boolean;
  /** Every account the wallet holds, in display order (public metadata, readable while locked). */
  accounts: Address[];
  selectedAddress: Address | null;
}

export interface DappWallet {
  state(): Promise<DappWalletState>;
  /** Throws (with a message for the approval window) on a wrong password. */
  unlock(password: string): Promise<void>;
  signMessage(address: Address, message: Hex): Promise<Hex>;
  /** `data` is the dapp's typed data as sent (V3/V4: object or JSON text, checked by parseTypedData; V1: an array). */
  signTypedData(address: Address, data: unknown, version: 'V1' | 'V3' | 'V4'): Promise<Hex>;
}

export interface DappNetwork {
  chainId: number;
  name: string;
  symbol: string;
  decimals: number;
}

export interface NewNetwork extends DappNetwork {
  explorerUrl?: string;
  /** Only the URLs that answered eth_chainId with this chain's id. */
  sources: { url: string; operator: string }[];
}

export interface SourceProbe {
  chainId: number | null;
  latencyMs: number | null;
  error?: string;
}

export interface DappNetworks {
  currentChainId(): Promise<number>;
  get(chainId: number): Promise<DappNetwork | null>;
  /** Makes the chain the selected one (chainChanged goes out from there). */
  select(chainId: number): Promise<void>;
  add(network: NewNetwork): Promise<void>;
  probe(url: string): Promise<SourceProbe>;
  /** A page started using the provider: start checking the chain's sources and head before its first read. */
  warmUp?(chainId: number): Promise<void>;
  /**
   * The chain's agreed head (refreshed when it is more than a moment old); null while k sources agree on
   * none. Filters and subscriptions follow it.
   */
  agreedHead(chainId: number): Promise<{ number: number; hash: Hex } | null>;
  /** The quorum engine's dapp call on a chain: the agreed value, or throws {code, message, data}. */
  request(chainId: number, request: { method: string; params?: unknown[] }): Promise<unknown>;
}

/** A dapp's eth_sendTransaction after checking (quantities as bigint). */
export interface DappTransactionRequest {
  chainId: number;
  from: Address;
  to: Address | null;
  value: bigint;
  data: Hex;
  gas?: bigint;
  gasPrice?: bigint;
  maxFeePerGas?: bigint;
  maxPriorityFeePerGas?: bigint;
  nonce?: number;
}

/** Everything needed to sign, as JSON-safe strings (it waits in storage.session while the user decides). */
export interface PreparedDappTransaction {
  chainId: number;
  from: Address;
  to: Address | null;
  value: string;
  data: Hex;
  gas: string;
  nonce: number;
  maxFeePerGas?: string;
  maxPriorityFeePerGas?: string;
  gasPrice?: string;
  estimatedFeeWei: string;
  /** Nonce, gas or fees that fewer than k operators agreed on: the user must confirm them in the window. */
  unconfirmed?: ('nonce' | 'gas' | 'fees')[];
}

/** The reviewed nonce was taken by another of this wallet's transactions: review it again with `nextNonce`. */
export class ReviewedNonceTakenError extends Error {
  override name = 'ReviewedNonceTakenError';
  constructor(readonly nextNonce: number) {
    super(`the reviewed nonce was taken by another transaction; the next free nonce is ${nextNonce}`);
  }
}

export interface DappTransactions {
  /** Fills nonce, gas and fees through the quorum client. Throws {code, message} when it cannot. */
  prepare(request: DappTransactionRequest): Promise<PreparedDappTransaction>;
  /**
   * Signs exactly `prepared`, records and broadcasts; resolves to the transaction hash. Throws
   * ReviewedNonceTakenError rather than signing another nonce; refuses unconfirmed values unless accepted.
   */
  send(prepared: PreparedDappTransaction, context: { origin: string; acceptUnconfirmed?: boolean }): Promise<Hex>;
  /** What `prepared` would do, simulated here over proven state; never throws (says why it could not). */
  preview(prepared: PreparedDappTransaction): Promise<TransactionPreview>;
  /** What a batch would do, its calls simulated in order over one state; never throws. */
  previewBatch(batch: {
    chainId: number;
    from: Address;
    calls: readonly { to: Address | null; value: string; data: Hex }[];
  }): Promise<TransactionPreview>;
}

export interface DappTokens {
  /** Reads symbol/decimals/name on chain through the quorum client; null when it cannot be confirmed. */
  describe(chainId: number, address: Address): Promise<{ symbol: string; decimals: number; name: string } | null>;
  add(token: TokenView): Promise<unknown>;
}

/** Connected sites, keyed by the top-level origin (persisted in IndexedDB). */
export interface SiteStore {
  get(origin: string): Promise<ConnectedSite | null>;
  put(site: ConnectedSite): Promise<void>;
  remove(origin: string): Promise<void>;
  list(): Promise<ConnectedSite[]>;
}

export interface DappBackend {
  wallet: DappWallet;
  networks: DappNetworks;
  transactions: DappTransactions;
  tokens: DappTokens;
  sites: SiteStore;
  settings: Pick<DappSettings, 'get'>;
}
