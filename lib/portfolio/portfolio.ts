// Reads an account's balances (native + ERC-20) through the quorum engine and says how each was confirmed.
// Framework-free and background-side: the popup only ever sees the BalanceView this returns.
//
// 1. Every read goes through the quorum client, which pins "latest" to its agreed anchor block.
// 2. Token balances are `balanceOf` eth_calls, issued concurrently (bounded) so one slow token never
//    serialises the rest; the engine batches what it sends to each source.
// 3. Sources the race did not need are asked too (audit.ts), so the compare view shows every source.
// 4. A value is remembered only when it was confirmed; anything less carries the last confirmed value
//    and its age, and never a number from a single (possibly lying) source presented as confirmed.

import { numberToHex } from 'viem';
import type { Address, BalanceView, TokenView } from '@/lib/messages/popup-api';
import type { Anchor, QuorumResult, RpcRequest, SourceHealth } from '@/lib/rpc/types';
import { auditReads } from './audit';
import { toConfirmedValueView, unavailableView } from './confirmed-value';
import { balanceOfData, decodeAbiString, decodeQuantity, decodeUint256Word, ERC20_SELECTORS } from './erc20';
import type { LastConfirmedKey, LastConfirmedStore } from './last-confirmed';

/** The part of the quorum client the portfolio needs. */
export interface PortfolioQuorumClient {
  request(request: RpcRequest): Promise<QuorumResult>;
  /** Source list with health; when present, sources the race skipped are audited for the compare view. */
  health?(): Pick<SourceHealth, 'id' | 'url' | 'enabled' | 'chainOk'>[];
  /** The agreed anchor; when present, reads name its block explicitly (see pinnedBlockTag). */
  anchor?(): Anchor | null;
  refreshHead?(): Promise<Anchor | null>;
}

export interface CreatePortfolioParameters {
  /** The quorum client for a chain (the wallet keeps one per network). */
  clientFor(chainId: number): PortfolioQuorumClient | Promise<PortfolioQuorumClient>;
  lastConfirmed: LastConfirmedStore;
  /** How many token reads are in flight at once. */
  concurrency?: number;
  /** Ask the sources the race skipped too (one batch per source), so every source's answer can be compared. */
  audit?: boolean;
  auditTimeoutMs?: number;
  fetch?: typeof fetch;
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

interface PlannedRead {
  method: string;
  params: unknown[];
  decode: (raw: unknown) => bigint | null;
  key: LastConfirmedKey;
}

export function createPortfolio({
  clientFor,
  lastConfirmed,
  concurrency = 6,
  audit = true,
  auditTimeoutMs,
  fetch,
  now = Date.now,
}: CreatePortfolioParameters): Portfolio {
  async function ask(client: PortfolioQuorumClient | null, read: PlannedRead): Promise<QuorumResult | null> {
    if (!client) return null;
    try {
      return await client.request({ method: read.method, params: read.params });
    } catch {
      return null;
    }
  }

  return {
    async getBalances({ chainId, address, native, tokens }) {
      const client = await Promise.resolve(clientFor(chainId)).catch(() => null);
      const block = await pinnedBlockTag(client, now());
      // 1. What to read: the native balance, then balanceOf for every token.
      const reads: PlannedRead[] = [
        {
          method: 'eth_getBalance',
          params: [address, block],
          decode: decodeQuantity,
          key: { chainId, address, asset: 'native' },
        },
        ...tokens.map((token) => ({
          method: 'eth_call',
          params: [{ to: token.address, data: balanceOfData(address) }, block],
          decode: decodeUint256Word,
          key: { chainId, address, asset: token.address },
        })),
      ];
      // 2. Through the quorum: native and tokens concurrently, tokens bounded.
      const [nativeResult, tokenResults, last] = await Promise.all([
        ask(client, reads[0]),
        mapConcurrent(reads.slice(1), concurrency, (read) => ask(client, read)),
        lastConfirmed.getMany(reads.map((r) => r.key)),
      ]);
      let results = [nativeResult, ...tokenResults];
      // 3. Ask the sources the race did not need, for the compare view (never changes a status or value).
      const sources = client?.health?.();
      if (audit && sources) {
        const answered = results.flatMap((result, i) => (result ? [{ result, index: i }] : []));
        const audited = await auditReads({
          reads: answered.map(({ result, index }) => ({ result, ...reads[index] })),
          sources,
          fetch,
          timeoutMs: auditTimeoutMs,
        }).catch(() => answered.map((a) => a.result));
        results = [...results];
        answered.forEach(({ index }, i) => {
          results[index] = audited[i];
        });
      }
      // 4. Views; remember what was confirmed.
      const enabled = sources ? new Set(sources.filter((s) => s.enabled).map((s) => s.id)) : null;
      const views = await Promise.all(
        results.map(async (result, i) => {
          if (!result) return unavailableView(now(), last[i]);
          const view = toConfirmedValueView({ result, decode: reads[i].decode, lastConfirmed: last[i], now: now() });
          if (enabled) {
            view.sources = view.sources.filter((s) => enabled.has(s.sourceId));
            view.enabledSources = enabled.size;
          }
          if (view.status === 'confirmed' && view.value !== null && view.block) {
            await lastConfirmed.record(reads[i].key, {
              value: view.value,
              block: view.block.number,
              at: view.checkedAt,
            });
          }
          return view;
        }),
      );
      const balances: BalanceView[] = [
        { asset: { kind: 'native', symbol: native.symbol, decimals: native.decimals }, balance: views[0] },
        ...tokens.map((token, i) => ({ asset: { kind: 'erc20' as const, token }, balance: views[i + 1] })),
      ];
      const head = Math.max(...views.map((v) => v.block?.number ?? -1));
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

/**
 * The anchor block as an explicit tag, refreshed first when it is old. Naming the block (instead of 'latest')
 * makes the engine run a fresh agreement instead of answering from its per-anchor cache: when sources die or
 * are disabled while the chain stands still (a devnet without traffic), a balance must stop reading "confirmed".
 */
export async function pinnedBlockTag(
  client: PortfolioQuorumClient | null,
  now: number,
  maxAgeMs = 4_000,
): Promise<string> {
  if (!client?.anchor) return 'latest';
  let anchor = client.anchor();
  if (!anchor || now - anchor.at > maxAgeMs) anchor = (await client.refreshHead?.().catch(() => null)) ?? anchor;
  return anchor ? numberToHex(anchor.number) : 'latest';
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
