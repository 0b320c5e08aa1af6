// The typed contract between the popup (and approval window) and the background.
// The popup holds a read-only mirror: every change goes through one of these calls, and the
// background answers with plain data. Secrets never cross this boundary except the recovery
// phrase or a private key that the user asked to reveal with their password.

import type { ChainConfig } from '../consensus/config';
import type { HeaderBasis } from '../rpc/types';
import type { PendingApproval, TransactionPreview } from './approval-request';

export type { ApprovalRequest, PendingApproval, TransactionPreview, TypedDataNode } from './approval-request';

export type Hex = `0x${string}`;
export type Address = `0x${string}`;

export type ConfirmationStatus = 'verified' | 'confirmed' | 'conflict' | 'unconfirmed' | 'unavailable';
export type SourceAnswerStatus = 'agree' | 'disagree' | 'error' | 'timeout' | 'wrong-chain' | 'stale' | 'skipped';

export interface SourceView {
  id: string;
  url: string;
  operator: string;
  enabled: boolean;
  /** From the quorum engine's health data. */
  health: {
    state: 'healthy' | 'degraded' | 'open' | 'half-open' | 'wrong-chain' | 'disabled' | 'unknown';
    latencyMs: number | null;
    latencyHistoryMs: number[];
    errorRate: number;
    head: number | null;
    lagBlocks: number | null;
    disagreements: number;
    /** Why the state is not healthy (always set for degraded, breaker and wrong-chain states). */
    reason?: string;
    /** The last error, only while the source is not healthy. */
    lastError?: string;
  };
}

export interface NetworkView {
  chainId: number;
  name: string;
  symbol: string;
  decimals: number;
  explorerUrl?: string;
  quorum: number;
  strict: boolean;
  builtIn: boolean;
  sources: SourceView[];
  /** Distinct operators among the enabled sources, counted as the engine counts them (label or domain). */
  enabledOperators?: number;
  /** The consensus light client's settings, on networks that have a beacon chain. */
  consensus?: ConsensusSettings;
}

/** A beacon node's API; what it serves verifies itself, so any one honest source suffices. */
export interface BeaconSourceConfig {
  id: string;
  url: string;
  operator: string;
}

export interface ConsensusSettings {
  beaconSources: BeaconSourceConfig[];
  /** A finalized beacon block root the light client starts from; null until one is set. */
  checkpoint: Hex | null;
  /** The beacon chain's genesis and forks, for chains the wallet does not know by id (a devnet). */
  chain?: ChainConfig;
  /**
   * Which verified header reads use: the newest one the sync committee signed (default), or the finalized
   * one (about 13 minutes behind; it cannot be reorganised away).
   */
  verifyAt?: ConsensusVerifyAt;
}

export type ConsensusVerifyAt = 'optimistic' | 'finalized';

export interface BeaconTestResult {
  ok: boolean;
  /** The finalized checkpoint it reports (a block root and its epoch). */
  finalized: { root: Hex; epoch: number } | null;
  latencyMs: number | null;
  error?: string;
}

/** A finalized root k beacon sources of different operators agree on, or why there is none. */
export type CheckpointOffer =
  | { root: Hex; epoch: number; operators: number }
  | { root: null; reason: string; reports: { url: string; root: Hex | null; error?: string }[] };

/** What the network screen shows of the light client. */
export interface LightClientView {
  state: 'off' | 'syncing' | 'running' | 'failed';
  /** Why it is not running (off or failed), as a sentence; the check that failed, when one did. */
  problem: string | null;
  check: string | null;
  period: number | null;
  finalized: { slot: number; block: number } | null;
  optimistic: { slot: number; block: number } | null;
  /** Committee members that signed the last update accepted, of 512. */
  participation: number | null;
  /** When the last update was accepted (or the client restored), client clock ms. */
  lastUpdateAt: number | null;
  /** How long the last update of each kind took to check here (signature, branches), ms. */
  checkMs: { period?: number; finality?: number; optimistic?: number };
}

export interface SourceAnswerView {
  sourceId: string;
  url: string;
  operator: string;
  status: SourceAnswerStatus;
  /** Decimal string (wei or token base units) or null. */
  value: string | null;
  latencyMs: number | null;
  error?: string;
  /** Its Merkle proof for this read: checked, failed, or not served. */
  proof?: 'valid' | 'invalid' | 'unsupported';
}

