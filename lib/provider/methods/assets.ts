// wallet_watchAsset (EIP-747), ERC-20 only. The token's decimals are checked against the contract through
// the quorum client when it can be read, so a dapp cannot make a balance show 10^12 times too large.
import type { Address, TokenView } from '../../messages/popup-api';
import { invalidParams } from '../errors';
import type { Executor, MethodEntry } from '../method-types';
import { address, describe, plainObject } from '../params';

export const assetMethods: Record<string, MethodEntry> = {
  wallet_watchAsset: {
    approval: true,
    async handler(ctx, params) {
      const { method } = ctx;
      // EIP-747 sends an object; some libraries wrap it in an array.
      const raw = Array.isArray(params) && params.length === 1 ? params[0] : params;
      const input = plainObject(method, raw, 'params');
      if (input.type !== 'ERC20')
        throw invalidParams(method, `only type "ERC20" is supported, got ${describe(input.type)}`);
      const options = plainObject(method, input.options, 'params.options');
      const tokenAddress: Address = address(method, options.address, 'options.address');
      const symbol = options.symbol;
      if (typeof symbol !== 'string' || symbol.trim().length === 0 || symbol.length > 11) {
        throw invalidParams(method, `options.symbol must be 1 to 11 characters, got ${describe(symbol)}`);
      }
      const decimals = typeof options.decimals === 'string' ? Number(options.decimals) : options.decimals;
      if (typeof decimals !== 'number' || !Number.isInteger(decimals) || decimals < 0 || decimals > 36) {
        throw invalidParams(
          method,
          `options.decimals must be an integer from 0 to 36, got ${describe(options.decimals)}`,
        );
      }
      if (options.image !== undefined && typeof options.image !== 'string') {
        throw invalidParams(method, `options.image must be a URL string, got ${describe(options.image)}`);
      }
      const chainId = await ctx.backend.networks.currentChainId();
      const onChain = await ctx.backend.tokens.describe(chainId, tokenAddress).catch(() => null);
      if (onChain && onChain.decimals !== decimals) {
        throw invalidParams(
          method,
          `options.decimals ${decimals} does not match the contract's decimals() ${onChain.decimals}`,
        );
      }
      const token: Omit<TokenView, 'source'> = {
        chainId,
        address: tokenAddress,
        symbol: symbol.trim(),
        name: onChain?.name || symbol.trim(),
        decimals,
      };
      return ctx.approvals.ask({
        caller: ctx.caller,
        requestKey: ctx.requestKey,
        request: { kind: 'watch_asset', origin: ctx.caller.origin, token },
        payload: token,
      });
    },
  },
};

export const watchAssetExecutor: Executor = async ({ backend }, record) => {
  await backend.tokens.add({ ...(record.payload as Omit<TokenView, 'source'>), source: 'dapp' });
  return true;
};
