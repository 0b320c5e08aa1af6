// Shapes shared by the quorum engine's files. Everything here is plain data, so it can cross the
// background ↔ popup message boundary unchanged (no bigint, no class instances).

/** One configured RPC endpoint. `operator` is who runs it: k agreeing answers must come from k operators. */
export type SourceConfig = {
  id: string;
  url: string;
  operator: string;
  enabled: boolean;
};

/** The block every "latest" read is pinned to: the highest block a majority of operators reached, its header
 *  reported alike by a majority of them (and by at least k). Proofs are checked against its state root. */
export type Anchor = {
  number: number;
  hash: `0x${string}`;
  stateRoot: `0x${string}`;
  /** The execution context of the block (for local calls); voted on with the hash. Numbers as decimal strings. */
  header: {
    timestamp: number;
    gasLimit: string;
    baseFeePerGas: string | null;
    miner: `0x${string}`;
    mixHash: `0x${string}`;
  };
  /** Distinct operators whose block at `number` was this header. */
  confirmations: number;
  /** Distinct operators that answered the head probe: the header was agreed by `confirmations` of `voters`. */
  voters: number;
  /** `confirmations` is a majority of `voters` and at least the quorum. */
  confirmed: boolean;
  /** When the anchor was set (client clock, ms). */
  at: number;
  /** Where the header came from; absent on networks without a light client (operators' vote). */
  basis?: HeaderBasis;
};

/**
 * Who vouches for the anchor's header. `consensus`: Ethereum's sync committee signed the beacon block that
 * carries it (a light client checked it). `operators`: a majority of operators reported it alike; on a
 * network with a light client, `consensusProblem` says why its header was not used.
 */
export type HeaderBasis =
  | { kind: 'consensus'; slot: number; finalized: boolean }
  | { kind: 'operators'; consensusProblem: string | null };

/** Why a source gave no usable answer. */
export type SourceErrorKind =
  | 'timeout'
  | 'refused'
  | 'http-status'
  | 'rate-limited'
  | 'bad-json'
  | 'rpc-error'
  | 'wrong-chain'
  | 'stale'
  | 'circuit-open'
  /** Its proof did not check against the agreed header. */
  | 'invalid-proof'
  /** A local call reached state its proofs did not cover. */
  | 'incomplete';

export type SourceErrorInfo = {
  kind: SourceErrorKind;
  message: string;
  /** HTTP status, for `http-status` and `rate-limited`. */
  status?: number;
  /** JSON-RPC error code, for `rpc-error`. */
  code?: number;
};

/** What one source contributed to one result. */
export type SourceOutcome = 'agree' | 'disagree' | 'error' | 'timeout' | 'wrong-chain' | 'stale' | 'skipped';

/** A source's Merkle proof for a verified read: checked, failed, or not served by the source. */
export type ProofOutcome = 'valid' | 'invalid' | 'unsupported';

/** One source's own proof of a read, asked for the compare view: its result and what it proved. */
export type SourceProofCheck = {
  proof: ProofOutcome;
  /** The value its proof showed (valid), or the revert it proved. */
  value?: unknown;
  error?: SourceErrorInfo;
};

export type SourceEvidence = {
  id: string;
  operator: string;
  url: string;
  status: SourceOutcome;
  /** Set when the source was asked for a proof. */
  proof?: ProofOutcome;
  /** The source's answer (as it sent it), when it answered. */
  value?: unknown;
  error?: SourceErrorInfo;
  /** Round trip of the HTTP request that carried the answer; null when not asked or not finished. */
  latencyMs: number | null;
};

/**
 * How a value was established. `verified`: its Merkle proof checked against a header a majority of
 * operators agreed on. `confirmed`: k operators gave the same answer. The rest say why neither holds.
 */
export type QuorumStatus = 'verified' | 'confirmed' | 'conflict' | 'unconfirmed' | 'unavailable';

/** Verified or confirmed: a value the wallet may show and pass on as established. */
export function isEstablished(status: QuorumStatus): boolean {
  return status === 'verified' || status === 'confirmed';
}

