// Connecting: eth_accounts, eth_requestAccounts and the EIP-2255 permission methods.
import { getAddress } from 'viem';
import type { Address } from '../../messages/popup-api';
import { DecisionError } from '../approvals';
import { accountsForDapp } from '../dapp-settings';
import { invalidParams } from '../errors';
import type { Executor, MethodContext, MethodEntry } from '../method-types';
import { plainObject, positional } from '../params';
import { dappAccounts, eip2255Permissions, orderAccounts } from '../permissions';

interface ConnectPayload {
  returns: 'accounts' | 'permissions';
}

function ethAccountsPermission(method: string, params: unknown): void {
  const [request] = positional(method, params, 1, 1);
  const names = Object.keys(plainObject(method, request, 'params[0]'));
  const other = names.filter((name) => name !== 'eth_accounts');
  if (other.length) throw invalidParams(method, `Accord only grants eth_accounts, not ${other.join(', ')}`);
  if (names.length === 0)
    throw invalidParams(method, 'params[0] must name at least one permission ({ eth_accounts: {} })');
}

async function connect(ctx: MethodContext, returns: ConnectPayload['returns']): Promise<unknown> {
  const shared = (await ctx.backend.sites.get(ctx.caller.origin))?.accounts ?? [];
  return ctx.approvals.ask({
    caller: ctx.caller,
    requestKey: ctx.requestKey,
    request: { kind: 'connect', origin: ctx.caller.origin, ...(shared.length ? { shared: [...shared] } : {}) },
    payload: { returns } satisfies ConnectPayload,
    exclusive: true,
  });
}

export const accountMethods: Record<string, MethodEntry> = {
  eth_accounts: {
    async handler(ctx, params) {
      positional(ctx.method, params, 0, 0);
      return dappAccounts(ctx.backend, ctx.caller.origin);
    },
  },

  eth_coinbase: {
    async handler(ctx, params) {
      positional(ctx.method, params, 0, 0);
      return (await dappAccounts(ctx.backend, ctx.caller.origin))[0] ?? null;
    },
  },

  eth_requestAccounts: {
    approval: true,
    async handler(ctx, params) {
      positional(ctx.method, params, 0, 0);
      const accounts = await dappAccounts(ctx.backend, ctx.caller.origin);
      if (accounts.length) {
        await ctx.events.accountsDelivered(ctx.caller.origin, accounts);
        return accounts;
      }
      return connect(ctx, 'accounts');
    },
  },

  wallet_requestPermissions: {
    approval: true,
    async handler(ctx, params) {
      ethAccountsPermission(ctx.method, params);
      return connect(ctx, 'permissions');
    },
  },

  wallet_getPermissions: {
    async handler(ctx, params) {
      positional(ctx.method, params, 0, 0);
      const [site, state, settings] = await Promise.all([
        ctx.backend.sites.get(ctx.caller.origin),
        ctx.backend.wallet.state(),
        ctx.backend.settings.get(),
      ]);
      // While locked the permission is still listed, its accounts are not (as eth_accounts answers []).
      const accounts = state.unlocked && site ? orderAccounts(site, state.accounts, state.selectedAddress) : [];
      return site ? eip2255Permissions(site, accountsForDapp(accounts, settings.metamaskCompat)) : [];
    },
  },

  wallet_revokePermissions: {
    async handler(ctx, params) {
      ethAccountsPermission(ctx.method, params);
      await ctx.backend.sites.remove(ctx.caller.origin);
      await ctx.events.accountsChanged(ctx.caller.origin);
      return null;
    },
  },
};

/** The user picked accounts in the connect screen. */
export const connectExecutor: Executor = async (ctx, record, decision) => {
  const { backend } = ctx;
  const [state, existing] = await Promise.all([backend.wallet.state(), backend.sites.get(record.origin)]);
  const inWallet = new Map(state.accounts.map((a) => [a.toLowerCase(), a]));
  const picked = decision.accounts ?? existing?.accounts ?? (state.selectedAddress ? [state.selectedAddress] : []);
  if (picked.length === 0) throw new DecisionError('Pick at least one account to connect.');
  const accounts: Address[] = [];
  for (const account of picked) {
    const known = typeof account === 'string' ? inWallet.get(account.toLowerCase()) : undefined;
    if (!known) throw new DecisionError(`${String(account)} is not an account in this wallet.`);
    if (!accounts.includes(getAddress(known))) accounts.push(getAddress(known));
  }
  const site = { origin: record.origin, accounts, connectedAt: existing?.connectedAt ?? ctx.now() };
  await backend.sites.put(site);
  const { metamaskCompat } = await backend.settings.get();
  const ordered = accountsForDapp(orderAccounts(site, state.accounts, state.selectedAddress), metamaskCompat);
  await ctx.events.accountsChanged(record.origin);
  const { returns } = (record.payload ?? {}) as Partial<ConnectPayload>;
  return returns === 'permissions' ? eip2255Permissions(site, ordered) : ordered;
};
