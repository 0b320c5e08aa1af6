import { numberToHex } from 'viem';
import type { RuleKind } from './types';

// The agreement rule of every method, in one table, and how answers are pinned, normalised and
// compared. README-section.md carries the same table for people.

export type AgreementRule = {
  kind: RuleKind;
  /** Index of the block parameter that is pinned to the anchor, or 'filter' for eth_getLogs. */
  block?: number | 'filter';
  /** median: which middle of an even count wins ('lower' for prices, 'upper' for gas limits). */
  middle?: 'lower' | 'upper';
  /** local: the answer, given the configured chain id. */
  local?: (chainId: number) => unknown;
};

const state = (block: number): AgreementRule => ({ kind: 'state', block });
const chainData = (block?: number | 'filter'): AgreementRule => ({ kind: 'identical', block });
const UNSUPPORTED: AgreementRule = { kind: 'unsupported' };

/** Methods not listed here: k identical normalised answers, parameters passed through as sent. */
export const DEFAULT_RULE: AgreementRule = chainData();

export const agreementRules: Record<string, AgreementRule> = {
  // State at the pinned block: k identical answers.
  eth_getBalance: state(1),
  eth_getTransactionCount: state(1),
  eth_getCode: state(1),
  eth_getStorageAt: state(2),
  eth_call: state(1),
  eth_getProof: state(2),
  eth_createAccessList: state(1),
  // The agreed head itself.
  eth_blockNumber: { kind: 'head' },
  // Answered from configuration, never from a source.
  eth_chainId: { kind: 'local', local: (chainId) => numberToHex(chainId) },
  net_version: { kind: 'local', local: (chainId) => String(chainId) },
  net_listening: { kind: 'local', local: () => true },
  eth_syncing: { kind: 'local', local: () => false },
  web3_clientVersion: { kind: 'local', local: () => 'Accord/quorum' },
  // Chain data: k identical normalised answers; a null answer means "not seen yet" and abstains.
  eth_getBlockByNumber: chainData(0),
  eth_getBlockTransactionCountByNumber: chainData(0),
  eth_getTransactionByBlockNumberAndIndex: chainData(0),
  eth_getUncleCountByBlockNumber: chainData(0),
  eth_getUncleByBlockNumberAndIndex: chainData(0),
  eth_getBlockReceipts: chainData(0),
  eth_getLogs: chainData('filter'),
  eth_getBlockByHash: chainData(),
  eth_getBlockTransactionCountByHash: chainData(),
  eth_getTransactionByBlockHashAndIndex: chainData(),
  eth_getUncleCountByBlockHash: chainData(),
  eth_getUncleByBlockHashAndIndex: chainData(),
  eth_getTransactionByHash: chainData(),
  eth_getTransactionReceipt: chainData(),
  // Fee data: the median of the answers gathered.
  eth_gasPrice: { kind: 'median', middle: 'lower' },
  eth_maxPriorityFeePerGas: { kind: 'median', middle: 'lower' },
  eth_blobBaseFee: { kind: 'median', middle: 'lower' },
  eth_feeHistory: { kind: 'median', middle: 'lower', block: 1 },
  eth_estimateGas: { kind: 'median', middle: 'upper' },
  // Broadcast to every healthy source; the hash must equal the locally computed one.
  eth_sendRawTransaction: { kind: 'broadcast' },
  // Per-node state (filters, subscriptions) and anything that signs never go to a source.
  eth_newFilter: UNSUPPORTED,
  eth_newBlockFilter: UNSUPPORTED,
  eth_newPendingTransactionFilter: UNSUPPORTED,
  eth_getFilterChanges: UNSUPPORTED,
  eth_getFilterLogs: UNSUPPORTED,
  eth_uninstallFilter: UNSUPPORTED,
  eth_subscribe: UNSUPPORTED,
  eth_unsubscribe: UNSUPPORTED,
  eth_accounts: UNSUPPORTED,
  eth_requestAccounts: UNSUPPORTED,
  eth_sendTransaction: UNSUPPORTED,
  eth_sign: UNSUPPORTED,
  eth_signTransaction: UNSUPPORTED,
  eth_signTypedData_v4: UNSUPPORTED,
  personal_sign: UNSUPPORTED,
};

export function agreementRule(method: string): AgreementRule {
  if (Object.hasOwn(agreementRules, method)) return agreementRules[method];
  if (/^(personal|wallet|admin|miner|anvil|hardhat|evm)_/.test(method)) return UNSUPPORTED;
  return DEFAULT_RULE;
}

// `safe` and `finalized` name older blocks than the head: they pass through, never pinned to the anchor.
const PINNED_TAGS = new Set(['latest', 'pending']);

export type PinnedParams = {
  params: unknown[];
  /** The request names the anchor (its block was latest/pending/omitted). */
  pinned: boolean;
  /** Lowest head a source needs to answer (pinned or explicit block number); null when any can. */
  needsHead: number | null;
};

