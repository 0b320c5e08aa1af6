import { bytesToHex } from 'viem';
import { type ChainConfig, forkAtSlot } from './config';
import { executionRoot, type LightClientHeader } from './containers';
import { ConsensusError } from './errors';
import type { VerifiedHead } from './light-client';
import { generalizedIndex, isValidMerkleBranch } from './merkle';

// Checks every light-client header passes, and a stored header as the verified head the wallet uses.

export type StoredHeader = { header: LightClientHeader; root: Uint8Array };

/** is_valid_light_client_header (Capella and later): the execution header is in the block body. */
export function checkHeader(config: ChainConfig, header: LightClientHeader, what: string): void {
  const fork = forkAtSlot(config, header.beacon.slot).name;
  if (fork === 'capella') {
    const { blobGasUsed, excessBlobGas } = header.execution as {
      blobGasUsed?: number | bigint;
      excessBlobGas?: number | bigint;
    };
    if (
      (blobGasUsed !== undefined && BigInt(blobGasUsed) !== 0n) ||
      (excessBlobGas !== undefined && BigInt(excessBlobGas) !== 0n)
    ) {
      throw new ConsensusError('format', `${what} header before Deneb carries blob gas`);
    }
  }
  const gindex = generalizedIndex(fork, 'executionPayload');
  if (!isValidMerkleBranch(executionRoot(config, header), header.executionBranch, gindex, header.beacon.bodyRoot)) {
    throw new ConsensusError('branch', `${what} header's execution branch does not lead to its body root`);
  }
}

/** Data must be encoded as the fork its header's slot belongs to. */
export function expectFork(config: ChainConfig, declared: string, slot: number, what: string): void {
  const actual = forkAtSlot(config, slot).name;
  if (declared !== actual && !(declared === 'fulu' && actual === 'electra')) {
    throw new ConsensusError('format', `${what} for slot ${slot} (${actual}) is encoded as ${declared}`);
  }
}

export function toHead({ header, root }: StoredHeader): VerifiedHead {
  const execution = header.execution as LightClientHeader['execution'] & {
    timestamp: number;
    gasLimit: number;
    baseFeePerGas: bigint;
    feeRecipient: Uint8Array;
    prevRandao: Uint8Array;
  };
  return {
    slot: header.beacon.slot,
    beaconRoot: bytesToHex(root),
    executionBlockNumber: header.execution.blockNumber,
    executionBlockHash: bytesToHex(header.execution.blockHash),
    stateRoot: bytesToHex(header.execution.stateRoot),
    execution: {
      timestamp: execution.timestamp,
      gasLimit: String(execution.gasLimit),
      baseFeePerGas: String(execution.baseFeePerGas),
      feeRecipient: bytesToHex(execution.feeRecipient),
      prevRandao: bytesToHex(execution.prevRandao),
    },
  };
}
