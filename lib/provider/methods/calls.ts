// EIP-5792: wallet_getCapabilities, wallet_sendCalls, wallet_getCallsStatus, wallet_showCallsStatus.
// One approval lists every call, decoded; the calls are then sent in order (call-batches.ts). Accord
// never claims atomicity: a batch that requires it is refused with 5760, so libraries can fall back.
import type { Address, Hex } from 'viem';
import type { ApprovalRequest } from '../../messages/popup-api';
import { type BatchCall, batchStatus, DUPLICATE_BATCH_ID } from '../call-batches';
import { invalidParams, ProviderError } from '../errors';
import type { Executor, MethodEntry } from '../method-types';
import { address, describe, hexData, chainId as parseChainId, plainObject, positional, quantity } from '../params';
import { dappAccounts } from '../permissions';
import { requirePermitted } from './authorize';
import { decodeTokenCall } from './transaction';

const MAX_CALLS = 10;
const MAX_ID_LENGTH = 4096;

export const Eip5792Error = {
  unsupportedCapability: 5700,
  unsupportedChain: 5710,
  duplicateId: DUPLICATE_BATCH_ID,
  unknownBundle: 5730,
  bundleTooLarge: 5740,
  atomicityNotSupported: 5760,
} as const;

/** The calls themselves are stored once, in the request the window shows; the executor sends those. */
interface SendCallsPayload {
  id: string;
  chainId: number;
  from: Address;
}

const hex = (n: number) => `0x${n.toString(16)}`;

/** Capabilities Accord does not know may pass only when the dapp marked them optional. */
function refuseRequiredCapabilities(method: string, value: unknown, label: string): void {
  if (value === undefined || value === null) return;
  for (const [name, capability] of Object.entries(plainObject(method, value, label))) {
    const optional =
      typeof capability === 'object' && capability !== null && (capability as { optional?: unknown }).optional === true;
    if (!optional) {
      throw new ProviderError(
        Eip5792Error.unsupportedCapability,
        `Accord does not support the capability "${name}" (${label}); mark it optional to send without it.`,
      );
    }
  }
}

function parseCall(method: string, value: unknown, i: number): BatchCall {
  const call = plainObject(method, value, `calls[${i}]`);
  const known = new Set(['to', 'data', 'value', 'capabilities']);
  const unknown = Object.keys(call).filter((key) => !known.has(key));
  if (unknown.length) throw invalidParams(method, `calls[${i}] has unknown field(s) ${unknown.join(', ')}`);
  refuseRequiredCapabilities(method, call.capabilities, `calls[${i}].capabilities`);
  const to = call.to === undefined || call.to === null ? null : address(method, call.to, `calls[${i}].to`);
  const data = call.data === undefined || call.data === null ? '0x' : hexData(method, call.data, `calls[${i}].data`);
  if (to === null && data === '0x') throw invalidParams(method, `calls[${i}] has neither "to" nor data`);
  const value_ =
    call.value === undefined || call.value === null ? 0n : quantity(method, call.value, `calls[${i}].value`);
  return { to, data: data as Hex, value: value_.toString() };
}

