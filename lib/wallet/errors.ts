// Errors the popup shows. `code` is stable for the UI; the message says what to do.
import { BaseError, type BaseErrorParameters } from '../errors';

export class WalletError extends BaseError {
  override name = 'WalletError';
  readonly code: string;

  constructor(code: string, shortMessage: string, args: BaseErrorParameters = {}) {
    super(shortMessage, args);
    this.code = code;
  }
}

export const notFound = (what: string) => new WalletError('not_found', `${what} was not found.`);
export const invalidInput = (message: string) => new WalletError('invalid_input', message);
