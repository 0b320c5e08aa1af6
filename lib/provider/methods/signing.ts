// personal_sign and eth_signTypedData_v3/v4: checked, shown decoded in the approval window, signed only
// after the user approves.
import { type Hex, hexToBytes, isAddress, stringToHex } from 'viem';
import { sanitizeTypedData, type TypedDataView, typedDataFromView } from '../../keyring/typed-data';
import type { ApprovalRequest } from '../../messages/popup-api';
import { invalidParams } from '../errors';
import type { Executor, MethodEntry } from '../method-types';
import { describe, address as parseAddress, positional } from '../params';
import { typedDataMeaning } from '../typed-data-meaning';
import { requirePermitted } from './authorize';

const EVEN_HEX = /^0x([0-9a-fA-F]{2})*$/;

/** What typed data needs besides the fields the request shows (those are stored once, in the request). */
interface TypedDataPayload {
  types: Record<string, { name: string; type: string }[]>;
}

// Tab, line feed and carriage return are text; other C0 controls and DEL mean the bytes are binary.
function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return true;
  }
  return false;
}

/** The message as readable text when its bytes are UTF-8 without control characters; otherwise null. */
export function messageText(hex: Hex): string | null {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(hexToBytes(hex));
    return hasControlCharacters(text) ? null : text;
  } catch {
    return null;
  }
}

const looksLikeAddress = (value: unknown) => typeof value === 'string' && isAddress(value, { strict: false });

function typedDataMethod(version: 'V3' | 'V4'): MethodEntry {
  return {
    approval: true,
    async handler(ctx, params) {
      const [addressParam, input] = positional(ctx.method, params, 2, 2);
      const address = parseAddress(ctx.method, addressParam, 'params[0] (signer address)');
      if (typeof input !== 'string' && (typeof input !== 'object' || input === null)) {
        throw invalidParams(
          ctx.method,
          `params[1] must be typed data as an object or JSON text, got ${describe(input)}`,
        );
      }
      let view: TypedDataView;
      let domainChain: unknown;
      let types: TypedDataPayload['types'];
      try {
        const sanitized = sanitizeTypedData(input, version);
        view = sanitized.view;
        domainChain = (sanitized.definition.domain as Record<string, unknown> | undefined)?.chainId;
        types = sanitized.definition.types as unknown as TypedDataPayload['types'];
      } catch (error) {
        const reason = (error as { shortMessage?: string }).shortMessage ?? (error as Error).message;
        throw invalidParams(ctx.method, `params[1] is not valid EIP-712 typed data: ${reason}`);
      }
      if (domainChain !== undefined && domainChain !== null) {
        const current = await ctx.backend.networks.currentChainId();
        let wanted: bigint | null = null;
        try {
          wanted = BigInt(domainChain as bigint);
        } catch {}
        if (wanted !== BigInt(current)) {
          throw invalidParams(
            ctx.method,
            `domain.chainId ${String(domainChain)} does not match the selected chain ${current}; switch chains first`,
          );
        }
      }
      await requirePermitted(ctx, address);
      const meaning = typedDataMeaning(view);
      const permission = meaning
        ? {
            ...meaning,
            tokenInfo: await ctx.backend.tokens
              .describe(await ctx.backend.networks.currentChainId(), meaning.token)
              .then((token) => (token ? { symbol: token.symbol, decimals: token.decimals } : null)),
          }
        : null;
      return ctx.approvals.ask({
        caller: ctx.caller,
        requestKey: ctx.requestKey,
        request: {
          kind: 'typed_data',
          origin: ctx.caller.origin,
          address,
          version,
          domain: view.domain,
          primaryType: view.primaryType,
          message: view.message,
          ...(permission ? { permission } : {}),
        },
        payload: { types } satisfies TypedDataPayload,
      });
    },
  };
}

export const signingMethods: Record<string, MethodEntry> = {
  personal_sign: {
    approval: true,
    async handler(ctx, params) {
      let [messageParam, addressParam] = positional(ctx.method, params, 2, 3);
      // Some dapps send [address, message]; MetaMask accepts it, so do we.
      if (looksLikeAddress(messageParam) && !looksLikeAddress(addressParam)) {
        [messageParam, addressParam] = [addressParam, messageParam];
      }
      const address = parseAddress(ctx.method, addressParam, 'params[1] (signer address)');
      if (typeof messageParam !== 'string') {
        throw invalidParams(ctx.method, `params[0] must be the message as hex or text, got ${describe(messageParam)}`);
      }
      const hex = (EVEN_HEX.test(messageParam) ? messageParam.toLowerCase() : stringToHex(messageParam)) as Hex;
      await requirePermitted(ctx, address);
      return ctx.approvals.ask({
        caller: ctx.caller,
        requestKey: ctx.requestKey,
        request: {
          kind: 'personal_sign',
          origin: ctx.caller.origin,
          address,
          // The text is derived from the bytes when the window asks (presentRequest): stored once.
          message: { text: null, hex },
        },
      });
    },
  },
  eth_signTypedData_v4: typedDataMethod('V4'),
  eth_signTypedData_v3: typedDataMethod('V3'),
};

export const personalSignExecutor: Executor = async ({ backend }, record) => {
  if (record.request.kind !== 'personal_sign') throw new Error('not a personal_sign request');
  const { address, message } = record.request;
  return backend.wallet.signMessage(address, message.hex);
};

/** Signs the typed data rebuilt from the fields the window showed: what is shown is what is hashed. */
export const typedDataExecutor: Executor = async ({ backend }, record) => {
  if (record.request.kind !== 'typed_data') throw new Error('not a typed-data request');
  const { address, version, primaryType, domain, message } = record.request;
  const { types } = record.payload as TypedDataPayload;
  const data = typedDataFromView(types, { primaryType, domain, message });
  return backend.wallet.signTypedData(address, data, version);
};

/** The window's view of a stored request: a personal_sign message's text, derived from its bytes. */
export function presentRequest(request: ApprovalRequest): ApprovalRequest {
  if (request.kind !== 'personal_sign') return request;
  return { ...request, message: { ...request.message, text: messageText(request.message.hex) } };
}
