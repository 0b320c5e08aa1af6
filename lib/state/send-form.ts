// Checks for the send form, kept pure so they are tested without a browser.
import { isAddress, parseUnits } from 'viem';

/** Null when `to` is a usable address; otherwise why not. Mixed-case addresses must carry a valid checksum. */
export function recipientProblem(to: string): string | null {
  const trimmed = to.trim();
  if (!trimmed) return 'Enter the recipient address.';
  if (!/^0x[0-9a-fA-F]{40}$/.test(trimmed)) return 'Not an address: expected 0x and 40 hexadecimal characters.';
  if (!isAddress(trimmed, { strict: true })) return 'The address checksum does not match. Check for a typo.';
  if (/^0x0{40}$/.test(trimmed)) return 'That is the zero address; funds sent there are lost.';
  return null;
}

/** Parses a decimal amount to base units; an error message instead when it is not a positive amount. */
export function parseAmount(amount: string, decimals: number): { value: bigint } | { problem: string } {
  const trimmed = amount.trim();
  if (!trimmed) return { problem: 'Enter an amount.' };
  if (/^-\s*\d*\.?\d*$/.test(trimmed) && trimmed !== '-') return { problem: 'The amount must be more than 0.' };
  if (/^\d+,\d+$/.test(trimmed)) return { problem: `Use a dot for decimals: ${trimmed.replace(',', '.')}.` };
  if (!/^\d*\.?\d*$/.test(trimmed) || trimmed === '.') {
    return { problem: 'Enter the amount as a number, such as 1.5.' };
  }
  const fraction = trimmed.split('.')[1] ?? '';
  if (fraction.length > decimals) return { problem: `At most ${decimals} decimal places.` };
  const value = parseUnits(trimmed, decimals);
  if (value <= 0n) return { problem: 'The amount must be more than 0.' };
  return { value };
}

export interface FundsCheckParameters {
  /** Amount in base units of the asset being sent. */
  amount: bigint;
  /** The asset's confirmed balance (base units); null when it could not be confirmed. */
  assetBalance: bigint | null;
  /** Native balance (wei) for the fee; null when unknown. */
  nativeBalance: bigint | null;
  feeWei: bigint;
  native: boolean;
}

/** amount ≤ balance − fee for the native asset; amount ≤ token balance and fee ≤ native balance for a token. */
export function fundsProblem({
  amount,
  assetBalance,
  nativeBalance,
  feeWei,
  native,
}: FundsCheckParameters): string | null {
  if (assetBalance === null) return 'The balance could not be confirmed, so the amount cannot be checked.';
  if (native) {
    if (amount + feeWei > assetBalance) return 'Amount plus network fee is more than the balance.';
    return null;
  }
  if (amount > assetBalance) return 'Amount is more than the token balance.';
  if (nativeBalance === null) return 'The balance for the network fee could not be confirmed.';
  if (feeWei > nativeBalance) return 'Not enough balance for the network fee.';
  return null;
}

/** Sentences for the reasons ERC-20 contracts commonly give when they refuse a transfer. */
const REVERT_REASONS: [RegExp, string][] = [
  [/transfer amount exceeds balance|insufficient balance/i, "the amount is more than this account's token balance"],
  [/insufficient allowance|transfer amount exceeds allowance/i, 'the spender is not allowed to move that many tokens'],
  [/transfer to the zero address/i, 'tokens cannot be sent to the zero address'],
  [/paused/i, 'the token contract is paused'],
];

/**
 * A background error about a send, said for a person: a revert ("execution reverted: ERC20: transfer amount
 * exceeds balance") becomes a sentence saying the contract would refuse and why; other errors pass through.
 */
export function plainSendError(message: string): string {
  const revert = /execution reverted(?::\s*(.*))?/i.exec(message);
  if (!revert) return message;
  const reason = (revert[1] ?? '').replace(/^(ERC20|ERC-20):\s*/i, '').trim();
  if (!reason)
    return 'The contract would refuse this transaction (it reverts without saying why), so nothing was sent.';
  const known = REVERT_REASONS.find(([pattern]) => pattern.test(reason));
  const why = known ? known[1] : `it says "${reason}"`;
  return `The contract would refuse this transaction: ${why}. Nothing was sent.`;
}

/** Whether the recipient is the sending account itself (allowed, but rarely meant). */
export function isSelfSend(to: string, from: string | null | undefined): boolean {
  return !!from && to.trim().toLowerCase() === from.toLowerCase();
}
