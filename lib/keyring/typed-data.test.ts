import { SignTypedDataVersion, TypedDataUtils } from '@metamask/eth-sig-util';
import { getAddress, hashTypedData, toHex } from 'viem';
import { describe, expect, it } from 'vitest';
import {
  MAX_TYPED_DATA_DEPTH,
  sanitizeData,
  sanitizeTypedData,
  type TypedDataNode,
  typedDataFromView,
} from './typed-data';

const DOMAIN_TYPE = [
  { name: 'name', type: 'string' },
  { name: 'chainId', type: 'uint256' },
  { name: 'verifyingContract', type: 'address' },
];
const domain = { name: 'Deep', chainId: 1, verifyingContract: '0xcccccccccccccccccccccccccccccccccccccccc' };

/** `levels` nested structs Level0 → Level1 → …, the innermost holding a secret amount. */
function deep(levels: number) {
  const types: Record<string, { name: string; type: string }[]> = { EIP712Domain: DOMAIN_TYPE };
  for (let i = 0; i < levels; i++) {
    types[`Level${i}`] =
      i === levels - 1 ? [{ name: 'amount', type: 'uint256' }] : [{ name: 'inner', type: `Level${i + 1}` }];
  }
  let message: Record<string, unknown> = { amount: '0xde0b6b3a7640000' };
  for (let i = levels - 2; i >= 0; i--) message = { inner: message };
  return { types, primaryType: 'Level0', domain, message };
}

function leaves(nodes: TypedDataNode[], path = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const node of nodes) {
    const here = path ? `${path}.${node.name}` : node.name;
    if (node.fields) Object.assign(out, leaves(node.fields, here));
    else out[here] = node.value!;
  }
  return out;
}

const eip712Hash = (data: unknown) => toHex(TypedDataUtils.eip712Hash(data as never, SignTypedDataVersion.V4));

describe('sanitizeTypedData', () => {
  it("sanitizeData is MetaMask's", () => {
    const { types, ...rest } = deep(2);
    const { EIP712Domain: _d, ...withoutDomain } = types;
    for (const data of [deep(2), { ...rest, types: withoutDomain, extra: 1 }, { ...rest, types, primaryType: '' }]) {
      expect(sanitizeData(data)).toEqual(TypedDataUtils.sanitizeData(data as never));
    }
  });

  it('shows every field at any depth, canonical, and hashes exactly what eth-sig-util hashes', () => {
    const data = deep(12);
    const { view, definition } = sanitizeTypedData(JSON.stringify(data), 'V4');
    const shown = leaves(view.message);
    const path = `${Array(11).fill('inner').join('.')}.amount`;
    expect(shown).toEqual({ [path]: '1000000000000000000' });
    expect(leaves(view.domain)).toEqual({
      name: 'Deep',
      chainId: '1',
      verifyingContract: getAddress(domain.verifyingContract),
    });
    expect(hashTypedData(definition)).toBe(eip712Hash(data));
  });

  it('refuses a domain whose fields EIP712Domain leaves out (they would be shown but not signed)', () => {
    const { EIP712Domain: _left, ...types } = deep(2).types;
    const data = { ...deep(2), types };
    expect(() => sanitizeTypedData(data, 'V4')).toThrow(/domain\.name is not declared in types\.EIP712Domain/);
    // Two different domains would give the same hash here: that is why it is refused.
    expect(eip712Hash(data)).toBe(eip712Hash({ ...data, domain: { name: 'Other', chainId: 5 } }));
    // An empty domain without the type is what MetaMask hashes too, and is fine.
    const empty = { ...data, domain: {} };
    expect(hashTypedData(sanitizeTypedData(empty, 'V4').definition)).toBe(eip712Hash(empty));
  });

  it('refuses message fields the types leave out, at any depth', () => {
    const data = deep(3);
    const extra = { ...data, message: { inner: { inner: { amount: '1', note: 'pay 1 ETH' } } } };
    expect(() => sanitizeTypedData(extra, 'V4')).toThrow(
      /message\.inner\.inner\.note is not declared in types\.Level2/,
    );
    expect(() => sanitizeTypedData({ ...data, message: { ...data.message, memo: 'x' } }, 'V4')).toThrow(
      /message\.memo is not declared/,
    );
  });

  it('refuses a message under primaryType EIP712Domain (it is not hashed)', () => {
    const data = { ...deep(1), primaryType: 'EIP712Domain', message: { amount: '1' } };
    expect(() => sanitizeTypedData(data, 'V4')).toThrow(/message is not signed/);
    expect(sanitizeTypedData({ ...data, message: {} }, 'V4').view.message).toEqual([]);
  });

  it(`refuses nesting deeper than ${MAX_TYPED_DATA_DEPTH} levels instead of eliding it`, () => {
    expect(() => sanitizeTypedData(deep(MAX_TYPED_DATA_DEPTH + 2), 'V4')).toThrow(/nested more than/);
    expect(() => sanitizeTypedData(deep(MAX_TYPED_DATA_DEPTH - 1), 'V4')).not.toThrow();
  });

  it('refuses leaf values that would be encoded differently from how they read', () => {
    const base = deep(1);
    const bad = (amount: unknown) => ({ ...base, message: { amount } });
    expect(() => sanitizeTypedData(bad('12abc'), 'V4')).toThrow(/message\.amount should be a whole number/);
    expect(() => sanitizeTypedData(bad(-1), 'V4')).toThrow(/from 0 to/);
    expect(() => sanitizeTypedData(bad(2 ** 60), 'V4')).toThrow(/whole number/);
    const flag = {
      ...base,
      types: { ...base.types, Level0: [{ name: 'ok', type: 'bool' }] },
      message: { ok: 'false' },
    };
    expect(() => sanitizeTypedData(flag, 'V4')).toThrow(/message\.ok should be true or false/);
  });

  it('typed data rebuilt from the shown fields hashes like the request (arrays, bools, bytes, ints)', () => {
    const data = {
      types: {
        EIP712Domain: DOMAIN_TYPE,
        Order: [
          { name: 'ok', type: 'bool' },
          { name: 'salt', type: 'bytes32' },
          { name: 'blob', type: 'bytes' },
          { name: 'delta', type: 'int64' },
          { name: 'makers', type: 'address[]' },
          { name: 'legs', type: 'Leg[2]' },
        ],
        Leg: [{ name: 'amount', type: 'uint256' }],
      },
      primaryType: 'Order',
      domain,
      message: {
        ok: false,
        salt: `0x${'ab'.repeat(32)}`,
        blob: '0x00ff',
        delta: -5,
        makers: ['0x70997970c51812dc3a010c7d01b50e0d17dc79c8'],
        legs: [{ amount: '0x10' }, { amount: 2 }],
      },
    };
    const { view, definition } = sanitizeTypedData(data, 'V4');
    const rebuilt = typedDataFromView(definition.types as never, view);
    expect(hashTypedData(sanitizeTypedData(rebuilt, 'V4').definition)).toBe(eip712Hash(data));
    expect(leaves(view.message)).toMatchObject({ ok: 'false', delta: '-5', 'legs.[0].amount': '16' });
  });
});
