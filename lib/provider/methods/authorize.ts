// Which accounts a site may act for. Signing checks the stored permission, not the lock state: a locked
// wallet still shows the request and asks for the password in the approval window.
import type { Address } from '../../messages/popup-api';
import { unauthorized } from '../errors';
import type { MethodContext } from '../method-types';
import { orderAccounts } from '../permissions';

export async function requirePermitted(ctx: MethodContext, address: Address): Promise<void> {
  const { origin } = ctx.caller;
  const [site, state] = await Promise.all([ctx.backend.sites.get(origin), ctx.backend.wallet.state()]);
  if (!site)
    throw unauthorized(`${origin} is not connected to Accord; call eth_requestAccounts first (${ctx.method}).`);
  const allowed = orderAccounts(site, state.accounts, state.selectedAddress);
  if (!allowed.some((a) => a.toLowerCase() === address.toLowerCase())) {
    throw unauthorized(`${ctx.method}: ${address} is not an account ${origin} was allowed to use.`);
  }
}
