// Signed-transaction persistence and rebroadcast. Wiring: see lib/keyring/index.ts.
//   createTransactionSender({ store, signer, now? }):
//     prepare(request, chain) → PreparedTransaction (nonce, gas, fees filled; show it for approval)
//     send(request | prepared, chain, { origin?, prepared?, acceptUnconfirmed? }) → { hash, broadcast, record }
//       persisted before broadcast; throws TransactionRejectedError when a node rejects it outright,
//       NonceTakenError when a reviewed nonce was taken meanwhile (review again), UnconfirmedValuesError
//       when nonce, gas or fees came from fewer than k operators and nobody confirmed them
//     rebroadcastPending(chain) → RebroadcastSummary (for the REBROADCAST_ALARM tick)
//     listTransactions({ chainId?, address? }) → TransactionRecord[] (newest first)
//     store: the TransactionStore (pendingChainIds() tells which chains the alarm must visit)
//   ChainAccess = { chainId, request({ method, params }), agreed?(…) → { value, confirmed } } — the quorum
//     client bound to a chain (lib/wallet chainAccess).

export { type BroadcastOutcome, broadcastRaw } from './broadcast';
export {
  estimateGas,
  nextNonce,
  type PreparedTransaction,
  prepareTransaction,
  suggestFees,
  type TransactionRequest,
  type UnconfirmedField,
} from './prepare';
export { REBROADCAST_ALARM, REBROADCAST_PERIOD_MINUTES, type RebroadcastSummary } from './rebroadcast';
export {
  createTransactionSender,
  NonceTakenError,
  type SendResult,
  TransactionRejectedError,
  type TransactionSender,
  UnconfirmedValuesError,
} from './sender';
export { createTransactionStore, type TransactionStore } from './store';
export type { ChainAccess, ReceiptSummary, TransactionRecord, TransactionStatus } from './types';
