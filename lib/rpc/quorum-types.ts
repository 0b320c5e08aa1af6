// The quorum client's public shape: its parameters, what it answers, and the degradations it records.
import type { ConsensusHeadSource, HeadListener } from './head';
import type { BreakerParameters, HedgeParameters } from './health';
import type { Simulation, TransactionToSimulate } from './simulation';
import type {
  Anchor,
  QuorumResult,
  RpcRequest,
  SourceConfig,
  SourceEvidence,
  SourceHealth,
  SourceProofCheck,
} from './types';

export type QuorumClientParameters = {
  chainId: number;
  sources: readonly SourceConfig[];
  /** Agreeing operators needed (k). At least 2, default 2. */
  quorum?: number | undefined;
  /** Refuse values fewer than k sources vouched for, instead of passing them on. Default false. */
  strict?: boolean | undefined;
  /** Answer state reads and eth_call from proofs against the agreed header where sources serve them. Default true. */
  verify?: boolean | undefined;
  fetch?: typeof fetch | undefined;
  now?: (() => number) | undefined;
  /** Per HTTP request. Default 10 s. */
  timeoutMs?: number | undefined;
  /** Calls per JSON-RPC batch. Default 50. */
  batchSize?: number | undefined;
  /** Anchor age that triggers a background head refresh. Default 4 s. */
  headMaxAgeMs?: number | undefined;
  breaker?: BreakerParameters | undefined;
  hedge?: HedgeParameters | undefined;
  /** A consensus light client's verified header: the anchor's header where the sources have that block. */
  consensusHead?: ConsensusHeadSource | undefined;
  /** Time a local eth_call may run in the EVM before it falls back to agreement. Default 1 s. */
  localCallTimeLimitMs?: number | undefined;
};

export type DegradationRecord = {
  at: number;
  method: string;
  status: QuorumResult['status'];
  agreeing: number;
  quorum: number;
  sources: SourceEvidence[];
};

export type QuorumClient = {
  chainId: number;
  request<value = unknown>(request: RpcRequest): Promise<QuorumResult<value>>;
  requestForDapp(request: RpcRequest): Promise<unknown>;
  health(): SourceHealth[];
  anchor(): Anchor | null;
  refreshHead(): Promise<Anchor | null>;
  /** False when the last head refresh heard from no source at all (every one failed); null before the first. */
  sourcesAnswered(): boolean | null;
  setSources(sources: readonly SourceConfig[]): void;
  setQuorum(quorum: number): void;
  setStrict(strict: boolean): void;
  onHead(listener: HeadListener): () => void;
  /**
   * For the compare view: every usable source's own proof of a provable read at the anchor (by source id),
   * checked as a verified read would be. Shown beside the plain answers, never used to answer. Empty when the
   * read is not provable or not at an anchor the sources agree on now.
   */
  proveEach(request: RpcRequest): Promise<Record<string, SourceProofCheck>>;
  /** What a transaction (or a batch, in order) would do, executed here over proven state (simulation.ts). */
  simulate(
    transactions: TransactionToSimulate | readonly TransactionToSimulate[],
    options?: { watch?: readonly `0x${string}`[] },
  ): Promise<Simulation>;
  /** Unconfirmed values that were passed on (newest last), for the UI. */
  degradations(): DegradationRecord[];
  onDegraded(listener: (record: DegradationRecord) => void): () => void;
  close(): void;
};
