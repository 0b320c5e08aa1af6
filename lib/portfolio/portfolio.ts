// Reads an account's balances (native + ERC-20) through the quorum engine and says how each was confirmed.
// Framework-free and background-side: the popup only ever sees the BalanceView this returns.
//
// 1. Every read goes through the quorum client, which pins "latest" to its agreed anchor block.
// 2. Token balances are `balanceOf` eth_calls, issued concurrently (bounded) so one slow token never
//    serialises the rest; the engine batches what it sends to each source.
// 3. Only when the user compares sources is every usable source asked too, alongside (audit.ts): a plain read
//    sends the address to as few sources as it needs (one, when the value is proven).
// 4. A value is remembered only when it was confirmed; anything less carries the last confirmed value
//    and its age, and never a number from a single (possibly lying) source presented as confirmed.

import { numberToHex } from 'viem';
import type { Address, BalanceView, TokenView } from '../messages/popup-api';
import {
  type Anchor,
  isEstablished,
  type QuorumResult,
  type RpcRequest,
  type SourceHealth,
  type SourceProofCheck,
} from '../rpc/types';
import { type Audit, mergeAudit, pinCall, startAudit } from './audit';
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
  /** Every source's own proof of a read (by source id), for the compare view. */
  proveEach?(request: RpcRequest): Promise<Record<string, SourceProofCheck>>;
}

export interface CreatePortfolioParameters {
  /** The quorum client for a chain (the wallet keeps one per network). */
  clientFor(chainId: number): PortfolioQuorumClient | Promise<PortfolioQuorumClient>;
  lastConfirmed: LastConfirmedStore;
  /** How many token reads are in flight at once. */
  concurrency?: number;
  /**
   * Ask every usable source too (one batch per source), so every source's answer can be compared. Default
   * false: it sends the address to every operator, which only the compare view asks for (per call).
   */
  audit?: boolean;
  auditTimeoutMs?: number;
  /** Once the quorum reads are done, how long to wait for audit answers still missing. */
  auditGraceMs?: number;
  /** Once the quorum reads are done, how long to wait for each source's own proof (the compare view). */
  proofGraceMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

export interface GetBalancesParameters {
  chainId: number;
  address: Address;
  native: { symbol: string; decimals: number };
  tokens: TokenView[];
  /** Ask every usable source too, for the compare view. Default: the portfolio's `audit` setting. */
  audit?: boolean | undefined;
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
  audit = false,
  auditTimeoutMs,
  auditGraceMs = 150,
  proofGraceMs = 1_000,
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
    async getBalances({ chainId, address, native, tokens, audit: auditThis = audit }) {
      const client = await Promise.resolve(clientFor(chainId)).catch(() => null);
      // A balance shown as current follows the head: an anchor older than a second is refreshed first.
      const block = await pinnedBlockTag(client, now(), { refreshAfterMs: 1_000, waitAfterMs: 1_000 });
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
      // 2. Through the quorum: native and tokens concurrently, tokens bounded. Alongside, every usable source is
      //    asked the same reads at the same block (the audit, for the compare view).
      const sources = client?.health?.();
      const pinned = block === 'latest' ? null : Number.parseInt(block, 16);
      let audited =
        auditThis && sources && pinned !== null ? startAuditFor(reads, pinned, sources, fetch, auditTimeoutMs) : null;
      // Compare also asks every source for its own proof of each read, checked against the same header.
      const proofs =
        auditThis && client?.proveEach && pinned !== null
          ? Promise.all(
              reads.map((read) => client.proveEach!({ method: read.method, params: read.params }).catch(() => ({}))),
            )
          : null;
      const [nativeResult, tokenResults, last] = await Promise.all([
        ask(client, reads[0]),
        mapConcurrent(reads.slice(1), concurrency, (read) => ask(client, read)),
        lastConfirmed.getMany(reads.map((r) => r.key)),
      ]);
      let results = [nativeResult, ...tokenResults];
      // 3. Without an anchor up front, audit at the block the results were pinned to.
      const anchored = results.find((r) => r?.evidence.anchor)?.evidence.anchor?.number;
      if (!audited && auditThis && sources && anchored !== undefined) {
        audited = startAuditFor(reads, anchored, sources, fetch, auditTimeoutMs);
      }
      if (audited) {
        const run = audited;
        const waited = now();
        const [, checks] = await Promise.all([
          Promise.race([run.settled, delay(auditGraceMs)]),
          proofs ? Promise.race([proofs, delay(proofGraceMs).then(() => null)]) : null,
        ]);
        const waitedMs = Math.max(0, now() - waited);
        results = results.map((result, i) =>
          result
            ? mergeAudit({ result, read: i, audit: run, decode: reads[i].decode, waitedMs, proofs: checks?.[i] })
            : result,
        );
        run.close();
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
          if (isEstablished(view.status) && view.value !== null && view.block) {
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
        if (!isEstablished(result.status) || result.error) {
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
 * The anchor block as an explicit tag. Naming the block (instead of 'latest') makes the engine run a fresh
 * agreement instead of answering from its per-anchor cache: when sources die or are disabled while the chain
 * stands still (a devnet without traffic), a balance must stop reading "confirmed". An old anchor is refreshed in
 * the background (the next read uses the new one); only a missing or very old one is waited for.
 */
export async function pinnedBlockTag(
  client: PortfolioQuorumClient | null,
  now: number,
  { refreshAfterMs = 4_000, waitAfterMs = 60_000 } = {},
): Promise<string> {
  if (!client?.anchor) return 'latest';
  let anchor = client.anchor();
  const age = anchor ? now - anchor.at : Number.POSITIVE_INFINITY;
  if (age > waitAfterMs) anchor = (await client.refreshHead?.().catch(() => null)) ?? anchor;
  else if (age > refreshAfterMs) void client.refreshHead?.().catch(() => null);
  return anchor ? numberToHex(anchor.number) : 'latest';
}

function statusWords(result: QuorumResult): string {
  const { agreeing, quorum } = result.evidence;
  return `${result.status} (${agreeing} of ${quorum} needed agreed)`;
}

function startAuditFor(
  reads: PlannedRead[],
  block: number,
  sources: Pick<SourceHealth, 'id' | 'url' | 'enabled' | 'chainOk'>[],
  fetch: typeof globalThis.fetch | undefined,
  timeoutMs: number | undefined,
): Audit {
  return startAudit({
    calls: reads.map((read) => pinCall(read.method, read.params, block)),
    sources,
    ...(fetch ? { fetch } : {}),
    ...(timeoutMs ? { timeoutMs } : {}),
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
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
