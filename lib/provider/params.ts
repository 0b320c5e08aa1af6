// Checks for params that come from a page. Each check names the method and the parameter, so a dapp
// developer reading the -32602 error knows what to fix.
import { type Address, getAddress, type Hex, isAddress } from 'viem';
import { invalidParams } from './errors';

const HEX_DATA = /^0x([0-9a-fA-F]{2})*$/;
const HEX_QUANTITY = /^0x(0|[1-9a-fA-F][0-9a-fA-F]*)$/;
const HASH = /^0x[0-9a-fA-F]{64}$/;
const BLOCK_TAGS = new Set(['latest', 'earliest', 'pending', 'safe', 'finalized']);

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return value.length > 42 ? `the string "${value.slice(0, 42)}…"` : `"${value}"`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** Params as a positional array with between `min` and `max` entries. */
export function positional(method: string, params: unknown, min: number, max: number): unknown[] {
  if (params === undefined) {
    if (min === 0) return [];
    throw invalidParams(method, `expected an array of ${min === max ? min : `${min} to ${max}`} params, got none`);
  }
  if (!Array.isArray(params)) throw invalidParams(method, `params must be an array, got ${describe(params)}`);
  if (params.length < min || params.length > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    throw invalidParams(method, `expected ${expected} params, got ${params.length}`);
  }
  return params;
}

export function address(method: string, value: unknown, label: string): Address {
  if (typeof value !== 'string' || !isAddress(value, { strict: false })) {
    throw invalidParams(method, `${label} must be a 20-byte hex address, got ${describe(value)}`);
  }
  return getAddress(value);
}

export function hexData(method: string, value: unknown, label: string): Hex {
  if (typeof value !== 'string' || !HEX_DATA.test(value)) {
    throw invalidParams(method, `${label} must be 0x-prefixed hex bytes, got ${describe(value)}`);
  }
  return value.toLowerCase() as Hex;
}

export function quantity(method: string, value: unknown, label: string): bigint {
  if (typeof value !== 'string' || !HEX_QUANTITY.test(value) || value.length > 66) {
    throw invalidParams(
      method,
      `${label} must be a hex quantity like "0x1a" (no leading zeros), got ${describe(value)}`,
    );
  }
  return BigInt(value);
}

export function hash(method: string, value: unknown, label: string): Hex {
  if (typeof value !== 'string' || !HASH.test(value)) {
    throw invalidParams(method, `${label} must be a 32-byte hex hash, got ${describe(value)}`);
  }
  return value as Hex;
}

export function blockTag(method: string, value: unknown, label: string): void {
  if (typeof value === 'string' && (BLOCK_TAGS.has(value) || HEX_QUANTITY.test(value))) return;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const { blockHash, blockNumber } = value as { blockHash?: unknown; blockNumber?: unknown };
    if (blockHash !== undefined) return void hash(method, blockHash, `${label}.blockHash`);
    if (blockNumber !== undefined) return void quantity(method, blockNumber, `${label}.blockNumber`);
  }
  throw invalidParams(
    method,
    `${label} must be a block number ("0x…") or one of latest, earliest, pending, safe, finalized; got ${describe(value)}`,
  );
}

export function plainObject(method: string, value: unknown, label: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidParams(method, `${label} must be an object, got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

export function boolean(method: string, value: unknown, label: string): boolean {
  if (typeof value !== 'boolean') throw invalidParams(method, `${label} must be true or false, got ${describe(value)}`);
  return value;
}

/** A chain id as EIP-3085/3326 want it: a hex string without leading zeros, within the safe integer range. */
export function chainId(method: string, value: unknown, label = 'chainId'): number {
  if (typeof value !== 'string' || !HEX_QUANTITY.test(value) || value === '0x0') {
    throw invalidParams(
      method,
      `${label} must be a non-zero hex string without leading zeros like "0x1", got ${describe(value)}`,
    );
  }
  const parsed = Number.parseInt(value, 16);
  if (!Number.isSafeInteger(parsed)) throw invalidParams(method, `${label} ${value} is larger than a safe integer`);
  return parsed;
}

export function shortString(method: string, value: unknown, label: string, maxLength: number): string {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > maxLength) {
    throw invalidParams(
      method,
      `${label} must be a non-empty string of at most ${maxLength} characters, got ${describe(value)}`,
    );
  }
  return value.trim();
}
