// Error classes shared across lib/. Modelled on viem's BaseError: a `shortMessage` a person can read,
// `metaMessages` with the facts needed to act (which method, which sources, what each said), and
// `details` carried over from the cause.

export type BaseErrorParameters = {
  cause?: unknown;
  details?: string | undefined;
  metaMessages?: string[] | undefined;
  name?: string | undefined;
};

export type BaseErrorType = BaseError & { name: 'BaseError' };

export class BaseError extends Error {
  details: string;
  metaMessages?: string[] | undefined;
  shortMessage: string;

  override name = 'BaseError';

  constructor(shortMessage: string, args: BaseErrorParameters = {}) {
    const details = (() => {
      if (args.cause instanceof BaseError) return args.cause.details;
      if (args.cause instanceof Error) return args.cause.message;
      return args.details ?? '';
    })();
    const message = [
      shortMessage || 'An error occurred.',
      ...(args.metaMessages?.length ? ['', ...args.metaMessages] : []),
      ...(details ? ['', `Details: ${details}`] : []),
    ].join('\n');
    super(message, args.cause !== undefined ? { cause: args.cause } : undefined);
    this.details = details;
    this.metaMessages = args.metaMessages;
    this.name = args.name ?? this.name;
    this.shortMessage = shortMessage;
  }

  /** Follows `cause` to the innermost error, or to the first one `fn` accepts. */
  walk(): unknown;
  walk(fn: (err: unknown) => boolean): unknown | null;
  walk(fn?: (err: unknown) => boolean): unknown {
    let err: unknown = this;
    while (true) {
      if (fn?.(err)) return err;
      const next = err && typeof err === 'object' && 'cause' in err ? (err as { cause?: unknown }).cause : undefined;
      if (next === undefined) return fn ? null : err;
      err = next;
    }
  }
}

/** What a JSON-RPC error looks like on the wire (EIP-1193 `ProviderRpcError`). */
export type JsonRpcErrorShape = { code: number; message: string; data?: unknown };

/** Bad configuration of the quorum client: no sources, a quorum below 2, an unusable URL. */
export class QuorumConfigError extends BaseError {
  override name = 'QuorumConfigError';
}

/**
 * The quorum policy refused to pass a value to a caller: the sources disagree, too few answered in
 * strict mode, none answered, or the method cannot be answered by a quorum. Carries the JSON-RPC
 * `code`/`data` a dapp receives; `data.sources` names every source and what it said.
 */
export class RpcPolicyError extends BaseError {
  override name = 'RpcPolicyError';
  code: number;
  data: unknown;
  /** Why nothing was passed on: the quorum outcome, or `upstream` for an error k sources returned alike. */
  reason: 'conflict' | 'unconfirmed' | 'unavailable' | 'unsupported' | 'upstream';

  constructor(error: JsonRpcErrorShape & { reason: RpcPolicyError['reason'] }, args: BaseErrorParameters = {}) {
    super(error.message, args);
    this.code = error.code;
    this.data = error.data;
    this.reason = error.reason;
  }

  toJSON(): JsonRpcErrorShape {
    return { code: this.code, message: this.shortMessage, data: this.data };
  }
}

/** A source's proof did not check against the trusted root: the source lied or sent garbage. */
export class ProofError extends BaseError {
  override name = 'ProofError';
}

/**
 * A local execution ran past its time limit. It is abandoned, never answered from (a partial run has no
 * answer), and not tried again over another source's proofs: the same state takes the same time.
 */
export class LocalCallTimeLimitError extends BaseError {
  override name = 'LocalCallTimeLimitError';
}

/** A local execution reached state no proof covered: it must not answer from missing state. */
export class MissingStateError extends BaseError {
  override name = 'MissingStateError';
  /** What was missing, when known: an account (and a slot of it), so a caller can prove it and run again. */
  address: `0x${string}` | undefined;
  slot: `0x${string}` | undefined;

  constructor(shortMessage: string, missing: { address?: `0x${string}`; slot?: `0x${string}` } = {}) {
    super(shortMessage);
    this.address = missing.address;
    this.slot = missing.slot;
  }
}
