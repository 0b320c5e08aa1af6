// eth_newFilter, eth_newBlockFilter, eth_newPendingTransactionFilter, eth_getFilterChanges,
// eth_getFilterLogs, eth_uninstallFilter, eth_subscribe and eth_unsubscribe, served by the watchers
// (filters/watchers.ts) over the agreed head of the selected chain.
import { invalidParams } from '../errors';
import type { LogCriteria } from '../filters/watchers';
import type { MethodContext, MethodEntry } from '../method-types';
import { address, blockTag, describe, hash, plainObject, positional } from '../params';

const MAX_ADDRESSES = 100;
const MAX_TOPIC_ALTERNATIVES = 100;

/** A log filter's address and topics, checked and normalised (lowercase), with its block bounds. */
export function parseLogCriteria(method: string, value: unknown, label: string, withBlocks: boolean): LogCriteria {
  const input = value === undefined ? {} : plainObject(method, value, label);
  const criteria: LogCriteria = {};
  if (input.address !== undefined && input.address !== null) {
    const list = Array.isArray(input.address) ? input.address : [input.address];
    if (list.length > MAX_ADDRESSES) throw invalidParams(method, `${label}.address may list at most ${MAX_ADDRESSES}`);
    const checked = list.map((a, i) => address(method, a, `${label}.address[${i}]`).toLowerCase());
    criteria.address = Array.isArray(input.address) ? checked : checked[0];
  }
  if (input.topics !== undefined && input.topics !== null) {
    if (!Array.isArray(input.topics) || input.topics.length > 4) {
      throw invalidParams(method, `${label}.topics must be an array of up to 4 topics`);
    }
    criteria.topics = input.topics.map((topic, i) => {
      if (topic === null) return null;
      if (Array.isArray(topic)) {
        if (topic.length > MAX_TOPIC_ALTERNATIVES) throw invalidParams(method, `${label}.topics[${i}] is too long`);
        return topic.map((t) => hash(method, t, `${label}.topics[${i}]`).toLowerCase());
      }
      return hash(method, topic, `${label}.topics[${i}]`).toLowerCase();
    });
  }
  if (input.blockHash !== undefined) throw invalidParams(method, `${label}.blockHash is not supported in a filter`);
  for (const key of ['fromBlock', 'toBlock'] as const) {
    if (input[key] === undefined || input[key] === null) continue;
    if (!withBlocks) throw invalidParams(method, `${label}.${key} is not supported in a subscription`);
    blockTag(method, input[key], `${label}.${key}`);
    if (typeof input[key] !== 'string') throw invalidParams(method, `${label}.${key} must be a block number or tag`);
    criteria[key] = input[key] as string;
  }
  return criteria;
}

async function newWatcher(
  ctx: MethodContext,
  kind: 'logs' | 'blocks' | 'pending',
  delivery: 'poll' | 'push',
  criteria?: LogCriteria,
) {
  const chainId = await ctx.backend.networks.currentChainId();
  return ctx.watchers.create(ctx.caller, chainId, kind, delivery, criteria);
}

const filterId = (method: string, params: unknown) => {
  const [id] = positional(method, params, 1, 1);
  if (typeof id !== 'string' || !/^0x[0-9a-fA-F]{1,64}$/.test(id)) {
    throw invalidParams(method, `params[0] must be a filter id as hex, got ${describe(id)}`);
  }
  return id;
};

export const filterMethods: Record<string, MethodEntry> = {
  eth_newFilter: {
    async handler(ctx, params) {
      const [filter] = positional(ctx.method, params, 1, 1);
      return newWatcher(ctx, 'logs', 'poll', parseLogCriteria(ctx.method, filter, 'params[0]', true));
    },
  },
  eth_newBlockFilter: {
    async handler(ctx, params) {
      positional(ctx.method, params, 0, 0);
      return newWatcher(ctx, 'blocks', 'poll');
    },
  },
  /** As in MetaMask, a pending-transaction filter exists but never reports anything. */
  eth_newPendingTransactionFilter: {
    async handler(ctx, params) {
      positional(ctx.method, params, 0, 0);
      return newWatcher(ctx, 'pending', 'poll');
    },
  },
  eth_getFilterChanges: {
    async handler(ctx, params) {
      return ctx.watchers.changes(ctx.caller.origin, filterId(ctx.method, params));
    },
  },
  eth_getFilterLogs: {
    async handler(ctx, params) {
      return ctx.watchers.logs(ctx.caller.origin, filterId(ctx.method, params));
    },
  },
  eth_uninstallFilter: {
    async handler(ctx, params) {
      return ctx.watchers.remove(ctx.caller.origin, filterId(ctx.method, params), 'poll');
    },
  },
  eth_subscribe: {
    async handler(ctx, params) {
      const [type, options] = positional(ctx.method, params, 1, 2);
      if (type === 'newHeads') {
        if (
          options !== undefined &&
          options !== null &&
          Object.keys(plainObject(ctx.method, options, 'params[1]')).length
        ) {
          throw invalidParams(ctx.method, 'newHeads takes no options');
        }
        return newWatcher(ctx, 'blocks', 'push');
      }
      if (type === 'logs') {
        return newWatcher(ctx, 'logs', 'push', parseLogCriteria(ctx.method, options ?? {}, 'params[1]', false));
      }
      throw invalidParams(ctx.method, `Accord serves the subscriptions "newHeads" and "logs", not ${describe(type)}`);
    },
  },
  eth_unsubscribe: {
    async handler(ctx, params) {
      return ctx.watchers.remove(ctx.caller.origin, filterId(ctx.method, params), 'push');
    },
  },
};
