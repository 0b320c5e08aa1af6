// Methods older dapps still call: personal_ecRecover, eth_signTypedData (v1), and the node-info calls
// libraries probe (web3_clientVersion, net_listening, eth_syncing), plus MetaMask's provider-state call.
import { type Hex, isHex, recoverMessageAddress } from 'viem';
import { V1_TYPE } from '../../keyring/typed-data-v1';
import { accountsForDapp } from '../dapp-settings';
import { invalidParams } from '../errors';
import type { Executor, MethodEntry } from '../method-types';
import { describe, address as parseAddress, positional } from '../params';
import { dappAccounts } from '../permissions';
import { requirePermitted } from './authorize';

const MAX_V1_FIELDS = 100;

export interface TypedDataV1Field {
  type: string;
  name: string;
  value: unknown;
}

interface TypedDataV1Payload {
  address: string;
  data: TypedDataV1Field[];
}

/** Checks legacy typed data: a non-empty array of { type, name, value } with Solidity types. */
export function parseTypedDataV1(method: string, input: unknown): TypedDataV1Field[] {
  const data = typeof input === 'string' ? safeJson(input) : input;
  if (!Array.isArray(data) || data.length === 0 || data.length > MAX_V1_FIELDS) {
    throw invalidParams(method, `typed data must be an array of 1 to ${MAX_V1_FIELDS} { type, name, value } entries`);
  }
  return data.map((entry, i) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw invalidParams(method, `typed data [${i}] must be an object, got ${describe(entry)}`);
    }
    const { type, name, value } = entry as Record<string, unknown>;
    if (typeof type !== 'string' || !V1_TYPE.test(type)) {
      throw invalidParams(
        method,
        `typed data [${i}].type must be a Solidity type without arrays, got ${describe(type)}`,
      );
    }
    if (typeof name !== 'string' || name.length === 0 || name.length > 256) {
      throw invalidParams(method, `typed data [${i}].name must be a non-empty string`);
    }
    if (value === undefined || (typeof value === 'object' && value !== null && !Array.isArray(value))) {
      throw invalidParams(method, `typed data [${i}].value must be a value of type ${type}`);
    }
    return { type, name, value };
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const display = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

const passToSources: MethodEntry = {
  async handler(ctx, params) {
    positional(ctx.method, params, 0, 0);
    const chainId = await ctx.backend.networks.currentChainId();
    return ctx.backend.networks.request(chainId, { method: ctx.method, params: [] });
  },
};

export const legacyMethods: Record<string, MethodEntry> = {
  web3_clientVersion: passToSources,
  net_listening: passToSources,
  eth_syncing: passToSources,

  personal_ecRecover: {
    async handler(ctx, params) {
      const [message, signature] = positional(ctx.method, params, 2, 2);
      if (typeof message !== 'string') {
        throw invalidParams(
          ctx.method,
          `params[0] must be the signed message as hex or text, got ${describe(message)}`,
        );
      }
      if (typeof signature !== 'string' || !isHex(signature) || signature.length !== 132) {
        throw invalidParams(ctx.method, `params[1] must be a 65-byte signature as hex, got ${describe(signature)}`);
      }
      let recovered: string;
      try {
        recovered = await recoverMessageAddress({
          message: isHex(message, { strict: true }) ? { raw: message } : message,
          signature: signature as Hex,
        });
      } catch (error) {
        throw invalidParams(ctx.method, `the signature does not recover: ${(error as Error).message}`);
      }
      const { metamaskCompat } = await ctx.backend.settings.get();
      return accountsForDapp([recovered], metamaskCompat)[0];
    },
  },

  eth_signTypedData: {
    approval: true,
    async handler(ctx, params) {
      let [dataParam, addressParam] = positional(ctx.method, params, 2, 2);
      // MetaMask's order is [data, address]; some dapps send [address, data].
      if (typeof dataParam === 'string' && isHex(dataParam) && dataParam.length === 42) {
        [dataParam, addressParam] = [addressParam, dataParam];
      }
      const address = parseAddress(ctx.method, addressParam, 'params[1] (signer address)');
      const data = parseTypedDataV1(ctx.method, dataParam);
      await requirePermitted(ctx, address);
      return ctx.approvals.ask({
        caller: ctx.caller,
        requestKey: ctx.requestKey,
        request: {
          kind: 'typed_data_v1',
          origin: ctx.caller.origin,
          address,
          fields: data.map(({ type, name, value }) => ({ type, name, value: display(value) })),
        },
        payload: { address, data } satisfies TypedDataV1Payload,
      });
    },
  },

  /** MetaMask's own provider-state call; its inpage `_metamask.isUnlocked()` is built on it. */
  metamask_getProviderState: {
    async handler(ctx) {
      const [chainId, state, accounts] = await Promise.all([
        ctx.backend.networks.currentChainId(),
        ctx.backend.wallet.state(),
        dappAccounts(ctx.backend, ctx.caller.origin),
      ]);
      return {
        isUnlocked: state.unlocked,
        chainId: `0x${chainId.toString(16)}`,
        networkVersion: String(chainId),
        accounts,
      };
    },
  },
};

export const typedDataV1Executor: Executor = async ({ backend }, record) => {
  const { address, data } = record.payload as TypedDataV1Payload;
  return backend.wallet.signTypedData(parseAddress('eth_signTypedData', address, 'address'), data, 'V1');
};