/** The status words for a verified value, one wording for popup, CLI and dapp errors. */
export const VERIFIED_BY_CONSENSUS = 'Verified by Ethereum consensus';

/**
 * The line that says what a verified value's proof was checked against: "Verified by Ethereum consensus ·
 * block N" (or "· finalized block N") when the light client vouched for the header; otherwise the operators' vote, and on a network
 * with a light client, that it fell back and why.
 */
export function verifiedLine(anchor: {
  number: number;
  basis?: HeaderBasis | undefined;
  /** How many operators reported the header alike, of how many answered. */
  agreed?: { agreeing: number; operators: number } | null | undefined;
}): string {
  const { basis } = anchor;
  if (basis?.kind === 'consensus') {
    return `${VERIFIED_BY_CONSENSUS} · ${basis.finalized ? 'finalized ' : ''}block ${anchor.number}`;
  }
  const votes = anchor.agreed;
  const agreed = votes
    ? ` (header agreed by ${votes.agreeing} of ${votes.operators} operator${votes.operators === 1 ? '' : 's'})`
    : '';
  if (basis?.consensusProblem) {
    return `Verified against the operators' header at block ${anchor.number}${agreed}, not by Ethereum consensus: ${basis.consensusProblem}`;
  }
  return `Verified at block ${anchor.number}${agreed}`;
}

/**
 * Why a value pinned to an unconfirmed header is not confirmed, one wording for popup and CLI: "header at
 * block N not agreed (2 of 4 operators reported it alike; a majority is needed)".
 */
export function unagreedHeaderLine(anchor: {
  number: number;
  agreed?: { agreeing: number; operators: number } | null;
}) {
  const votes = anchor.agreed;
  const alike = votes
    ? ` (${votes.agreeing} of ${votes.operators} operator${votes.operators === 1 ? '' : 's'} reported it alike; a majority is needed)`
    : '';
  return `header at block ${anchor.number} not agreed${alike}`;
}

/** Which agreement rule produced a result (see agreement.ts). */
export type RuleKind =
  | 'proof'
  | 'state'
  | 'head'
  | 'local'
  | 'identical'
  | 'seen'
  | 'median'
  | 'broadcast'
  | 'unsupported';

export type Evidence = {
  method: string;
  rule: RuleKind;
  anchor: Anchor | null;
  /** The k in force for this result. */
  quorum: number;
  /** Distinct operators that gave the returned answer. */
  agreeing: number;
  /**
   * Set when the answer was capped to `unconfirmed` because the header it is pinned to was not agreed (no
   * majority of the answering operators reported it alike): sources agreeing about a block nobody agreed on
   * confirm nothing.
   */
  capped?: 'header-unconfirmed';
  sources: SourceEvidence[];
};

/** A JSON-RPC error that k sources returned alike (an eth_call revert): it is the answer. */
export type AgreedRpcError = { code: number; message: string; data?: unknown };

export type QuorumResult<value = unknown> = {
  value: value | null;
  status: QuorumStatus;
  /** Set instead of `value` when the agreed answer is a JSON-RPC error (a revert). */
  error?: AgreedRpcError;
  evidence: Evidence;
};

export type RpcRequest = { method: string; params?: unknown[] | readonly unknown[] | undefined };

/** Health of one source, as plain data for the UI. */
export type SourceHealth = {
  id: string;
  operator: string;
  url: string;
  enabled: boolean;
  /** Chain id the source reported; null until it answered. */
  chainId: number | null;
  chainOk: boolean | null;
  /** Latest block the source reported, and how far it is behind the agreed head. */
  head: number | null;
  lag: number | null;
  latency: { p50: number | null; p90: number | null; samples: number };
  /** Share of failed HTTP requests over the recent window (0..1). */
  errorRate: number;
  requests: number;
  failures: number;
  disagreements: number;
  lastError: SourceErrorInfo | null;
  breaker: { state: 'closed' | 'open' | 'half-open'; openUntil: number | null; failures: number };
  /** Lower is better; what the engine ranks sources by. */
  score: number;
};
