import { BaseError, type BaseErrorParameters } from '../errors';

// Every refusal of the light client names the check that failed, so a person (or the CLI's exit line)
// can say which one: a signature, a branch, a period, participation, the checkpoint, the data itself.

export type ConsensusCheck =
  | 'checkpoint' // the bootstrap is not the trusted block, or the checkpoint is too old
  | 'branch' // a Merkle branch does not lead to the header's state or body root
  | 'signature' // the sync committee's aggregate signature does not verify
  | 'participation' // too few committee members signed
  | 'period' // an update for a period the client has no committee for
  | 'slot' // slots out of order, or from the future of the clock
  | 'format' // the data does not decode, or is not of the fork it claims
  | 'source'; // no beacon source answered usefully

export class ConsensusError extends BaseError {
  override name = 'ConsensusError';
  check: ConsensusCheck;

  constructor(check: ConsensusCheck, shortMessage: string, args: BaseErrorParameters = {}) {
    super(shortMessage, args);
    this.check = check;
  }
}
