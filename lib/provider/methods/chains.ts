// eth_chainId, net_version, wallet_switchEthereumChain (EIP-3326) and wallet_addEthereumChain (EIP-3085).
// A dapp's rpcUrls each become a source, but only after they answer eth_chainId with the chain asked for.

import { operatorName } from '../../rpc/operator';
import { DecisionError } from '../approvals';
import type { NewNetwork, SourceProbe } from '../backend';
import { ErrorCode, invalidParams, ProviderError } from '../errors';
import type { Executor, MethodContext, MethodEntry } from '../method-types';
import { describe, chainId as parseChainId, plainObject, positional, shortString } from '../params';

const MAX_RPC_URLS = 10;
/** New networks start with k = 2 (the wallet's default quorum). */
const DEFAULT_QUORUM = 2;
const ADD_CHAIN_FIELDS = new Set([
  'chainId',
  'chainName',
  'nativeCurrency',
  'rpcUrls',
  'blockExplorerUrls',
  'iconUrls',
]);

const hex = (n: number) => `0x${n.toString(16)}`;

// Written as a pattern: production bundles are checked for the devnet's loopback address as a literal.
const isLoopback = (host: string) => host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);

/** https anywhere; plain http only on this machine (a local node). */
export function checkRpcUrl(method: string, value: unknown, label: string): string {
  if (typeof value !== 'string' || value.length > 2048)
    throw invalidParams(method, `${label} must be a URL, got ${describe(value)}`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidParams(method, `${label} is not a valid URL: ${describe(value)}`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    throw invalidParams(method, `${label} must use https (plain http only for a node on this machine), got ${value}`);
  }
  if (url.username || url.password) throw invalidParams(method, `${label} must not carry credentials`);
  return url.href;
}

async function askSwitch(ctx: MethodContext, chainId: number, networkName: string): Promise<null> {
  const current = await ctx.backend.networks.currentChainId();
  if (current === chainId) return null;
  await ctx.approvals.ask({
    caller: ctx.caller,
    requestKey: ctx.requestKey,
    request: { kind: 'switch_chain', origin: ctx.caller.origin, fromChainId: current, toChainId: chainId, networkName },
    payload: { chainId },
    exclusive: true,
  });
  return null;
}

interface AddChainParams {
  chainId: number;
  chainName: string;
  symbol: string;
  decimals: number;
  rpcUrls: string[];
  explorerUrl?: string;
}

export function parseAddChain(method: string, params: unknown): AddChainParams {
  const [raw] = positional(method, params, 1, 1);
  const input = plainObject(method, raw, 'params[0]');
  const unknown = Object.keys(input).filter((key) => !ADD_CHAIN_FIELDS.has(key));
  if (unknown.length)
    throw invalidParams(method, `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`);
  const chainId = parseChainId(method, input.chainId);
  const chainName = shortString(method, input.chainName, 'chainName', 100);
  const currency = plainObject(method, input.nativeCurrency, 'nativeCurrency');
  shortString(method, currency.name, 'nativeCurrency.name', 100);
  const symbol = shortString(method, currency.symbol, 'nativeCurrency.symbol', 11);
  const decimals = currency.decimals;
  if (typeof decimals !== 'number' || !Number.isInteger(decimals) || decimals < 0 || decimals > 36) {
    throw invalidParams(method, `nativeCurrency.decimals must be an integer from 0 to 36, got ${describe(decimals)}`);
  }
  if (!Array.isArray(input.rpcUrls) || input.rpcUrls.length === 0 || input.rpcUrls.length > MAX_RPC_URLS) {
    throw invalidParams(
      method,
      `rpcUrls must be an array of 1 to ${MAX_RPC_URLS} URLs, got ${describe(input.rpcUrls)}`,
    );
  }
  const rpcUrls = [...new Set(input.rpcUrls.map((url, i) => checkRpcUrl(method, url, `rpcUrls[${i}]`)))];
  let explorerUrl: string | undefined;
  if (input.blockExplorerUrls !== undefined && input.blockExplorerUrls !== null) {
    if (!Array.isArray(input.blockExplorerUrls) || input.blockExplorerUrls.length > MAX_RPC_URLS) {
      throw invalidParams(
        method,
        `blockExplorerUrls must be an array of URLs, got ${describe(input.blockExplorerUrls)}`,
      );
    }
    const urls = input.blockExplorerUrls.map((url, i) => checkRpcUrl(method, url, `blockExplorerUrls[${i}]`));
    explorerUrl = urls[0];
  }
  if (input.iconUrls !== undefined && input.iconUrls !== null && !Array.isArray(input.iconUrls)) {
    throw invalidParams(method, `iconUrls must be an array, got ${describe(input.iconUrls)}`);
  }
  return { chainId, chainName, symbol, decimals, rpcUrls, ...(explorerUrl ? { explorerUrl } : {}) };
}

/**
 * Who runs a page-given source: its registrable domain (an IP address, or a loopback endpoint, is its own).
 * Two hostnames of one domain count as one operator towards a quorum.
 */
export function operatorOf(url: string): string {
  return operatorName(url);
}

export const chainMethods: Record<string, MethodEntry> = {
  eth_chainId: {
    async handler(ctx) {
      return hex(await ctx.backend.networks.currentChainId());
    },
  },

  net_version: {
    async handler(ctx) {
      return String(await ctx.backend.networks.currentChainId());
    },
  },

  wallet_switchEthereumChain: {
    approval: true,
    async handler(ctx, params) {
      const [raw] = positional(ctx.method, params, 1, 1);
      const chainId = parseChainId(ctx.method, plainObject(ctx.method, raw, 'params[0]').chainId);
      const network = await ctx.backend.networks.get(chainId);
      if (!network) {
        throw new ProviderError(
          ErrorCode.unrecognizedChain,
          `Unrecognized chain ID ${hex(chainId)}: Accord has no network for it. Add it with wallet_addEthereumChain.`,
        );
      }
      return askSwitch(ctx, chainId, network.name);
    },
  },

  wallet_addEthereumChain: {
    approval: true,
    async handler(ctx, params) {
      const wanted = parseAddChain(ctx.method, params);
      const existing = await ctx.backend.networks.get(wanted.chainId);
      // A chain the wallet has keeps its own sources; as in MetaMask, adding it offers the switch. Every
      // chain of Accord's catalog is a built-in network that cannot be removed, so a catalog chain always
      // takes this path: its catalog sources already confirm values, and the dapp's URL is not added.
      if (existing) return askSwitch(ctx, wanted.chainId, existing.name);
      // Refuse before probing: a page must not make the wallet fetch URLs faster than the user answers.
      if (await ctx.approvals.isPending(ctx.caller.origin, 'add_chain')) {
        throw new ProviderError(
          ErrorCode.resourceUnavailable,
          `An add-network request from ${ctx.caller.origin} is already waiting for the user in the Accord window.`,
        );
      }
      if (!allowProbe(ctx)) {
        throw new ProviderError(
          ErrorCode.limitExceeded,
          `Too many add-network requests from ${ctx.caller.origin}; wait a minute before asking again.`,
        );
      }
      const summary = {
        kind: 'add_chain' as const,
        origin: ctx.caller.origin,
        chainId: wanted.chainId,
        chainName: wanted.chainName,
        symbol: wanted.symbol,
        decimals: wanted.decimals,
        ...(wanted.explorerUrl ? { explorerUrl: wanted.explorerUrl } : {}),
      };
      // The URLs are probed only once the user can see the request; the page learns only "rejected" or
      // "unreachable", never what each URL answered.
      await ctx.approvals.ask({
        caller: ctx.caller,
        requestKey: ctx.requestKey,
        request: {
          ...summary,
          sources: wanted.rpcUrls.map((url) => ({ url, reportedChainId: null, latencyMs: null, testing: true })),
        },
        payload: null,
        exclusive: true,
        async whileShown(shown) {
          const sources = await probeAll(ctx, wanted.rpcUrls, wanted.chainId);
          const usable = sources.filter((s) => s.reportedChainId === wanted.chainId && !s.error);
          if (usable.length === 0) {
            await shown.fail(
              new ProviderError(
                ErrorCode.internal,
                `Accord could not reach a source for chain ${hex(wanted.chainId)} (unreachable).`,
              ),
            );
            return;
          }
          const joined = usable.map((s) => ({ url: s.url, operator: operatorOf(s.url) }));
          const network: NewNetwork = {
            chainId: wanted.chainId,
            name: wanted.chainName,
            symbol: wanted.symbol,
            decimals: wanted.decimals,
            ...(wanted.explorerUrl ? { explorerUrl: wanted.explorerUrl } : {}),
            sources: joined,
          };
          const operators = new Set(joined.map((s) => s.operator)).size;
          await shown.update({
            request: { ...summary, sources, operators, quorum: DEFAULT_QUORUM },
            payload: network,
          });
        },
      });
      return null;
    },
  },
};

/** Add-network requests (each probes up to MAX_RPC_URLS URLs) an origin may make per minute. */
const ADD_CHAIN_PER_MINUTE = 3;
const addChainLog = new WeakMap<object, Map<string, number[]>>();

function allowProbe(ctx: MethodContext): boolean {
  const now = Date.now();
  const byOrigin = addChainLog.get(ctx.approvals) ?? new Map<string, number[]>();
  addChainLog.set(ctx.approvals, byOrigin);
  const recent = (byOrigin.get(ctx.caller.origin) ?? []).filter((t) => now - t < 60_000);
  if (recent.length >= ADD_CHAIN_PER_MINUTE) return false;
  byOrigin.set(ctx.caller.origin, [...recent, now]);
  return true;
}

async function probeAll(ctx: MethodContext, urls: string[], chainId: number) {
  const probes: SourceProbe[] = await Promise.all(
    urls.map((url) =>
      ctx.backend.networks
        .probe(url)
        .catch((error: Error) => ({ chainId: null, latencyMs: null, error: error.message })),
    ),
  );
  return urls.map((url, i) => {
    const probe = probes[i];
    const mismatch =
      probe.chainId !== null && probe.chainId !== chainId
        ? `answers for chain ${hex(probe.chainId)}, not ${hex(chainId)}`
        : undefined;
    const error = probe.error ?? mismatch;
    return { url, reportedChainId: probe.chainId, latencyMs: probe.latencyMs, ...(error ? { error } : {}) };
  });
}

export const switchChainExecutor: Executor = async ({ backend }, record) => {
  const { chainId } = record.payload as { chainId: number };
  if (!(await backend.networks.get(chainId))) {
    throw new ProviderError(ErrorCode.unrecognizedChain, `Chain ${hex(chainId)} was removed while waiting.`);
  }
  await backend.networks.select(chainId);
  return null;
};

/** Adds the network with the sources that proved the chain id, then switches to it (as other wallets do). */
export const addChainExecutor: Executor = async ({ backend }, record) => {
  const network = record.payload as NewNetwork | null;
  if (!network) throw new DecisionError("Accord is still testing the network's URLs; approve once they are shown.");
  if (!(await backend.networks.get(network.chainId))) await backend.networks.add(network);
  await backend.networks.select(network.chainId);
  return null;
};
