import type { ConsensusHead } from '../rpc/head';
import type { VerifiedHead } from './light-client';

/** A verified head as the quorum client's anchor takes it: the block context named as an RPC block names it. */
export function toConsensusHead(head: VerifiedHead, finalized: boolean): ConsensusHead {
  return {
    number: head.executionBlockNumber,
    hash: head.executionBlockHash,
    stateRoot: head.stateRoot,
    header: {
      timestamp: head.execution.timestamp,
      gasLimit: head.execution.gasLimit,
      baseFeePerGas: head.execution.baseFeePerGas,
      miner: head.execution.feeRecipient,
      mixHash: head.execution.prevRandao,
    },
    slot: head.slot,
    finalized,
  };
}
