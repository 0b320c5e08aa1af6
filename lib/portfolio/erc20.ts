// The few ERC-20 calls the portfolio makes, encoded and decoded by hand: no ABI machinery in the background bundle.
import { hexToString, isHex, size, trim } from 'viem';
import type { Address, Hex } from '../messages/popup-api';

export const ERC20_SELECTORS = {
  balanceOf: '0x70a08231',
  name: '0x06fdde03',
  symbol: '0x95d89b41',
  decimals: '0x313ce567',
} as const;

/** Calldata for `balanceOf(owner)`. */
export function balanceOfData(owner: Address): Hex {
  return `${ERC20_SELECTORS.balanceOf}${owner.slice(2).toLowerCase().padStart(64, '0')}`;
}

/** An `eth_call` transaction object, as JSON-RPC wants it. */
export function callObject(to: Address, data: Hex): { to: Address; data: Hex } {
  return { to, data };
}

/** A quantity or a 32-byte word to bigint; null for anything else (an empty `0x` from a non-contract, garbage). */
export function decodeQuantity(raw: unknown): bigint | null {
  if (typeof raw !== 'string' || !isHex(raw) || raw === '0x') return null;
  try {
    return BigInt(raw);
  } catch {
    return null;
  }
}

/** `eth_call` result of a function returning one uint256: exactly one 32-byte word. */
export function decodeUint256Word(raw: unknown): bigint | null {
  if (typeof raw !== 'string' || !isHex(raw) || raw.length !== 66) return null;
  return BigInt(raw);
}

/** `eth_call` result of `name()`/`symbol()`: an ABI string, or bytes32 as some old tokens return. */
export function decodeAbiString(raw: unknown): string | null {
  if (typeof raw !== 'string' || !isHex(raw) || raw === '0x') return null;
  if (raw.length === 66) {
    const text = hexToString(trim(raw as Hex, { dir: 'right' }) as Hex);
    return clean(text);
  }
  if (size(raw as Hex) < 64) return null;
  const offset = Number(BigInt(`0x${raw.slice(2, 66)}`));
  const lengthStart = 2 + offset * 2;
  const length = Number(BigInt(`0x${raw.slice(lengthStart, lengthStart + 64)}`));
  const bytes = raw.slice(lengthStart + 64, lengthStart + 64 + length * 2);
  if (bytes.length !== length * 2) return null;
  return clean(hexToString(`0x${bytes}`));
}

function clean(text: string): string | null {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strip NUL padding and control characters from chain data
  const printable = text.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return printable ? printable.slice(0, 64) : null;
}
