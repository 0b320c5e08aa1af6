import { type Hex, isAddress, isHex, numberToHex } from 'viem';
import { MissingStateError } from '../errors';
import { EMPTY_CODE_HASH, type ProvenAccount, slotKey, verifyAccountProof, verifyCode } from '../verify/account-proof';
import {
  type CallRequest,
  executeLocalCalls,
  LOCAL_CALL_TIME_LIMIT_MS,
  type LocalCallStep,
} from '../verify/local-call';
import type { ProvenAccountWithCode } from '../verify/proven-state';
import { isRevert } from './agreement';
import { callSource, type SourceRuntime } from './sources';
import { SourceRequestError } from './transport-http';
import type { AgreedRpcError, Anchor } from './types';
import type { ProofTask } from './verified-read';

// How each provable method is answered by one source and checked: state reads from eth_getProof,
// code against the proven codeHash, eth_call executed locally over proven accounts and slots.

export type ProvenAnswer = { value: unknown; error?: AgreedRpcError };
export type Prover = ProofTask<ProvenAnswer>;

const prover = (roundTrips: number, prove: (source: SourceRuntime) => Promise<ProvenAnswer>): Prover =>
  Object.assign(prove, { roundTrips });

/** Accounts and slots one local call may prove: bounds the work a long access list can cause. */
const MAX_CALL_ACCOUNTS = 64;
const MAX_CALL_SLOTS = 512;
/** Rounds of "run, prove what was missing, run again" one call may take; a batch gets more per later call. */
const MAX_CALL_ROUNDS = 8;
const MAX_BATCH_ROUNDS = 32;
/** Proven code by codeHash: code never changes for a hash, so it is fetched once. */
const CODE_CACHE_ENTRIES = 64;
const codeByHash = new Map<Hex, Hex>();

export const PROVABLE_METHODS = new Set([
  'eth_getBalance',
  'eth_getTransactionCount',
  'eth_getCode',
  'eth_getStorageAt',
  'eth_call',
]);

/** The prover for a request, or null when its parameters cannot be verified (then agreement decides). */
export function proverFor(
  method: string,
  params: readonly unknown[],
  context: { chainId: number; anchor: Anchor; localCallTimeLimitMs?: number | undefined },
): Prover | null {
  const { anchor } = context;
  const block = numberToHex(anchor.number);
  const account = (source: SourceRuntime, address: Hex, slots: Hex[]) =>
    proveAccount(source, address, slots, block, anchor.stateRoot);
  const address = params[0];
  switch (method) {
    case 'eth_getBalance':
      if (!isAddressParam(address)) return null;
      return prover(1, async (source) => ({ value: numberToHex((await account(source, address, [])).balance) }));
    case 'eth_getTransactionCount':
      if (!isAddressParam(address)) return null;
      return prover(1, async (source) => ({ value: numberToHex((await account(source, address, [])).nonce) }));
    case 'eth_getStorageAt': {
      const slot = params[1];
      if (!isAddressParam(address) || typeof slot !== 'string' || !isHex(slot) || slot.length > 66) return null;
      const key = slotKey(slot);
      return prover(1, async (source) => {
        const proven = await account(source, address, [key]);
        return { value: numberToHex(proven.storage.get(key) ?? 0n, { size: 32 }) };
      });
    }
    case 'eth_getCode':
      if (!isAddressParam(address)) return null;
      return prover(2, async (source) => {
        const proven = await account(source, address, []);
        return { value: await provenCode(source, proven, block) };
      });
    case 'eth_call': {
      const call = parseCall(params);
      if (!call) return null;
      // Access list, then proofs, then (the first time) code.
      return prover(3, (source) => proveCall(source, call, context.chainId, anchor, context.localCallTimeLimitMs));
    }
    default:
      return null;
  }
}

/**
 * Whose read this is, for source affinity: the account a state read names, or for eth_call the sender, else
 * the first address in the call data (balanceOf(owner)), else the contract. Reads about one account then go
 * to one operator, so no operator needs to see every account of the user.
 */
export function affinityOf(method: string, params: readonly unknown[]): string {
  const first = params[0];
  if (method !== 'eth_call') return typeof first === 'string' ? first.toLowerCase() : JSON.stringify(first);
  const call = (first ?? {}) as { from?: unknown; to?: unknown; data?: unknown; input?: unknown };
  if (typeof call.from === 'string') return call.from.toLowerCase();
  const data = typeof call.input === 'string' ? call.input : typeof call.data === 'string' ? call.data : '';
  for (const word of data.slice(10).match(/.{64}/g) ?? []) {
    if (word.startsWith('0'.repeat(24)) && word.slice(24, 32) !== '00000000') return `0x${word.slice(24)}`;
  }
  return typeof call.to === 'string' ? call.to.toLowerCase() : '';
}

