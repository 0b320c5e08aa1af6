// The sentence a typed-data approval leads with when the signature is a token permit: who may take what,
// how much (in the token's decimals), until when, and through which known contract. Pure, tested without a browser.
import type { TokenPermission } from '../provider/typed-data-meaning';

export interface PermissionFormat {
  /** An amount of the token in base units, with its symbol when known. */
  amount(amount: string): string;
  /** The token named alone ("ATT", or "tokens of 0x5FbD…0aa3"). */
  symbol: string;
  name(address: string): string;
}

export function permissionSentence(permission: TokenPermission, format: PermissionFormat): string {
  const spender = format.name(permission.spender);
  let sentence: string;
  if (permission.amount === null) sentence = `Lets ${spender} spend all your ${format.symbol}, without limit`;
  else if (permission.amount === '0') sentence = `Takes back ${spender}'s permission to spend your ${format.symbol}`;
  else if (permission.once) sentence = `Lets ${spender} take ${format.amount(permission.amount)} from you, once`;
  else sentence = `Lets ${spender} spend ${format.amount(permission.amount)} of yours`;
  if (permission.until !== null && permission.amount !== '0') {
    const date = new Date(permission.until * 1000).toISOString().replace('T', ' ').slice(0, 16);
    sentence += `, until ${date} UTC`;
  }
  if (permission.via) sentence += ` (through ${permission.via})`;
  return `${sentence}. Signing it is as good as approving it on chain.`;
}
