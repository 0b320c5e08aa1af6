// What a site may see. Permissions are keyed by the origin of the top-level page that asked (see
// sender.ts): an iframe never inherits its parent's accounts, because the relay only runs in top frames.
import type { Address, ConnectedSite } from '../messages/popup-api';
import type { DappBackend } from './backend';
import { accountsForDapp } from './dapp-settings';

/** EIP-2255 permission object, as wallet_getPermissions and wallet_requestPermissions return it. */
export interface Eip2255Permission {
  invoker: string;
  parentCapability: 'eth_accounts';
  caveats: { type: 'restrictReturnedAccounts'; value: Address[] }[];
  date: number;
}

const lower = (a: string) => a.toLowerCase();

/** The site's accounts that still exist in the wallet, the selected one first; [] when locked or not connected. */
export async function permittedAccounts(backend: Pick<DappBackend, 'sites' | 'wallet'>, origin: string) {
  const [site, state] = await Promise.all([backend.sites.get(origin), backend.wallet.state()]);
  if (!site || !state.unlocked) return [];
  return orderAccounts(site, state.accounts, state.selectedAddress);
}

/** permittedAccounts as the dapp is told them (lowercase in MetaMask compatibility mode). */
export async function dappAccounts(backend: Pick<DappBackend, 'sites' | 'wallet' | 'settings'>, origin: string) {
  const [accounts, settings] = await Promise.all([permittedAccounts(backend, origin), backend.settings.get()]);
  return accountsForDapp(accounts, settings.metamaskCompat);
}

/** Site accounts that exist in the wallet, selected account first; used while locked for signing checks. */
export function orderAccounts(site: ConnectedSite, walletAccounts: Address[], selected: Address | null): Address[] {
  const existing = new Set(walletAccounts.map(lower));
  const accounts = site.accounts.filter((a) => existing.has(lower(a)));
  const selectedIndex = selected ? accounts.findIndex((a) => lower(a) === lower(selected)) : -1;
  if (selectedIndex > 0) accounts.unshift(...accounts.splice(selectedIndex, 1));
  return accounts;
}

export function eip2255Permissions(site: ConnectedSite | null, accounts: Address[]): Eip2255Permission[] {
  if (!site) return [];
  return [
    {
      invoker: site.origin,
      parentCapability: 'eth_accounts',
      caveats: [{ type: 'restrictReturnedAccounts', value: accounts }],
      date: site.connectedAt,
    },
  ];
}
