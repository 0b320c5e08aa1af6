// personal_sign and eth_signTypedData_v3/v4: checked, shown decoded in the approval window, signed only
// after the user approves.
import { type Hex, hexToBytes, isAddress, stringToHex } from 'viem';
import { sanitizeTypedData, type TypedDataView } from '@/lib/keyring/typed-data';
import type { Address } from '@/lib/messages/popup-api';
import { invalidParams } from '../errors';
import type { Executor, MethodEntry } from '../method-types';
import { describe, address as parseAddress, positional } from '../params';
import { requirePermitted } from './authorize';

const EVEN_HEX = /^0x([0-9a-fA-F]{2})*$/;

interface PersonalSignPayload {
  address: Address;
  message: Hex;
}

interface TypedDataPayload {
  address: Address;
  data: unknown;
  version: 'V3' | 'V4';
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
      let data: unknown;
      try {
        const sanitized = sanitizeTypedData(input, version);
        view = sanitized.view;
        domainChain = (sanitized.definition.domain as Record<string, unknown> | undefined)?.chainId;
        data = typeof input === 'string' ? JSON.parse(input) : input;
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
        },
        payload: { address, data, version } satisfies TypedDataPayload,
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
          message: { text: messageText(hex), hex },
        },
        payload: { address, message: hex } satisfies PersonalSignPayload,
      });
    },
  },
  eth_signTypedData_v4: typedDataMethod('V4'),
  eth_signTypedData_v3: typedDataMethod('V3'),
};

export const personalSignExecutor: Executor = async ({ backend }, record) => {
  const { address, message } = record.payload as PersonalSignPayload;
  return backend.wallet.signMessage(address, message);
};

export const typedDataExecutor: Executor = async ({ backend }, record) => {
  const { address, data, version } = record.payload as TypedDataPayload;
  return backend.wallet.signTypedData(address, data, version);
};
