// Errors a dapp sees. Codes follow EIP-1193 (4xxx) and JSON-RPC / EIP-1474 (-32xxx); the message says
// what a developer needs to fix the call or what the user did.
import type { ProviderErrorShape } from './wire';

export const ErrorCode = {
  userRejected: 4001,
  unauthorized: 4100,
  unsupportedMethod: 4200,
  disconnected: 4900,
  chainDisconnected: 4901,
  unrecognizedChain: 4902,
  invalidRequest: -32600,
  invalidParams: -32602,
  internal: -32603,
  resourceUnavailable: -32002,
  limitExceeded: -32005,
} as const;

export class ProviderError extends Error {
  readonly code: number;
  readonly data?: unknown;

  constructor(code: number, message: string, data?: unknown) {
    super(message);
    this.name = 'ProviderError';
    this.code = code;
    if (data !== undefined) this.data = data;
  }

  toShape(): ProviderErrorShape {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }
}

export const userRejected = (what = 'the request') => new ProviderError(4001, `The user rejected ${what}.`);
export const unauthorized = (message: string) => new ProviderError(4100, message);
/**
 * MetaMask's wording, word for word: ethers, viem and others fall back (to polling, to eth_sendTransaction)
 * only when the message says the method "does not exist / is not available".
 */
export const unsupportedMethodMessage = (method: string) => `The method "${method}" does not exist / is not available.`;
export const unsupportedMethod = (method: string) =>
  new ProviderError(ErrorCode.unsupportedMethod, unsupportedMethodMessage(method));
export const invalidParams = (method: string, problem: string) =>
  new ProviderError(-32602, `Invalid params for ${method}: ${problem}`);

/** Turns anything thrown (ours, the quorum engine's {code, message, data}, or a plain Error) into a wire error. */
export function toProviderErrorShape(error: unknown): ProviderErrorShape {
  if (error instanceof ProviderError) return error.toShape();
  if (typeof error === 'object' && error !== null) {
    const { code, message, data } = error as { code?: unknown; message?: unknown; data?: unknown };
    if (typeof code === 'number' && Number.isInteger(code) && typeof message === 'string') {
      return data === undefined ? { code, message } : { code, message, data: jsonSafe(data) };
    }
    if (typeof message === 'string') return { code: ErrorCode.internal, message };
  }
  return { code: ErrorCode.internal, message: `Internal error: ${String(error)}` };
}

function jsonSafe(value: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v)));
  } catch {
    return undefined;
  }
}
