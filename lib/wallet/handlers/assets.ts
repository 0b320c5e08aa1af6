// balances/* and tokens/*: the portfolio (reads through the quorum client) and the token list.
import type { Address, PopupApi, TokenView } from '../../messages/popup-api';
import { invalidInput, notFound } from '../errors';
import type { PopupHandlers } from '../popup-router';
import type { WalletServices } from '../services';

type Handlers = Pick<PopupHandlers, Extract<keyof PopupApi, `balances/${string}` | `tokens/${string}`>>;

/** Native and token balances of an account on a chain, through the portfolio. */
export async function readBalances(
  services: WalletServices,
  chainId: number,
  address: Address,
  options: { tokens?: TokenView[] | undefined; compare?: boolean | undefined } = {},
) {
  const { tokens, compare = false } = options;
  const network = await services.networks.get(chainId);
  if (!network) throw notFound(`Network ${chainId}`);
  return services.portfolio.getBalances({
    chainId,
    address,
    audit: compare,
    native: { symbol: network.symbol, decimals: network.decimals },
    tokens: tokens ?? (await services.tokenList.list(chainId)),
  });
}

export function assetHandlers(services: WalletServices): Handlers {
  const { networks, keyring, portfolio, tokenList, notify } = services;
  return {
    'balances/get': async (params) => {
      const chainId = params?.chainId ?? (await networks.selectedChainId());
      const address = params?.address ?? (await keyring.status()).selectedAddress;
      if (!address) return { head: null, balances: [] };
      return readBalances(services, chainId, address, { compare: params?.compare === true });
    },
    'tokens/add': async ({ chainId, address }) => {
      if (!(await networks.get(chainId))) throw notFound(`Network ${chainId}`);
      if (typeof address !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(address)) {
        throw invalidInput('A token address is 0x and 40 hexadecimal characters.');
      }
      const metadata = await portfolio.readToken({ chainId, address });
      const token = await tokenList.add({ ...metadata, source: 'user' });
      notify(['balances']);
      return token;
    },
    'tokens/remove': async ({ chainId, address }) => {
      await tokenList.remove(chainId, address);
      notify(['balances']);
      return null;
    },
  };
}