/** A source that does not serve proofs (or access lists) answers "method not found" or similar. */
export function isProofUnsupported(error: SourceRequestError): boolean {
  if (error.kind !== 'rpc-error') return false;
  if (error.code === -32601 || error.code === -32004) return true;
  return /not (supported|found|available|implemented)|does not exist|unsupported|unknown method/i.test(
    error.shortMessage,
  );
}

async function proveAccount(
  source: SourceRuntime,
  address: Hex,
  slots: Hex[],
  block: Hex,
  stateRoot: Hex,
): Promise<ProvenAccount> {
  const { result } = await callSource(source, 'eth_getProof', [address, slots, block]);
  return verifyAccountProof({ answer: result, address, slots, stateRoot });
}

async function provenCode(source: SourceRuntime, account: ProvenAccount, block: Hex): Promise<Hex> {
  if (account.codeHash === EMPTY_CODE_HASH) return '0x';
  const cached = codeByHash.get(account.codeHash);
  if (cached) return cached;
  const { result } = await callSource(source, 'eth_getCode', [account.address, block]);
  const code = verifyCode(result, account);
  if (codeByHash.size >= CODE_CACHE_ENTRIES) codeByHash.delete(codeByHash.keys().next().value as Hex);
  codeByHash.set(account.codeHash, code);
  return code;
}

async function proveCall(
  source: SourceRuntime,
  call: CallRequest,
  chainId: number,
  anchor: Anchor,
  timeLimitMs: number | undefined,
): Promise<ProvenAnswer> {
  const run = await executeOverProofs({ source, calls: [call], chainId, anchor, timeLimitMs });
  const [outcome] = run.steps as [LocalCallStep];
  if (outcome.kind === 'success') return { value: outcome.returnData };
  const message = outcome.reason ? `execution reverted: ${outcome.reason}` : 'execution reverted';
  return { value: null, error: { code: 3, message, data: outcome.returnData } };
}

/**
 * Runs `calls` in order in the wallet over state one source proved against the anchor: their access lists
 * are the first guess, every account and slot is proven, and what execution still misses is proven and the
 * calls run again. `watch` accounts are proven too, so their balances before and after can be read.
 */
export async function executeOverProofs(parameters: {
  source: SourceRuntime;
  calls: readonly CallRequest[];
  chainId: number;
  anchor: Anchor;
  watch?: readonly Hex[] | undefined;
  /** Time the EVM may run over all rounds together (network time not counted). Default LOCAL_CALL_TIME_LIMIT_MS. */
  timeLimitMs?: number | undefined;
}): Promise<{
  steps: LocalCallStep[];
  balancesBefore: Map<Hex, bigint>;
  balancesAfter: Map<Hex, bigint>;
}> {
  const { source, calls, chainId, anchor } = parameters;
  const block = numberToHex(anchor.number);
  const watch = (parameters.watch ?? []).map((a) => a.toLowerCase() as Hex);
  // 1. What the calls touch, as the source sees it (each against the block, not after the ones before it):
  //    only a hint, every entry is proven below. A call that reverts has no access list; execution then
  //    names what it misses, round by round.
  const touched = new Map<Hex, Set<Hex>>();
  const touch = (address: Hex, slots: readonly Hex[] = []) => {
    const key = address.toLowerCase() as Hex;
    const set = touched.get(key) ?? new Set<Hex>();
    for (const slot of slots) set.add(slotKey(slot));
    touched.set(key, set);
  };
  for (const call of calls) {
    // The caller (the zero address when none is given) is read by every call.
    touch(call.from ?? '0x0000000000000000000000000000000000000000');
    if (call.to) touch(call.to);
  }
  for (const address of watch) touch(address);
  const lists = await Promise.all(calls.map((call) => accessList(source, call, block)));
  for (const entry of lists.flat()) touch(entry.address, entry.storageKeys);

  const proven = new Map<Hex, ProvenAccountWithCode>();
  const header = {
    number: anchor.number,
    timestamp: anchor.header.timestamp,
    gasLimit: BigInt(anchor.header.gasLimit),
    baseFeePerGas: anchor.header.baseFeePerGas === null ? null : BigInt(anchor.header.baseFeePerGas),
    miner: anchor.header.miner,
    mixHash: anchor.header.mixHash,
  };
  const rounds = Math.min(MAX_CALL_ROUNDS * calls.length, MAX_BATCH_ROUNDS);
  let timeLeftMs = parameters.timeLimitMs ?? LOCAL_CALL_TIME_LIMIT_MS;
  for (let round = 0; round < rounds; round++) {
    // 2. Proofs for every account and slot not proven yet (one batch), then each new contract's code.
    const slotCount = [...touched.values()].reduce((n, s) => n + s.size, 0);
    if (touched.size > MAX_CALL_ACCOUNTS || slotCount > MAX_CALL_SLOTS) {
      throw new MissingStateError(`the call touches ${touched.size} accounts and ${slotCount} slots, more than proven`);
    }
    const wanted = [...touched].filter(([address, slots]) => {
      const have = proven.get(address);
      return !have || [...slots].some((slot) => !have.storage.has(slot));
    });
    const fresh = await Promise.all(
      wanted.map(([address, slots]) => proveAccount(source, address, [...slots], block, anchor.stateRoot)),
    );
    await Promise.all(
      fresh.map(async (account) => {
        const code = proven.get(account.address)?.code ?? (await provenCode(source, account, block));
        proven.set(account.address, { ...account, code });
      }),
    );

    // 3. Run them here. State outside the proofs throws MissingStateError: never answered from it. A run
    //    past the time left throws LocalCallTimeLimitError, passed up as it is: no answer, no other source.
    const runStarted = Date.now();
    try {
      const { steps, balancesAfter } = await executeLocalCalls({
        chainId,
        calls,
        accounts: proven.values(),
        header,
        watch,
        deadline: runStarted + timeLeftMs,
      });
      const balancesBefore = new Map(watch.map((address) => [address, proven.get(address)?.balance ?? 0n]));
      return { steps, balancesBefore, balancesAfter };
    } catch (error) {
      timeLeftMs -= Date.now() - runStarted;
      if (!(error instanceof MissingStateError) || !error.address) throw error;
      const known = touched.get(error.address);
      if (known && (!error.slot || known.has(slotKey(error.slot)))) throw error;
      touch(error.address, error.slot ? [error.slot] : []);
    }
  }
  throw new MissingStateError(`the calls needed more than ${rounds} rounds of proofs`);
}