export const callMethods: Record<string, MethodEntry> = {
  wallet_getCapabilities: {
    async handler(ctx, params) {
      const [account, chainIds] = positional(ctx.method, params, 1, 2);
      await requirePermitted(ctx, address(ctx.method, account, 'params[0] (account)'));
      let chains: number[];
      if (chainIds === undefined || chainIds === null) chains = [await ctx.backend.networks.currentChainId()];
      else {
        if (!Array.isArray(chainIds) || chainIds.length > 100) {
          throw invalidParams(ctx.method, `params[1] must be an array of chain ids, got ${describe(chainIds)}`);
        }
        chains = chainIds.map((id, i) => parseChainId(ctx.method, id, `params[1][${i}]`));
      }
      const known = await Promise.all(chains.map((id) => ctx.backend.networks.get(id)));
      return Object.fromEntries(
        chains.filter((_, i) => known[i]).map((id) => [hex(id), { atomic: { status: 'unsupported' } }]),
      );
    },
  },

  wallet_sendCalls: {
    approval: true,
    async handler(ctx, params) {
      const { method } = ctx;
      const [raw] = positional(method, params, 1, 1);
      const input = plainObject(method, raw, 'params[0]');
      if (typeof input.version !== 'string' || input.version.length > 20) {
        throw invalidParams(method, `version must be a string such as "2.0.0", got ${describe(input.version)}`);
      }
      if (input.atomicRequired === true) {
        throw new ProviderError(
          Eip5792Error.atomicityNotSupported,
          'Accord cannot execute calls atomically; send them with atomicRequired: false.',
        );
      }
      refuseRequiredCapabilities(method, input.capabilities, 'capabilities');
      const current = await ctx.backend.networks.currentChainId();
      const chainId = input.chainId === undefined ? current : parseChainId(method, input.chainId);
      if (chainId !== current) {
        throw new ProviderError(
          Eip5792Error.unsupportedChain,
          `wallet_sendCalls is for chain ${hex(chainId)} but the selected chain is ${hex(current)}; switch first.`,
        );
      }
      if (!Array.isArray(input.calls) || input.calls.length === 0) {
        throw invalidParams(method, `calls must be a non-empty array, got ${describe(input.calls)}`);
      }
      if (input.calls.length > MAX_CALLS) {
        throw new ProviderError(Eip5792Error.bundleTooLarge, `Accord sends at most ${MAX_CALLS} calls in one batch.`);
      }
      const calls = input.calls.map((call, i) => parseCall(method, call, i));
      let from: Address;
      if (input.from === undefined || input.from === null) {
        const [first] = await dappAccounts(ctx.backend, ctx.caller.origin);
        if (!first) {
          throw new ProviderError(
            4100,
            `${ctx.caller.origin} is not connected to Accord; call eth_requestAccounts first.`,
          );
        }
        from = address(method, first, 'from');
      } else from = address(method, input.from, 'from');
      await requirePermitted(ctx, from);
      let id: string;
      if (input.id === undefined || input.id === null)
        id = `0x${[...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
      else {
        if (typeof input.id !== 'string' || input.id.length === 0 || input.id.length > MAX_ID_LENGTH) {
          throw invalidParams(method, `id must be a string of at most ${MAX_ID_LENGTH} characters`);
        }
        id = input.id;
        if (await ctx.batches.exists(ctx.caller.origin, id)) {
          throw new ProviderError(Eip5792Error.duplicateId, `A batch with id ${id} was already sent.`);
        }
      }
      const network = await ctx.backend.networks.get(chainId);
      const shown: Extract<ApprovalRequest, { kind: 'calls' }> = {
        kind: 'calls',
        origin: ctx.caller.origin,
        chainId,
        networkName: network?.name ?? `Chain ${chainId}`,
        from,
        calls: calls.map((call) => ({ ...call, decoded: decodeTokenCall(call.data) })),
      };
      const payload = { id, chainId, from } satisfies SendCallsPayload;
      return ctx.approvals.ask({
        caller: ctx.caller,
        requestKey: ctx.requestKey,
        request: shown,
        payload,
        // Simulated in order once the window shows the calls, so it never holds the window back.
        whileShown: async (control) => {
          const preview = await ctx.backend.transactions.previewBatch({ chainId, from, calls: shown.calls });
          await control.update({ request: { ...shown, preview }, payload });
        },
      });
    },
  },

  wallet_getCallsStatus: {
    async handler(ctx, params) {
      const [id] = positional(ctx.method, params, 1, 1);
      const batch = typeof id === 'string' ? await ctx.batches.get(ctx.caller.origin, id) : null;
      if (!batch)
        throw new ProviderError(Eip5792Error.unknownBundle, `No batch with id ${describe(id)} from this site.`);
      const receipts = batch.sent.flatMap((s) =>
        s.receipt
          ? [
              {
                logs: s.receipt.logs ?? [],
                status: s.receipt.status,
                blockHash: s.receipt.blockHash,
                blockNumber: s.receipt.blockNumber,
                gasUsed: s.receipt.gasUsed,
                transactionHash: s.receipt.transactionHash,
              },
            ]
          : [],
      );
      return {
        version: '2.0.0',
        id: batch.id,
        chainId: hex(batch.chainId),
        status: batchStatus(batch),
        atomic: false,
        receipts,
      };
    },
  },

  wallet_showCallsStatus: {
    async handler(ctx, params) {
      const [id] = positional(ctx.method, params, 1, 1);
      if (typeof id !== 'string' || !(await ctx.batches.exists(ctx.caller.origin, id))) {
        throw new ProviderError(Eip5792Error.unknownBundle, `No batch with id ${describe(id)} from this site.`);
      }
      await ctx.showActivity();
      return null;
    },
  },
};

/** After approval: store the batch and start sending; the dapp gets the id to ask about. */
export const sendCallsExecutor: Executor = async (ctx, record) => {
  const payload = record.payload as SendCallsPayload;
  if (record.request.kind !== 'calls') throw new Error('not a wallet_sendCalls request');
  // Exactly what the window listed: to, value and data of each call, in order.
  const calls: BatchCall[] = record.request.calls.map(({ to, value, data }) => ({ to, value, data }));
  await ctx.batches.start({ ...payload, calls, origin: record.origin });
  return { id: payload.id };
};
