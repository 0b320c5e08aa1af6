// Accord's quorum RPC engine: no single RPC source can make the wallet believe, show or pass on a value.
// Framework-free: runs in the MV3 service worker and in node (global fetch, AbortController, setTimeout).
//
// Public API (stable; the background builds on it):
//
//   const client = createQuorumClient({ chainId, sources, quorum = 2, strict = false, fetch?, now? })
//     sources: SourceConfig[] = [{ id, url, operator, enabled }]
//
//   client.request({ method, params })        → Promise<QuorumResult>
//       QuorumResult = { value, status, error?, evidence: { method, rule, anchor, quorum, agreeing, sources } }
//       status: 'confirmed' (k operators agree) | 'conflict' | 'unconfirmed' (fewer than k answered) | 'unavailable'
//       evidence.sources: per source { id, operator, url, status, value?, error?: { kind, message }, latencyMs }
//   client.requestForDapp({ method, params }) → Promise<value>; throws RpcPolicyError { code, message, data }
//       (conflict always; unconfirmed only in strict mode; data.sources names each source and its answer)
//   client.health()        → SourceHealth[] (plain data for the UI: latency, error rate, lag, breaker, score)
//   client.anchor()        → Anchor | null   ({ number, hash, stateRoot, confirmations, confirmed, at })
//   client.refreshHead()   → Promise<Anchor | null>
//   client.setSources(sources) · client.setQuorum(k) · client.setStrict(strict)
//   client.onHead(listener) → unsubscribe · client.degradations() · client.onDegraded(listener) → unsubscribe
//   client.close()
//
//   quorumTransport(client)              viem custom transport (requests go through the dapp policy)
//   readBalance(client, address)         QuorumResult<bigint>
//   agreementRules / agreementRule(m)    the per-method agreement table
//   defaultCatalog / catalogChain(id)    default chains and sources; DEFAULT_QUORUM = 2

export { agreementRule, agreementRules, DEFAULT_RULE, median, normalise } from './agreement';
export { type CatalogChain, catalogChain, DEFAULT_QUORUM, defaultCatalog } from './catalog';
export { applyDappPolicy, QUORUM_ERROR_CODE, UNSUPPORTED_METHOD_CODE } from './policy';
export {
  createQuorumClient,
  type DegradationRecord,
  type QuorumClient,
  type QuorumClientParameters,
  readBalance,
} from './quorum';
export { isHttpUrl, validateSources } from './sources';
export type {
  AgreedRpcError,
  Anchor,
  Evidence,
  QuorumResult,
  QuorumStatus,
  RpcRequest,
  SourceConfig,
  SourceErrorInfo,
  SourceErrorKind,
  SourceEvidence,
  SourceHealth,
  SourceOutcome,
} from './types';
export { quorumTransport } from './viem-transport';
