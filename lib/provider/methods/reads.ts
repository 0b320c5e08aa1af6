// Read methods go to the quorum engine for the selected chain after their params are checked here, so
// a malformed call gets a -32602 that names the bad param instead of k sources' differing complaints.
import { invalidParams } from '../errors';
import type { MethodEntry } from '../method-types';
import { address, blockTag, boolean, describe, hash, hexData, plainObject, positional, quantity } from '../params';

type Check = (method: string, value: unknown, label: string) => void;

const any: Check = () => {};

const callObject: Check = (method, value, label) => {
  const call = plainObject(method, value, label);
  for (const key of ['from', 'to'] as const) {
    if (call[key] !== undefined && call[key] !== null) address(method, call[key], `${label}.${key}`);
  }
  for (const key of ['data', 'input'] as const)
    if (call[key] !== undefined) hexData(method, call[key], `${label}.${key}`);
  for (const key of ['value', 'gas', 'gasPrice', 'maxFeePerGas', 'maxPriorityFeePerGas', 'nonce'] as const) {
    if (call[key] !== undefined && call[key] !== null) quantity(method, call[key], `${label}.${key}`);
  }
};

const slot: Check = (method, value, label) => {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{1,64}$/.test(value)) {
    throw invalidParams(method, `${label} must be a storage slot as hex (up to 32 bytes), got ${describe(value)}`);
  }
};

const slots: Check = (method, value, label) => {
  if (!Array.isArray(value) || value.length > 1000) throw invalidParams(method, `${label} must be an array of slots`);
  for (const [i, v] of value.entries()) slot(method, v, `${label}[${i}]`);
};

const blockCount: Check = (method, value, label) => {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= 1024) return;
  if (typeof value === 'string' && quantity(method, value, label) <= 1024n) return;
  throw invalidParams(method, `${label} must be a block count from 1 to 1024, got ${describe(value)}`);
};

const percentiles: Check = (method, value, label) => {
  if (!Array.isArray(value) || value.length > 100 || value.some((p) => typeof p !== 'number' || p < 0 || p > 100)) {
    throw invalidParams(method, `${label} must be an array of percentiles from 0 to 100`);
  }
};

const filter: Check = (method, value, label) => {
  const f = plainObject(method, value, label);
  if (f.address !== undefined && f.address !== null) {
    const list = Array.isArray(f.address) ? f.address : [f.address];
    for (const [i, a] of list.entries())
      address(method, a, `${label}.address${Array.isArray(f.address) ? `[${i}]` : ''}`);
  }
  if (f.blockHash !== undefined) {
    hash(method, f.blockHash, `${label}.blockHash`);
    if (f.fromBlock !== undefined || f.toBlock !== undefined) {
      throw invalidParams(method, `${label} may have blockHash or fromBlock/toBlock, not both`);
    }
  }
  for (const key of ['fromBlock', 'toBlock'] as const)
    if (f[key] !== undefined) blockTag(method, f[key], `${label}.${key}`);
  if (f.topics !== undefined && f.topics !== null) {
    if (!Array.isArray(f.topics) || f.topics.length > 4)
      throw invalidParams(method, `${label}.topics must be up to 4 topics`);
    for (const [i, topic] of f.topics.entries()) {
      if (topic === null) continue;
      for (const t of Array.isArray(topic) ? topic : [topic]) hash(method, t, `${label}.topics[${i}]`);
    }
  }
};

const stateOverride: Check = (method, value, label) => void plainObject(method, value, label);

/** method → checks for each positional param; params past `required` are optional. */
const READS: Record<string, { required: number; checks: Check[] }> = {
  eth_blockNumber: { required: 0, checks: [] },
  eth_gasPrice: { required: 0, checks: [] },
  eth_maxPriorityFeePerGas: { required: 0, checks: [] },
  eth_blobBaseFee: { required: 0, checks: [] },
  eth_feeHistory: { required: 2, checks: [blockCount, blockTag, percentiles] },
  eth_getBalance: { required: 1, checks: [address, blockTag] },
  eth_getCode: { required: 1, checks: [address, blockTag] },
  eth_getTransactionCount: { required: 1, checks: [address, blockTag] },
  eth_getStorageAt: { required: 2, checks: [address, slot, blockTag] },
  eth_call: { required: 1, checks: [callObject, blockTag, stateOverride] },
  eth_estimateGas: { required: 1, checks: [callObject, blockTag, stateOverride] },
  eth_createAccessList: { required: 1, checks: [callObject, blockTag] },
  eth_getBlockByNumber: { required: 1, checks: [blockTag, boolean] },
  eth_getBlockByHash: { required: 1, checks: [hash, boolean] },
  eth_getBlockReceipts: { required: 1, checks: [blockTag] },
  eth_getBlockTransactionCountByNumber: { required: 1, checks: [blockTag] },
  eth_getBlockTransactionCountByHash: { required: 1, checks: [hash] },
  eth_getTransactionByHash: { required: 1, checks: [hash] },
  eth_getTransactionReceipt: { required: 1, checks: [hash] },
  eth_getTransactionByBlockNumberAndIndex: { required: 2, checks: [blockTag, quantity] },
  eth_getTransactionByBlockHashAndIndex: { required: 2, checks: [hash, quantity] },
  eth_getLogs: { required: 1, checks: [filter] },
  eth_getProof: { required: 2, checks: [address, slots, blockTag] },
  eth_sendRawTransaction: { required: 1, checks: [hexData] },
};

export const READ_METHODS = Object.keys(READS);

export const readMethods: Record<string, MethodEntry> = Object.fromEntries(
  Object.entries(READS).map(([method, { required, checks }]) => [
    method,
    {
      async handler(ctx, params) {
        const list = [...positional(method, params, required, checks.length)];
        // Trailing nulls stand for "not given" in many libraries; nodes want them left out.
        while (list.length > required && (list.at(-1) === null || list.at(-1) === undefined)) list.pop();
        for (const [i, value] of list.entries()) (checks[i] ?? any)(method, value, `params[${i}]`);
        const chainId = await ctx.backend.networks.currentChainId();
        return ctx.backend.networks.request(chainId, { method, params: list });
      },
    } satisfies MethodEntry,
  ]),
);
