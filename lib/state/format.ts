// Pure formatting for what the popup shows: amounts, ages, and the line that says how a value was confirmed.
import { formatUnits } from 'viem';
import type { ConfirmedValueView } from '../messages/popup-api';
import { unagreedHeaderLine, verifiedLine } from '../rpc/types';

/** "0.52 ETH": base units to a short decimal with at most `maxFraction` fraction digits (truncated, never rounded up). */
export function formatAmount(baseUnits: string, decimals: number, symbol: string, maxFraction = 6): string {
  return `${formatDecimal(baseUnits, decimals, maxFraction)} ${symbol}`;
}

export function formatDecimal(baseUnits: string, decimals: number, maxFraction = 6): string {
  let full: string;
  try {
    full = formatUnits(BigInt(baseUnits), decimals);
  } catch {
    return '?';
  }
  const [whole, fraction = ''] = full.split('.');
  const cut = fraction.slice(0, maxFraction).replace(/0+$/, '');
  // A non-zero amount smaller than the shown precision must not read as 0.
  if (!cut && /[1-9]/.test(fraction) && whole.replace('-', '') === '0') return `<0.${'0'.repeat(maxFraction - 1)}1`;
  return `${groupThousands(whole)}${cut ? `.${cut}` : ''}`;
}

function groupThousands(whole: string): string {
  const negative = whole.startsWith('-');
  const digits = negative ? whole.slice(1) : whole;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return negative ? `-${grouped}` : grouped;
}

/** "just now", "3 min ago", "2 h ago", "4 days ago". */
export function formatAgo(at: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

export interface ConfirmationLineParameters {
  view: ConfirmedValueView;
  symbol: string;
  decimals: number;
  now: number;
}

/** The one line under every balance that says how much to trust it. */
export function formatConfirmation({ view, symbol, decimals, now }: ConfirmationLineParameters): string {
  const last = view.lastConfirmed
    ? `last confirmed ${formatAmount(view.lastConfirmed.value, decimals, symbol)}, ${formatAgo(view.lastConfirmed.at, now)}`
    : null;
  switch (view.status) {
    case 'verified':
      return view.block
        ? verifiedLine({ number: view.block.number, basis: view.basis, agreed: view.header })
        : 'Verified at block ?';
    case 'confirmed': {
      const block = view.block ? ` · block ${view.block.number}` : '';
      return `Confirmed by ${view.agreeing} of ${view.enabledSources} ${plural(view.enabledSources, 'source')}${block}`;
    }
    case 'conflict':
      return last ? `Sources disagree — ${last}` : 'Sources disagree';
    case 'unconfirmed':
      if (view.capped === 'header-unconfirmed' && view.block) {
        return `Unconfirmed: ${unagreedHeaderLine({ number: view.block.number, agreed: view.header })}`;
      }
      return `Unconfirmed: ${view.agreeing} ${plural(view.agreeing, 'source')}`;
    case 'unavailable':
      return last ? `Unavailable — ${last}` : 'Unavailable — no confirmed value yet';
  }
}

/** The amount to show in large type: only a value that was verified, confirmed or (marked) passed unconfirmed. */
export function displayedAmount(view: ConfirmedValueView, decimals: number, symbol: string): string {
  const shown = view.status === 'verified' || view.status === 'confirmed' || view.status === 'unconfirmed';
  if (shown && view.value !== null) {
    return formatAmount(view.value, decimals, symbol);
  }
  return `— ${symbol}`;
}

export function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}

/** 0xf39F…2266 */
export function shortAddress(address: string): string {
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}
