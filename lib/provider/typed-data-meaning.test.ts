import { describe, expect, it } from 'vitest';
import { sanitizeTypedData } from '../keyring/typed-data';
import { CONTRACT_DOMAIN_TYPE, eip2612Permit } from '../testing/permits';
import { typedDataMeaning } from './typed-data-meaning';

const OWNER = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const SPENDER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const TOKEN = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const PERMIT2 = '0x000000000022D473030F116dDEE9F6B43aC78BA3';
const domainType = CONTRACT_DOMAIN_TYPE;

/** The view the window shows, from what a page sends (as the signing method builds it). */
const view = (data: object) => sanitizeTypedData(data, 'V4').view;

describe('typedDataMeaning', () => {
  it('EIP-2612 Permit: the token is the verifying contract; amount and deadline as signed', () => {
    const meaning = typedDataMeaning(
      view(
        eip2612Permit({ token: TOKEN, owner: OWNER, spender: SPENDER, value: 5n * 10n ** 18n, deadline: 1796212800 }),
      ),
    );
    expect(meaning).toEqual({
      kind: 'token-permission',
      token: TOKEN,
      spender: SPENDER,
      amount: '5000000000000000000',
      once: false,
      until: 1796212800,
      via: null,
    });
  });

  it('an unlimited value and a never-ending deadline are named as such', () => {
    const max = 2n ** 256n - 1n;
    const meaning = typedDataMeaning(
      view(eip2612Permit({ token: TOKEN, owner: OWNER, spender: SPENDER, value: max, deadline: max })),
    );
    expect(meaning).toMatchObject({ amount: null, until: null });
  });

  it('DAI permit (allowed) and Permit2 allowance and one-time transfer', () => {
    const dai = typedDataMeaning(
      view({
        types: {
          EIP712Domain: domainType,
          Permit: [
            { name: 'holder', type: 'address' },
            { name: 'spender', type: 'address' },
            { name: 'nonce', type: 'uint256' },
            { name: 'expiry', type: 'uint256' },
            { name: 'allowed', type: 'bool' },
          ],
        },
        primaryType: 'Permit',
        domain: { name: 'Dai Stablecoin', chainId: 1, verifyingContract: TOKEN },
        message: { holder: OWNER, spender: SPENDER, nonce: 0, expiry: 0, allowed: true },
      }),
    );
    expect(dai).toMatchObject({ token: TOKEN, amount: null, until: null });

    const single = typedDataMeaning(
      view({
        types: {
          EIP712Domain: domainType,
          PermitSingle: [
            { name: 'details', type: 'PermitDetails' },
            { name: 'spender', type: 'address' },
            { name: 'sigDeadline', type: 'uint256' },
          ],
          PermitDetails: [
            { name: 'token', type: 'address' },
            { name: 'amount', type: 'uint160' },
            { name: 'expiration', type: 'uint48' },
            { name: 'nonce', type: 'uint48' },
          ],
        },
        primaryType: 'PermitSingle',
        domain: { name: 'Permit2', chainId: 1, verifyingContract: PERMIT2 },
        message: {
          details: { token: TOKEN, amount: '1000000', expiration: 1796212800, nonce: 0 },
          spender: SPENDER,
          sigDeadline: 1796200000,
        },
      }),
    );
    expect(single).toEqual({
      kind: 'token-permission',
      token: TOKEN,
      spender: SPENDER,
      amount: '1000000',
      once: false,
      until: 1796212800,
      via: 'Uniswap Permit2',
    });

    const transfer = typedDataMeaning(
      view({
        types: {
          EIP712Domain: domainType,
          PermitTransferFrom: [
            { name: 'permitted', type: 'TokenPermissions' },
            { name: 'spender', type: 'address' },
            { name: 'nonce', type: 'uint256' },
            { name: 'deadline', type: 'uint256' },
          ],
          TokenPermissions: [
            { name: 'token', type: 'address' },
            { name: 'amount', type: 'uint256' },
          ],
        },
        primaryType: 'PermitTransferFrom',
        domain: { name: 'Permit2', chainId: 1, verifyingContract: PERMIT2 },
        message: { permitted: { token: TOKEN, amount: '42' }, spender: SPENDER, nonce: 1, deadline: 1796212800 },
      }),
    );
    expect(transfer).toMatchObject({ token: TOKEN, amount: '42', once: true, via: 'Uniswap Permit2' });
  });

  it('look-alikes are not permits: a "value" that is text, or a Permit without a verifying contract', () => {
    const base = {
      types: {
        EIP712Domain: [{ name: 'name', type: 'string' }],
        Permit: [
          { name: 'spender', type: 'address' },
          { name: 'value', type: 'string' },
        ],
      },
      primaryType: 'Permit',
      domain: { name: 'T' },
      message: { spender: SPENDER, value: '5' },
    };
    expect(typedDataMeaning(view(base))).toBeNull();
    expect(
      typedDataMeaning(view({ ...base, primaryType: 'Mail', types: { ...base.types, Mail: base.types.Permit } })),
    ).toBeNull();
  });
});