/** The source's access list for the call; empty for a call that reverts (execution finds what it needs). */
async function accessList(source: SourceRuntime, call: CallRequest, block: Hex) {
  try {
    const { result } = await callSource(source, 'eth_createAccessList', [callToWire(call), block]);
    return accessListOf(result);
  } catch (error) {
    if (error instanceof SourceRequestError && error.kind === 'rpc-error' && isRevert(error)) return [];
    throw error;
  }
}

function isAddressParam(value: unknown): value is Hex {
  return typeof value === 'string' && isAddress(value, { strict: false });
}

/** eth_call's transaction object; anything beyond plain fields (overrides, fees) is left to agreement. */
function parseCall(params: readonly unknown[]): CallRequest | null {
  if (params.length > 2) return null;
  const tx = params[0];
  if (!tx || typeof tx !== 'object' || Array.isArray(tx)) return null;
  const fields = tx as Record<string, unknown>;
  const allowed = new Set(['from', 'to', 'data', 'input', 'value', 'gas']);
  if (Object.keys(fields).some((key) => !allowed.has(key) && fields[key] !== undefined && fields[key] !== null)) {
    return null;
  }
  const optionalAddress = (v: unknown) => v === undefined || v === null || isAddressParam(v);
  const optionalQuantity = (v: unknown) =>
    v === undefined || v === null || (typeof v === 'string' && /^0x[0-9a-fA-F]{1,64}$/.test(v));
  const optionalData = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && isHex(v));
  const { from, to, data, input, value, gas } = fields;
  if (!optionalAddress(from) || !optionalAddress(to) || !to) return null;
  if (!optionalData(data) || !optionalData(input) || !optionalQuantity(value) || !optionalQuantity(gas)) return null;
  if (data && input && data !== input) return null;
  return {
    from: (from ?? undefined) as Hex | undefined,
    to: to as Hex,
    data: ((input ?? data) || undefined) as Hex | undefined,
    value: value ? BigInt(value as string) : undefined,
    gas: gas ? BigInt(gas as string) : undefined,
  };
}

function callToWire(call: CallRequest): Record<string, string> {
  const wire: Record<string, string> = {};
  if (call.from) wire.from = call.from;
  if (call.to) wire.to = call.to;
  if (call.data) wire.data = call.data;
  if (call.value !== undefined) wire.value = numberToHex(call.value);
  if (call.gas !== undefined) wire.gas = numberToHex(call.gas);
  return wire;
}

function accessListOf(result: unknown): { address: Hex; storageKeys: Hex[] }[] {
  const list = (result as { accessList?: unknown } | null)?.accessList;
  if (!Array.isArray(list)) throw new SourceRequestError({ kind: 'bad-json', message: 'no access list', latencyMs: 0 });
  return list.map((entry) => {
    const e = (entry ?? {}) as { address?: unknown; storageKeys?: unknown };
    const keys = Array.isArray(e.storageKeys) ? e.storageKeys : [];
    if (!isAddressParam(e.address) || !keys.every((k) => typeof k === 'string' && isHex(k) && k.length <= 66)) {
      throw new SourceRequestError({ kind: 'bad-json', message: 'malformed access list', latencyMs: 0 });
    }
    return { address: e.address, storageKeys: keys as Hex[] };
  });
}
