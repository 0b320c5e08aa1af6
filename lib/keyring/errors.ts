import { BaseError } from '../errors';

// Keyring errors: BaseError (shortMessage, metaMessages) plus a stable `code` the popup can branch on.
// No message ever contains a secret: not the password, not a word of a phrase, not a key.

export interface KeyringErrorOptions {
  metaMessages?: string[];
  cause?: unknown;
}

export class KeyringError extends BaseError {
  override name = 'KeyringError';
  readonly code: string;

  constructor(code: string, shortMessage: string, options: KeyringErrorOptions = {}) {
    super(shortMessage, { metaMessages: options.metaMessages, cause: options.cause });
    this.code = code;
  }
}

export class IncorrectPasswordError extends KeyringError {
  override name = 'IncorrectPasswordError';
  constructor() {
    super('incorrect_password', 'Incorrect password');
  }
}

export class TooManyAttemptsError extends KeyringError {
  override name = 'TooManyAttemptsError';
  readonly retryAfterMs: number;
  constructor(retryAfterMs: number, failures: number) {
    const seconds = Math.ceil(retryAfterMs / 1000);
    super('too_many_attempts', `Too many incorrect passwords. Try again in ${seconds} s.`, {
      metaMessages: [`Failed attempts in a row: ${failures}`],
    });
    this.retryAfterMs = retryAfterMs;
  }
}

export class WeakPasswordError extends KeyringError {
  override name = 'WeakPasswordError';
  constructor(minLength: number) {
    super('weak_password', `Password must be at least ${minLength} characters`);
  }
}

export class VaultCorruptedError extends KeyringError {
  override name = 'VaultCorruptedError';
  constructor(reason: string, options: KeyringErrorOptions = {}) {
    super('vault_corrupted', `The stored vault is damaged or was modified: ${reason}`, {
      metaMessages: [
        'Nothing was changed. The vault is left as it is; only an explicit reset replaces it.',
        'If you have your recovery phrase you can reset the wallet and import it again.',
        ...(options.metaMessages ?? []),
      ],
      cause: options.cause,
    });
  }
}

export class VaultUnsupportedError extends KeyringError {
  override name = 'VaultUnsupportedError';
  constructor(reason: string) {
    super('vault_unsupported', `The stored vault cannot be opened by this version: ${reason}`, {
      metaMessages: ['Nothing was changed.'],
    });
  }
}

export class VaultExistsError extends KeyringError {
  override name = 'VaultExistsError';
  constructor() {
    super('vault_exists', 'A wallet already exists. Reset it explicitly before creating or restoring another.');
  }
}

export class NoVaultError extends KeyringError {
  override name = 'NoVaultError';
  constructor() {
    super('no_vault', 'No wallet has been created yet');
  }
}

export class LockedError extends KeyringError {
  override name = 'LockedError';
  constructor(action: string) {
    super('locked', `The wallet is locked; unlock it to ${action}`);
  }
}

export class InvalidMnemonicError extends KeyringError {
  override name = 'InvalidMnemonicError';
  constructor(reason: string) {
    super('invalid_mnemonic', `Invalid recovery phrase: ${reason}`);
  }
}

export class InvalidPrivateKeyError extends KeyringError {
  override name = 'InvalidPrivateKeyError';
  constructor(reason: string) {
    super('invalid_private_key', `Invalid private key: ${reason}`);
  }
}

export class AccountExistsError extends KeyringError {
  override name = 'AccountExistsError';
  constructor(what: string) {
    super('account_exists', `${what} is already in this wallet`);
  }
}

export class UnknownAccountError extends KeyringError {
  override name = 'UnknownAccountError';
  constructor(address: string) {
    super('unknown_account', `Account ${address} is not in this wallet`);
  }
}

export class InvalidInputError extends KeyringError {
  override name = 'InvalidInputError';
  constructor(message: string) {
    super('invalid_input', message);
  }
}

export class InvalidTypedDataError extends KeyringError {
  override name = 'InvalidTypedDataError';
  constructor(reason: string, options: KeyringErrorOptions = {}) {
    super('invalid_typed_data', `Invalid typed data: ${reason}`, options);
  }
}

export class MethodDisabledError extends KeyringError {
  override name = 'MethodDisabledError';
  constructor(method: string, why: string) {
    super('method_disabled', `${method} is disabled: ${why}`);
  }
}
