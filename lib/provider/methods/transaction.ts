// eth_sendTransaction: checked, prepared (nonce, gas, fees through the quorum client), shown decoded in
// the approval window, then signed and broadcast by the transactions lib.
import { decodeFunctionData, erc20Abi, type Hex } from 'viem';
import type { ApprovalRequest } from '../../messages/popup-api';
import { DecisionError, ReviewAgainError } from '../approvals';
import { type DappTransactionRequest, type PreparedDappTransaction, ReviewedNonceTakenError } from '../backend';
import { invalidParams } from '../errors';
import type { Executor, MethodEntry } from '../method-types';
import { address, hexData, plainObject, positional, quantity } from '../params';
import { requirePermitted } from './authorize';

const KNOWN_FIELDS = new Set([
  'from',
  'to',
  'value',
  'data',
  'input',
  'gas',
  'gasLimit',
  'gasPrice',
  'maxFeePerGas',
  'maxPriorityFeePerGas',
  'nonce',
  'chainId',
  'type',
  'accessList',
]);

type Decoded = Extract<ApprovalRequest, { kind: 'transaction' }>['decoded'];

/** ERC-20 transfer / approve / transferFrom, decoded for the approval window; null for anything else. */
export function decodeTokenCall(data: Hex): Decoded {
  if (data.length < 10) return null;
  try {
    const { functionName, args } = decodeFunctionData({ abi: erc20Abi, data });
    const abiItem = erc20Abi.find((item) => item.type === 'function' && item.name === functionName);
    if (abiItem?.type !== 'function' || abiItem.stateMutability !== 'nonpayable') return null;
    return {
      functionName,
      args: abiItem.inputs.map((input, i) => ({ name: input.name, type: input.type, value: String(args?.[i]) })),
    };
  } catch {
    return null;
  }
}

/** Checks a dapp's transaction object; quantities become bigint. */
export function parseTransaction(method: string, params: unknown, chainId: number): DappTransactionRequest {
  const [raw] = positional(method, params, 1, 1);
  const tx = plainObject(method, raw, 'params[0] (transaction)');
  const unknown = Object.keys(tx).filter((key) => !KNOWN_FIELDS.has(key));
  if (unknown.length)
    throw invalidParams(method, `unknown transaction field${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`);
  if (tx.from === undefined) throw invalidParams(method, 'transaction.from is required');
  const optional = (key: string) => (tx[key] === undefined || tx[key] === null ? undefined : tx[key]);
  const qty = (key: string) => {
    const value = optional(key);
    return value === undefined ? undefined : quantity(method, value, `transaction.${key}`);
  };
  const data = optional('data') === undefined ? undefined : hexData(method, tx.data, 'transaction.data');
  const input = optional('input') === undefined ? undefined : hexData(method, tx.input, 'transaction.input');
  if (data !== undefined && input !== undefined && data !== input) {
    throw invalidParams(method, 'transaction.data and transaction.input differ; send one of them');
  }
  const to = optional('to') === undefined || tx.to === '' ? null : address(method, tx.to, 'transaction.to');
  const payload = (data ?? input ?? '0x') as Hex;
  if (to === null && payload === '0x') {
    throw invalidParams(method, 'a transaction without "to" deploys a contract and needs data');
  }
  const gas = qty('gas');
  const gasLimit = qty('gasLimit');
  if (gas !== undefined && gasLimit !== undefined && gas !== gasLimit) {
    throw invalidParams(method, 'transaction.gas and transaction.gasLimit differ; send one of them');
  }
  const gasPrice = qty('gasPrice');
  const maxFeePerGas = qty('maxFeePerGas');
  const maxPriorityFeePerGas = qty('maxPriorityFeePerGas');
  if (gasPrice !== undefined && (maxFeePerGas !== undefined || maxPriorityFeePerGas !== undefined)) {
    throw invalidParams(method, 'send either gasPrice or maxFeePerGas/maxPriorityFeePerGas, not both');
  }
  if (maxFeePerGas !== undefined && maxPriorityFeePerGas !== undefined && maxPriorityFeePerGas > maxFeePerGas) {
    throw invalidParams(method, 'maxPriorityFeePerGas is larger than maxFeePerGas');
  }
  const nonce = qty('nonce');
  if (nonce !== undefined && nonce > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw invalidParams(method, 'transaction.nonce is too large');
  }
  const txChainId = qty('chainId');
  if (txChainId !== undefined && txChainId !== BigInt(chainId)) {
    throw invalidParams(
      method,
      `transaction.chainId 0x${txChainId.toString(16)} is not the selected chain 0x${chainId.toString(16)}; ` +
        'call wallet_switchEthereumChain first',
    );
  }
  return {
    chainId,
    from: address(method, tx.from, 'transaction.from'),
    to,
    value: qty('value') ?? 0n,
    data: payload,
    ...(gas !== undefined || gasLimit !== undefined ? { gas: gas ?? gasLimit } : {}),
    ...(gasPrice !== undefined ? { gasPrice } : {}),
    ...(maxFeePerGas !== undefined ? { maxFeePerGas } : {}),
    ...(maxPriorityFeePerGas !== undefined ? { maxPriorityFeePerGas } : {}),
    ...(nonce !== undefined ? { nonce: Number(nonce) } : {}),
  };
}