export interface ConfirmedValueView {
  status: ConfirmationStatus;
  /** Decimal string in base units; null when nothing could be confirmed or passed. */
  value: string | null;
  agreeing: number;
  quorum: number;
  enabledSources: number;
  block: { number: number; hash: Hex } | null;
  /** The header the value is pinned to was reported alike by `agreeing` of the `operators` that answered. */
  header: { agreeing: number; operators: number } | null;
  /** Who vouches for that header: the sync committee, or the operators (and why not the light client). */
  basis?: HeaderBasis;
  /** The value is unconfirmed because no majority of operators agreed on its header (whoever agreed on it). */
  capped?: 'header-unconfirmed';
  sources: SourceAnswerView[];
  /** When unavailable or unconfirmed: the last value that was confirmed, and when. */
  lastConfirmed?: { value: string; block: number; at: number };
  checkedAt: number;
}

export interface TokenView {
  chainId: number;
  address: Address;
  symbol: string;
  name: string;
  decimals: number;
  source: 'default' | 'user' | 'dapp';
}

export interface BalanceView {
  asset: { kind: 'native'; symbol: string; decimals: number } | { kind: 'erc20'; token: TokenView };
  balance: ConfirmedValueView;
}

export interface AccountView {
  address: Address;
  name: string;
  type: 'hd' | 'imported';
  index?: number;
}

export interface WalletStatus {
  initialized: boolean;
  unlocked: boolean;
  accounts: AccountView[];
  selectedAddress: Address | null;
  chainId: number;
  autoLockMinutes: number;
  pendingApprovals: number;
  /** A newly created phrase the user has not confirmed writing down: the popup keeps reminding. */
  backupPending: boolean;
}

export type ActivityStatus = 'pending' | 'confirmed' | 'failed' | 'replaced';

export interface ActivityItem {
  hash: Hex;
  chainId: number;
  from: Address;
  to: Address | null;
  value: string;
  nonce: number;
  status: ActivityStatus;
  createdAt: number;
  /** ERC-20 transfers are decoded for display. */
  token?: { address: Address; symbol: string; decimals: number; amount: string; recipient: Address };
  origin?: string;
  blockNumber?: number;
}

/** A transfer as reviewed: what send/submit signs, unchanged, under `reviewId`. */
export interface SendReview {
  reviewId: string;
  to: Address;
  valueWei: string;
  gas: string;
  nonce: number;
  maxFeePerGas: string;
  maxPriorityFeePerGas: string;
  estimatedFeeWei: string;
  /** Nonce, gas or fees fewer than k operators agreed on: the review says so and the user must confirm. */
  unconfirmed?: ('nonce' | 'gas' | 'fees')[];
  balance: ConfirmedValueView;
}

export interface ConnectedSite {
  origin: string;
  accounts: Address[];
  connectedAt: number;
}

/** What the user types to erase the wallet (forgotten password). */
export const RESET_CONFIRMATION = 'ERASE';

/** Each call: name → { params, result }. */
export interface PopupApi {
  'wallet/status': { params: undefined; result: WalletStatus };
  'wallet/create': { params: { password: string; words: 12 | 24 }; result: { mnemonic: string } };
  'wallet/importMnemonic': { params: { password: string; mnemonic: string }; result: WalletStatus };
  /** Onboarding with a key (wallet not initialized yet) also sets the password: `password` is required then. */
  'wallet/importPrivateKey': { params: { privateKey: string; password?: string }; result: AccountView };
  'wallet/unlock': { params: { password: string }; result: WalletStatus };
  'wallet/lock': { params: undefined; result: WalletStatus };
  'wallet/changePassword': { params: { oldPassword: string; newPassword: string }; result: null };
  /** The phrase `address` belongs to (the wallet's first phrase without it). */
  'wallet/revealMnemonic': { params: { password: string; address?: Address }; result: { mnemonic: string } };
  /** The user picked the phrase's words in order; ends the "not backed up" reminder. */
  'wallet/confirmBackup': { params: { mnemonic: string }; result: WalletStatus };
  /** Erases keys, accounts, activity and connected sites; only with the user's typed confirmation. */
  'wallet/reset': { params: { confirmation: typeof RESET_CONFIRMATION }; result: WalletStatus };
  'wallet/exportPrivateKey': { params: { address: Address; password: string }; result: { privateKey: Hex } };
  'accounts/add': { params: { name?: string }; result: AccountView };
  'accounts/rename': { params: { address: Address; name: string }; result: AccountView };
  'accounts/select': { params: { address: Address }; result: WalletStatus };
  /** Removes an imported key (never an account of a recovery phrase), with the password. */
  'accounts/remove': { params: { address: Address; password: string }; result: WalletStatus };
  'settings/setAutoLock': { params: { minutes: number }; result: null };
  'settings/dapps': { params: undefined; result: { metamaskCompat: boolean } };
  'settings/setMetamaskCompat': { params: { enabled: boolean }; result: { metamaskCompat: boolean } };

