// Reads an account's balances (native + ERC-20) through the quorum engine and says how each was confirmed.
// Framework-free and background-side: the popup only ever sees the BalanceView this returns.
//
// 1. Every read goes through the quorum client, which pins "latest" to its agreed anchor block.
// 2. Token balances are `balanceOf` eth_calls, issued concurrently (bounded) so one slow token never
//    serialises the rest; the engine batches what it sends to each source.
// 3. A value is remembered only when it was confirmed; anything less carries the last confirmed value
//    and its age, and never a number from a single (possibly lying) source presented as confirmed.
import type { Address, BalanceView, ConfirmedValueView, TokenView } from '@/lib/messages/popup-api';
import type { QuorumResult, RpcRequest } from '@/lib/rpc/types';
import { toConfirmedValueView, unavailableView } from './confirmed-value';
import { balanceOfData, decodeAbiString, decodeQuantity, decodeUint256Word, ERC20_SELECTORS } from './erc20';
import type { LastConfirmedKey, LastConfirmedStore } from './last-confirmed';

/** The part of the quorum client the portfolio needs. */
export interface PortfolioQuorumClient {
  request(request: RpcRequest): Promise<QuorumResult>;
}

export interface CreatePortfolioParameters {
  /** The quorum client for a chain (the wallet keeps one per network). */
  clientFor(chainId: number): PortfolioQuorumClient | Promise<PortfolioQuorumClient>;
  lastConfirmed: LastConfirmedStore;
  /** How many token reads are in flight at once. */
  concurrency?: number;
  now?: () => number;
}

export interface GetBalancesParameters {
  chainId: number;
  address: Address;
  native: { symbol: string; decimals: number };
  tokens: TokenView[];
}

export interface GetBalancesReturnType {
  /** The highest anchor block any balance was read at; null when nothing was anchored. */
  head: number | null;
  balances: BalanceView[];
}

export interface ReadTokenParameters {
  chainId: number;
  address: Address;
}

export type TokenMetadata = Omit<TokenView, 'source'>;

export interface Portfolio {
  getBalances(parameters: GetBalancesParameters): Promise<GetBalancesReturnType>;
  /** Symbol, name and decimals of a token, each confirmed by the quorum; throws when they cannot be. */
  readToken(parameters: ReadTokenParameters): Promise<TokenMetadata>;
}

export class TokenMetadataError extends Error {
  override name = 'TokenMetadataError';
}

export function createPortfolio({
  clientFor,
  lastConfirmed,
  concurrency = 6,
  now = Date.now,
}: CreatePortfolioParameters): Portfolio {
  async function readConfirmed(
    client: PortfolioQuorumClient | null,
    request: RpcRequest,
    decode: (raw: unknown) => bigint | null,
    key: LastConfirmedKey,
  ): Promise<ConfirmedValueView> {
    const [last] = await lastConfirmed.getMany([key]);
    if (!client) return unavailableView(now(), last);
    let result: QuorumResult;
    try {
      result = await client.request(request);
    } catch {
      return unavailableView(now(), last);
    }
    const view = toConfirmedValueView({ result, decode, lastConfirmed: last, now: now() });
    if (view.status === 'confirmed' && view.value !== null && view.block) {
      await lastConfirmed.record(key, { value: view.value, block: view.block.number, at: view.checkedAt });
    }
    return view;
  }

  return {
    async getBalances({ chainId, address, native, tokens }) {
      const client = await Promise.resolve(clientFor(chainId)).catch(() => null);
      const nativeRead = readConfirmed(
        client,
        { method: 'eth_getBalance', params: [address, 'latest'] },
        decodeQuantity,
        { chainId, address, asset: 'native' },
      );
      const tokenViews = mapConcurrent(tokens, concurrency, (token) =>
        readConfirmed(
          client,
          { method: 'eth_call', params: [{ to: token.address, data: balanceOfData(address) }, 'latest'] },
          decodeUint256Word,
          { chainId, address, asset: token.address },
        ),
      );
      const [nativeView, tokenBalances] = await Promise.all([nativeRead, tokenViews]);
      const balances: BalanceView[] = [
        { asset: { kind: 'native', symbol: native.symbol, decimals: native.decimals }, balance: nativeView },
        ...tokens.map((token, i) => ({ asset: { kind: 'erc20' as const, token }, balance: tokenBalances[i] })),
      ];
      const blocks = balances.map((b) => b.balance.block?.number ?? -1);
      const head = Math.max(...blocks);
      return { head: head >= 0 ? head : null, balances };
    },

    async readToken({ chainId, address }) {
      const client = await clientFor(chainId);
      const call = async (data: string) => {
        const result = await client.request({ method: 'eth_call', params: [{ to: address, data }, 'latest'] });
        if (result.status !== 'confirmed' || result.error) {
          throw new TokenMetadataError(
            `Could not confirm token ${address} on chain ${chainId}: ${result.error?.message ?? statusWords(result)}`,
          );
        }
        return result.value;
      };
      const [symbolRaw, nameRaw, decimalsRaw] = await Promise.all([
        call(ERC20_SELECTORS.symbol),
        call(ERC20_SELECTORS.name).catch(() => null),
        call(ERC20_SELECTORS.decimals),
      ]);
      const symbol = decodeAbiString(symbolRaw);
      const decimals = decodeUint256Word(decimalsRaw);
      if (!symbol || decimals === null || decimals > 77n) {
        throw new TokenMetadataError(`${address} on chain ${chainId} does not look like an ERC-20 token`);
      }
      return { chainId, address, symbol, name: decodeAbiString(nameRaw) ?? symbol, decimals: Number(decimals) };
    },
  };
}

function statusWords(result: QuorumResult): string {
  const { agreeing, quorum } = result.evidence;
  return `${result.status} (${agreeing} of ${quorum} needed agreed)`;
}

/** Runs `fn` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapConcurrent<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