/** Rewrites latest/pending/omitted block parameters to the anchor number; other blocks pass through. */
export function pinParams(rule: AgreementRule, params: readonly unknown[], anchorNumber: number | null): PinnedParams {
  const out = [...params];
  if (rule.block === undefined) return { params: out, pinned: false, needsHead: null };
  const anchorHex = anchorNumber === null ? null : numberToHex(anchorNumber);
  let pinned = false;
  let needsHead: number | null = null;
  const resolve = (tag: unknown): unknown => {
    if (tag === undefined || tag === null || (typeof tag === 'string' && PINNED_TAGS.has(tag))) {
      if (anchorHex === null) return tag ?? 'latest';
      pinned = true;
      needsHead = Math.max(needsHead ?? 0, anchorNumber!);
      return anchorHex;
    }
    const explicit = blockNumberOf(tag);
    if (explicit !== null) needsHead = Math.max(needsHead ?? 0, explicit);
    return tag;
  };
  if (rule.block === 'filter') {
    const filter = out[0];
    if (
      filter &&
      typeof filter === 'object' &&
      !('blockHash' in filter && (filter as { blockHash?: unknown }).blockHash)
    ) {
      const f = filter as { fromBlock?: unknown; toBlock?: unknown };
      out[0] = { ...filter, fromBlock: resolve(f.fromBlock), toBlock: resolve(f.toBlock) };
    }
  } else {
    while (out.length < rule.block) out.push(undefined);
    out[rule.block] = resolve(out[rule.block]);
  }
  return { params: out, pinned, needsHead };
}

function blockNumberOf(tag: unknown): number | null {
  if (typeof tag === 'string' && /^0x[0-9a-fA-F]+$/.test(tag)) return Number.parseInt(tag, 16);
  if (tag && typeof tag === 'object' && 'blockNumber' in tag)
    return blockNumberOf((tag as { blockNumber: unknown }).blockNumber);
  return null;
}

/** Fields real clients report inconsistently and that no consensus check depends on. */
export const IGNORED_FIELDS = new Set(['totalDifficulty', 'yParity']);

/** Canonical form for comparison: keys sorted, hex lowercased, ignored and null-valued fields dropped. */
export function normalise(value: unknown): unknown {
  if (typeof value === 'string') return /^0x[0-9a-fA-F]*$/.test(value) ? value.toLowerCase() : value;
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const field = (value as Record<string, unknown>)[key];
      if (field === null || field === undefined || IGNORED_FIELDS.has(key)) continue;
      out[key] = normalise(field);
    }
    return out;
  }
  return value;
}

/** A string that is equal for two answers exactly when their normalised forms are. */
export function answerKey(value: unknown): string {
  return JSON.stringify(normalise(value)) ?? 'undefined';
}

/** A revert is a deterministic answer (the same at every honest node), compared by its revert data. */
export function isRevert(error: { code?: number | undefined; message?: string }): boolean {
  return error.code === 3 || /revert/i.test(error.message ?? '');
}

export function revertKey(data: unknown): string {
  return `revert:${typeof data === 'string' ? data.toLowerCase() : JSON.stringify(data ?? null)}`;
}

const QUANTITY = /^0x[0-9a-fA-F]+$/;

/**
 * Median of fee answers. Quantities compare as integers; arrays and objects (eth_feeHistory) take the
 * median of each position. An even count takes the lower middle (prices: never pay more than an honest
 * source quoted) or the upper middle (gas limits: unused gas is refunded, too little fails the tx).
 */
export function median(values: readonly unknown[], middle: 'lower' | 'upper' = 'lower'): unknown {
  if (values.length === 0) return null;
  if (values.length === 1) return values[0];
  if (values.every((v) => typeof v === 'string' && QUANTITY.test(v))) {
    const sorted = [...(values as string[])].sort((a, b) => {
      const d = BigInt(a) - BigInt(b);
      return d === 0n ? 0 : d < 0n ? -1 : 1;
    });
    return sorted[middleIndex(sorted.length, middle)];
  }
  if (values.every((v) => typeof v === 'number')) {
    const sorted = [...(values as number[])].sort((a, b) => a - b);
    return sorted[middleIndex(sorted.length, middle)];
  }
  if (values.every(Array.isArray)) {
    const arrays = values as unknown[][];
    const length = mode(arrays.map((a) => a.length));
    const same = arrays.filter((a) => a.length === length);
    return Array.from({ length }, (_, i) =>
      median(
        same.map((a) => a[i]),
        middle,
      ),
    );
  }
  if (values.every((v) => v && typeof v === 'object')) {
    const objects = values as Record<string, unknown>[];
    const keys = new Set(objects.flatMap((o) => Object.keys(o)));
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const present = objects.filter((o) => o[key] !== undefined).map((o) => o[key]);
      out[key] = median(present, middle);
    }
    return out;
  }
  // Mixed shapes: the most common answer.
  const keys = values.map(answerKey);
  const top = mode(keys);
  return values[keys.indexOf(top)];
}

function middleIndex(length: number, middle: 'lower' | 'upper'): number {
  return length % 2 === 1 ? (length - 1) / 2 : middle === 'lower' ? length / 2 - 1 : length / 2;
}

function mode<T>(items: readonly T[]): T {
  const counts = new Map<T, number>();
  let best = items[0];
  for (const item of items) {
    const n = (counts.get(item) ?? 0) + 1;
    counts.set(item, n);
    if (n > (counts.get(best) ?? 0)) best = item;
  }
  return best;
}