  'networks/list': { params: undefined; result: NetworkView[] };
  'networks/select': { params: { chainId: number }; result: WalletStatus };
  /** A new network; refused (code network_exists) when the chain id is already one of the wallet's. */
  'networks/create': {
    params: { chainId: number; name: string; symbol: string; decimals?: number; explorerUrl?: string };
    result: NetworkView;
  };
  'networks/upsert': {
    params: { chainId: number; name: string; symbol: string; decimals?: number; explorerUrl?: string };
    result: NetworkView;
  };
  'networks/remove': { params: { chainId: number }; result: null };
  'networks/setQuorum': { params: { chainId: number; quorum: number; strict: boolean }; result: NetworkView };
  /** A source that does not answer is refused (code unreachable) unless `allowUnreachable`. */
  'sources/add': {
    params: { chainId: number; url: string; operator: string; allowUnreachable?: boolean };
    result: NetworkView;
  };
  'sources/remove': { params: { chainId: number; sourceId: string }; result: NetworkView };
  'sources/setEnabled': { params: { chainId: number; sourceId: string; enabled: boolean }; result: NetworkView };
  'sources/test': {
    params: { url: string; expectedChainId?: number };
    result: { chainId: number | null; head: number | null; latencyMs: number | null; error?: string };
  };
  /** The consensus light client of a network: its state, beacon sources and checkpoint. */
  'consensus/status': { params: { chainId: number }; result: LightClientView };
  /** A beacon source is added only after it answered as the network's beacon chain. */
  'consensus/addSource': { params: { chainId: number; url: string; operator: string }; result: NetworkView };
  'consensus/removeSource': { params: { chainId: number; sourceId: string }; result: NetworkView };
  'consensus/testSource': { params: { chainId: number; url: string }; result: BeaconTestResult };
  /** null clears it (the light client stops and says so). */
  'consensus/setCheckpoint': { params: { chainId: number; checkpoint: string | null }; result: NetworkView };
  'consensus/setVerifyAt': { params: { chainId: number; verifyAt: ConsensusVerifyAt }; result: NetworkView };
  'consensus/offerCheckpoint': { params: { chainId: number }; result: CheckpointOffer };

  'balances/get': {
    /** compare: also ask every usable source (the compare view); otherwise only as many as the read needs. */
    params: { chainId?: number; address?: Address; compare?: boolean };
    result: { head: number | null; balances: BalanceView[] };
  };
  'tokens/add': { params: { chainId: number; address: Address }; result: TokenView };
  'tokens/remove': { params: { chainId: number; address: Address }; result: null };

  'send/prepare': {
    params: { chainId: number; from: Address; to: string; amount: string; token?: Address };
    result: SendReview;
  };
  /** The network fee a send of this asset to `to` would cost, for "Use maximum" (nothing is kept or signed). */
  'send/fee': {
    params: { chainId: number; from: Address; to: string; token?: Address };
    result: { estimatedFeeWei: string };
  };
  /** Signs exactly the reviewed transaction, or hands back a new review when its nonce was taken meanwhile. */
  'send/submit': {
    params: { reviewId: string; acceptUnconfirmed?: boolean };
    result: { hash: Hex } | { review: SendReview; reason: string };
  };
  /** What the reviewed transaction would do, simulated in the wallet over proven state. */
  'send/preview': { params: { reviewId: string }; result: TransactionPreview };
  'activity/list': { params: { chainId?: number; address?: Address }; result: ActivityItem[] };

  'approvals/list': { params: undefined; result: PendingApproval[] };
  'approvals/resolve': {
    params: {
      id: string;
      approved: boolean;
      accounts?: Address[];
      password?: string;
      acceptUnconfirmed?: boolean;
      /** Approved, and the window goes on to another screen: it is not closed (see ApprovalDecision). */
      keepWindow?: boolean;
    };
    result: null;
  };
  'sites/list': { params: undefined; result: ConnectedSite[] };
  'sites/revoke': { params: { origin: string }; result: null };
}

export type PopupMethod = keyof PopupApi;

export interface PopupRequestEnvelope<M extends PopupMethod = PopupMethod> {
  type: 'popup:request';
  method: M;
  params: PopupApi[M]['params'];
  /** Asked by the popup on its own (a poll, a change notice), not by the person: it does not delay auto-lock. */
  passive?: true;
}

export type PopupResponse<M extends PopupMethod = PopupMethod> =
  | { ok: true; result: PopupApi[M]['result'] }
  | { ok: false; error: { message: string; code?: string } };

/** Pushed to open popups when something they mirror changed (they then re-fetch). */
export interface PopupChangeNotice {
  type: 'popup:changed';
  topics: ('status' | 'balances' | 'networks' | 'activity' | 'approvals' | 'sites')[];
}
