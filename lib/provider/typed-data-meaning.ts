// What a typed-data signature lets someone do, read from the fields that are hashed: token permits (EIP-2612,
// DAI's, Uniswap Permit2's allowance and one-time transfer). A permit signed off chain is as good as an
// approve, so the window says it first, in words, with the token's amount in its own decimals.
import { getAddress, isAddress } from 'viem';
import type { TypedDataNode } from '../keyring/typed-data';

/** Contracts whose signatures move tokens, by address (the same on every chain they are deployed to). */
export const KNOWN_SIGNATURE_CONTRACTS: Record<string, string> = {
  '0x000000000022d473030f116ddee9f6b43ac78ba3': 'Uniswap Permit2',
};

export type TokenPermission = {
  kind: 'token-permission';
  token: `0x${string}`;
  spender: `0x${string}`;
  /** Base units as a decimal string; null means without limit. */
  amount: string | null;
  /** Once: the spender may take it one time (Permit2 transfer), rather than an allowance. */
  once: boolean;
  /** Seconds since 1970 after which the permission ends (or the signature expires); null when none. */
  until: number | null;
  /** The known contract the signature is for, when it is not the token itself. */
  via: string | null;
};

/** Allowances at or above this are "without limit" (uint256 and uint160 maxima and values near them). */
const UNLIMITED_UINT256 = 2n ** 255n;
const UNLIMITED_UINT160 = 2n ** 159n;

export function typedDataMeaning(view: {
  primaryType: string;
  domain: TypedDataNode[];
  message: TypedDataNode[];
}): TokenPermission | null {
  const domain = leaves(view.domain);
  const message = view.message;
  const contract = address(domain.verifyingContract);
  const via = contract ? (KNOWN_SIGNATURE_CONTRACTS[contract.toLowerCase()] ?? null) : null;
  const top = leaves(message);
  switch (view.primaryType) {
    case 'Permit': {
      if (!contract) return null;
      const spender = address(top.spender);
      if (!spender) return null;
      // EIP-2612: value and deadline.
      const value = uint(top.value);
      if (value !== null) {
        return permission(contract, spender, value, UNLIMITED_UINT256, false, uint(top.deadline), null);
      }
      // DAI: allowed (all or nothing) and expiry (0: never).
      if (top.allowed?.type === 'bool') {
        const expiry = uint(top.expiry);
        return {
          kind: 'token-permission',
          token: contract,
          spender,
          amount: top.allowed.value === 'true' ? null : '0',
          once: false,
          until: expiry === null || expiry === 0n ? null : Number(expiry),
          via: null,
        };
      }
      return null;
    }
    case 'PermitSingle': {
      // Permit2 allowance: details {token, amount uint160, expiration uint48}, spender, sigDeadline.
      const details = leaves(child(message, 'details'));
      const token = address(details.token);
      const spender = address(top.spender);
      const amount = uint(details.amount);
      if (!token || !spender || amount === null) return null;
      const expiration = uint(details.expiration);
      const until = expiration === null || expiration === 0n ? uint(top.sigDeadline) : expiration;
      return permission(token, spender, amount, UNLIMITED_UINT160, false, until, via ?? 'Permit2');
    }
    case 'PermitTransferFrom': {
      // Permit2 one-time transfer: permitted {token, amount}, spender, deadline.
      const permitted = leaves(child(message, 'permitted'));
      const token = address(permitted.token);
      const spender = address(top.spender);
      const amount = uint(permitted.amount);
      if (!token || !spender || amount === null) return null;
      return permission(token, spender, amount, UNLIMITED_UINT256, true, uint(top.deadline), via ?? 'Permit2');
    }
    default:
      return null;
  }
}

function permission(
  token: `0x${string}`,
  spender: `0x${string}`,
  amount: bigint,
  unlimited: bigint,
  once: boolean,
  until: bigint | null,
  via: string | null,
): TokenPermission {
  return {
    kind: 'token-permission',
    token,
    spender,
    amount: amount >= unlimited ? null : amount.toString(),
    once,
    // A deadline of max uint256 (common) or past any real date means none.
    until: until === null || until > 10n ** 12n ? null : Number(until),
    via,
  };
}

type Leaf = { type: string; value: string };

function leaves(nodes: TypedDataNode[]): Record<string, Leaf> {
  const values: Record<string, Leaf> = {};
  for (const node of nodes) if (node.value !== undefined) values[node.name] = { type: node.type, value: node.value };
  return values;
}

function child(nodes: TypedDataNode[], name: string): TypedDataNode[] {
  return nodes.find((node) => node.name === name)?.fields ?? [];
}

function address(leaf: Leaf | undefined): `0x${string}` | null {
  return leaf?.type === 'address' && isAddress(leaf.value, { strict: false }) ? getAddress(leaf.value) : null;
}

function uint(leaf: Leaf | undefined): bigint | null {
  return leaf && /^uint\d*$/.test(leaf.type) && /^\d{1,78}$/.test(leaf.value) ? BigInt(leaf.value) : null;
}