export const transactionMethods: Record<string, MethodEntry> = {
  eth_sendTransaction: {
    approval: true,
    async handler(ctx, params) {
      const chainId = await ctx.backend.networks.currentChainId();
      const request = parseTransaction(ctx.method, params, chainId);
      await requirePermitted(ctx, request.from);
      const [prepared, network] = await Promise.all([
        ctx.backend.transactions.prepare(request),
        ctx.backend.networks.get(chainId),
      ]);
      const decoded = decodeTokenCall(prepared.data);
      const token = decoded && prepared.to ? await ctx.backend.tokens.describe(chainId, prepared.to) : null;
      const shown: Extract<ApprovalRequest, { kind: 'transaction' }> = {
        kind: 'transaction',
        origin: ctx.caller.origin,
        chainId,
        networkName: network?.name ?? `Chain ${chainId}`,
        from: prepared.from,
        to: prepared.to,
        value: prepared.value,
        data: prepared.data,
        decoded: decoded
          ? { ...decoded, token: token ? { symbol: token.symbol, decimals: token.decimals } : null }
          : null,
        gas: prepared.gas,
        ...(prepared.maxFeePerGas !== undefined ? { maxFeePerGas: prepared.maxFeePerGas } : {}),
        ...(prepared.maxPriorityFeePerGas !== undefined ? { maxPriorityFeePerGas: prepared.maxPriorityFeePerGas } : {}),
        ...(prepared.gasPrice !== undefined ? { gasPrice: prepared.gasPrice } : {}),
        nonce: prepared.nonce,
        estimatedFeeWei: prepared.estimatedFeeWei,
        ...(prepared.unconfirmed?.length ? { unconfirmed: prepared.unconfirmed } : {}),
      };
      // The call data is stored once, in the request the window shows.
      const payload = { ...prepared, data: '0x' };
      return ctx.approvals.ask({
        caller: ctx.caller,
        requestKey: ctx.requestKey,
        request: shown,
        payload,
        // The preview is computed once the window shows the request, so it never holds the window back.
        whileShown: async (control) => {
          const preview = await ctx.backend.transactions.preview(prepared);
          await control.update({ request: { ...shown, preview }, payload });
        },
      });
    },
  },
};

export const transactionExecutor: Executor = async ({ backend }, record, decision) => {
  if (record.request.kind !== 'transaction') throw new Error('not a transaction request');
  const prepared = { ...(record.payload as PreparedDappTransaction), data: record.request.data };
  const acceptUnconfirmed = decision.acceptUnconfirmed === true;
  if (prepared.unconfirmed?.length && !acceptUnconfirmed) {
    throw new DecisionError(
      `Too few sources agreed on the ${prepared.unconfirmed.join(', ')}: confirm that you checked them, or reject.`,
    );
  }
  try {
    return await backend.transactions.send(prepared, { origin: record.origin, acceptUnconfirmed });
  } catch (error) {
    if (!(error instanceof ReviewedNonceTakenError)) throw error;
    const nonce = error.nextNonce;
    throw new ReviewAgainError(
      `Another transaction took nonce ${prepared.nonce} meanwhile. This one now has nonce ${nonce}: review it and approve again.`,
      { request: { ...record.request, nonce }, payload: { ...(record.payload as PreparedDappTransaction), nonce } },
    );
  }
};
