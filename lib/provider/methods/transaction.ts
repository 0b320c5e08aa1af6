// eth_sendTransaction: checked, prepared (nonce, gas, fees through the quorum client), shown decoded in
// the approval window, then signed and broadcast by the transactions lib.
import { decodeFunctionData, erc20Abi, type Hex } from 'viem';
import type { ApprovalRequest } from '@/lib/messages/popup-api';
import type { DappTransactionRequest, PreparedDappTransaction } from '../backend';
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
      return ctx.approvals.ask({
        caller: ctx.caller,
        requestKey: ctx.requestKey,
        request: {
          kind: 'transaction',
          origin: ctx.caller.origin,
          chainId,
          networkName: network?.name ?? `Chain ${chainId}`,
          from: prepared.from,
          to: prepared.to,
          value: prepared.value,
          data: prepared.data,
          decoded: decodeTokenCall(prepared.data),
          gas: prepared.gas,
          ...(prepared.maxFeePerGas !== undefined ? { maxFeePerGas: prepared.maxFeePerGas } : {}),
          ...(prepared.maxPriorityFeePerGas !== undefined
            ? { maxPriorityFeePerGas: prepared.maxPriorityFeePerGas }
            : {}),
          ...(prepared.gasPrice !== undefined ? { gasPrice: prepared.gasPrice } : {}),
          nonce: prepared.nonce,
          estimatedFeeWei: prepared.estimatedFeeWei,
        },
        payload: prepared,
      });
    },
  },
};

export const transactionExecutor: Executor = async ({ backend }, record) => {
  return backend.transactions.send(record.payload as PreparedDappTransaction, { origin: record.origin });
};
