import {
  recoverPersonalSignature,
  recoverTypedSignature,
  SignTypedDataVersion,
  TypedDataUtils,
  typedSignatureHash,
} from '@metamask/eth-sig-util';
import {
  hashTypedData,
  keccak256,
  parseTransaction,
  recoverAddress,
  recoverMessageAddress,
  recoverTransactionAddress,
  recoverTypedDataAddress,
  type TransactionSerializedEIP1559,
  type TransactionSerializedLegacy,
  type TypedDataDefinition,
  toHex,
  verifyMessage,
  verifyTypedData,
} from 'viem';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createTestKeyring, PASSWORD, TEST_ADDRESS_0, TEST_ADDRESS_1, TEST_MNEMONIC } from '../testing/keyring';
import { InvalidTypedDataError, MethodDisabledError } from './errors';
import type { KeyringService } from './keyring';
import { typedSignatureHashV1 } from './typed-data-v1';

const mail = {
  types: {
    EIP712Domain: [
      { name: 'name', type: 'string' },
      { name: 'version', type: 'string' },
      { name: 'chainId', type: 'uint256' },
      { name: 'verifyingContract', type: 'address' },
    ],
    Person: [
      { name: 'name', type: 'string' },
      { name: 'wallet', type: 'address' },
    ],
    Mail: [
      { name: 'from', type: 'Person' },
      { name: 'to', type: 'Person' },
      { name: 'contents', type: 'string' },
    ],
  },
  primaryType: 'Mail',
  domain: {
    name: 'Ether Mail',
    version: '1',
    chainId: 1,
    verifyingContract: '0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC',
  },
  message: {
    from: { name: 'Cow', wallet: '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826' },
    to: { name: 'Bob', wallet: '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB' },
    contents: 'Hello, Bob!',
  },
} as const;

/** The EIP-712 v4 example with arrays (from the EIP / eth-sig-util tests). */
const mailWithArrays = {
  types: {
    EIP712Domain: mail.types.EIP712Domain,
    Person: [
      { name: 'name', type: 'string' },
      { name: 'wallets', type: 'address[]' },
    ],
    Mail: [
      { name: 'from', type: 'Person' },
      { name: 'to', type: 'Person[]' },
      { name: 'contents', type: 'string' },
    ],
    Group: [
      { name: 'name', type: 'string' },
      { name: 'members', type: 'Person[]' },
    ],
  },
  primaryType: 'Mail',
  domain: mail.domain,
  message: {
    from: {
      name: 'Cow',
      wallets: ['0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826', '0xDeaDbeefdEAdbeefdEadbEEFdeadbeEFdEaDbeeF'],
    },
    to: [
      {
        name: 'Bob',
        wallets: [
          '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB',
          '0xB0BdaBea57B0BDABeA57b0bdABEA57b0BDabEa57',
          '0xB0B0b0b0b0b0B000000000000000000000000000',
        ],
      },
    ],
    contents: 'Hello, Bob!',
  },
};

let keyring: KeyringService;

beforeAll(() => {
  fakeBrowser.reset();
});

beforeEach(async () => {
  fakeBrowser.reset();
  ({ keyring } = await createTestKeyring());
  await keyring.importMnemonic({ password: PASSWORD, mnemonic: TEST_MNEMONIC });
  await keyring.addAccount();
});

describe('personal_sign (EIP-191)', () => {
  it('signs hex bytes and text; viem and eth-sig-util recover the signer', async () => {
    const text = 'Sign in to example.org\nNonce: 42';
    const hex = toHex(text);
    const fromHex = await keyring.signPersonalMessage(TEST_ADDRESS_1, hex);
    const fromText = await keyring.signPersonalMessage(TEST_ADDRESS_1, text);
    expect(fromHex).toBe(fromText);
    expect(await verifyMessage({ address: TEST_ADDRESS_1, message: text, signature: fromHex })).toBe(true);
    expect(await recoverMessageAddress({ message: { raw: hex }, signature: fromHex })).toBe(TEST_ADDRESS_1);
    expect(recoverPersonalSignature({ data: hex, signature: fromHex }).toLowerCase()).toBe(
      TEST_ADDRESS_1.toLowerCase(),
    );
    const binary = '0xdeadbeef00ff';
    const signature = await keyring.signPersonalMessage(TEST_ADDRESS_0, binary);
    expect(await verifyMessage({ address: TEST_ADDRESS_0, message: { raw: binary }, signature })).toBe(true);
  });

  it('keeps eth_sign disabled', () => {
    expect(() => keyring.ethSign()).toThrow(MethodDisabledError);
    expect(() => keyring.ethSign()).toThrow(/eth_sign is disabled/);
  });
});

describe('eth_signTypedData', () => {
  it('v4: matches eth-sig-util and viem, including arrays, and accepts JSON text', async () => {
    for (const data of [mail, mailWithArrays]) {
      const signature = await keyring.signTypedData(TEST_ADDRESS_0, JSON.stringify(data), 'V4');
      const recovered = recoverTypedSignature({ data: data as never, signature, version: SignTypedDataVersion.V4 });
      expect(recovered.toLowerCase()).toBe(TEST_ADDRESS_0.toLowerCase());
      expect(await recoverTypedDataAddress({ ...(data as TypedDataDefinition), signature })).toBe(TEST_ADDRESS_0);
      expect(await verifyTypedData({ address: TEST_ADDRESS_0, ...(data as TypedDataDefinition), signature })).toBe(
        true,
      );
    }
  });

  it('v3: matches eth-sig-util v3 and refuses what v3 and v4 would sign differently', async () => {
    const signature = await keyring.signTypedData(TEST_ADDRESS_1, mail, 'V3');
    const recovered = recoverTypedSignature({ data: mail as never, signature, version: SignTypedDataVersion.V3 });
    expect(recovered.toLowerCase()).toBe(TEST_ADDRESS_1.toLowerCase());
    await expect(keyring.signTypedData(TEST_ADDRESS_1, mailWithArrays, 'V3')).rejects.toThrow(
      /arrays need eth_signTypedData_v4/,
    );
    const missing = { ...mail, message: { ...mail.message, contents: undefined } };
    await expect(keyring.signTypedData(TEST_ADDRESS_1, missing, 'V3')).rejects.toThrow(/message.contents is missing/);
  });

  it('without an EIP712Domain type: an empty domain is hashed like MetaMask; a domain with fields is refused', async () => {
    const { EIP712Domain: _domain, ...types } = mail.types;
    const data = { ...mail, types, domain: {} };
    const signature = await keyring.signTypedData(TEST_ADDRESS_0, data, 'V4');
    const hash = toHex(TypedDataUtils.eip712Hash(data as never, SignTypedDataVersion.V4));
    expect(await recoverAddress({ hash, signature })).toBe(TEST_ADDRESS_0);
    expect(hash).toBe(
      hashTypedData({ ...data, types: { ...types, EIP712Domain: [] } } as unknown as TypedDataDefinition),
    );
    // The domain would not be part of the hash: two domains, one signature. Refused instead.
    await expect(keyring.signTypedData(TEST_ADDRESS_0, { ...mail, types }, 'V4')).rejects.toThrow(
      /domain\.name is not declared in types\.EIP712Domain/,
    );
  });

  it('rejects malformed typed data with a reason', async () => {
    await expect(keyring.signTypedData(TEST_ADDRESS_0, '{not json', 'V4')).rejects.toThrow(/not valid JSON/);
    await expect(keyring.signTypedData(TEST_ADDRESS_0, { ...mail, primaryType: 'Nope' }, 'V4')).rejects.toThrow(
      InvalidTypedDataError,
    );
    const badAddress = { ...mail, message: { ...mail.message, to: { name: 'Bob', wallet: '0x123' } } };
    await expect(keyring.signTypedData(TEST_ADDRESS_0, badAddress, 'V4')).rejects.toThrow(InvalidTypedDataError);
    const unknownType = { ...mail, types: { ...mail.types, Mail: [{ name: 'x', type: 'Thing' }] } };
    await expect(keyring.signTypedData(TEST_ADDRESS_0, unknownType, 'V4')).rejects.toThrow(/unknown type Thing/);
    await expect(keyring.signTypedData(TEST_ADDRESS_0, mail, 'V2' as never)).rejects.toThrow(/V1, V3 or V4/);
  });

  it('v1 (legacy eth_signTypedData): eth-sig-util recovers the signer; malformed v1 data is refused', async () => {
    const data = [
      { type: 'string', name: 'Message', value: 'Hi, Alice!' },
      { type: 'uint32', name: 'A number', value: '1337' },
      { type: 'int8', name: 'Negative', value: -5 },
      { type: 'bool', name: 'Flag', value: true },
      { type: 'address', name: 'Who', value: TEST_ADDRESS_1 },
      { type: 'bytes', name: 'Raw', value: '0xdeadbeef' },
      { type: 'bytes', name: 'Text', value: 'not hex' },
      { type: 'bytes32', name: 'Hash', value: `0x${'ab'.repeat(32)}` },
      { type: 'uint256', name: 'Big', value: '0x1000000000000000000' },
    ];
    const signature = await keyring.signTypedData(TEST_ADDRESS_0, data, 'V1');
    expect(recoverTypedSignature({ data, signature, version: SignTypedDataVersion.V1 })).toBe(
      TEST_ADDRESS_0.toLowerCase(),
    );
    expect(typedSignatureHashV1(data)).toBe(typedSignatureHash(data));
    await expect(
      keyring.signTypedData(TEST_ADDRESS_0, [{ type: 'uint8[]', name: 'list', value: [1] }], 'V1'),
    ).rejects.toThrow(/not supported/);
    await expect(keyring.signTypedData(TEST_ADDRESS_0, [{ type: 'uint8', value: 1 }], 'V1')).rejects.toThrow(
      InvalidTypedDataError,
    );
  });
});

describe('transactions', () => {
  const to = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';

  it('signs EIP-1559 (type 2) with the chain id', async () => {
    const raw = await keyring.signTransaction(TEST_ADDRESS_0, {
      type: 'eip1559',
      chainId: 31337,
      nonce: 7,
      to,
      value: 10n ** 18n,
      gas: 21_000n,
      maxFeePerGas: 3_000_000_000n,
      maxPriorityFeePerGas: 1_000_000_000n,
    });
    expect(raw.startsWith('0x02')).toBe(true);
    const parsed = parseTransaction(raw);
    expect(parsed).toMatchObject({ type: 'eip1559', chainId: 31337, nonce: 7, value: 10n ** 18n });
    expect(parsed.to?.toLowerCase()).toBe(to.toLowerCase());
    expect(await recoverTransactionAddress({ serializedTransaction: raw as TransactionSerializedEIP1559 })).toBe(
      TEST_ADDRESS_0,
    );
    expect(keccak256(raw)).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it('signs legacy transactions with EIP-155 replay protection', async () => {
    const raw = await keyring.signTransaction(TEST_ADDRESS_1, {
      type: 'legacy',
      chainId: 31337,
      nonce: 0,
      to,
      value: 1n,
      gas: 21_000n,
      gasPrice: 2_000_000_000n,
    });
    const parsed = parseTransaction(raw);
    expect(parsed.type).toBe('legacy');
    expect(parsed.chainId).toBe(31337);
    expect([31337n * 2n + 35n, 31337n * 2n + 36n]).toContain(parsed.v);
    expect(await recoverTransactionAddress({ serializedTransaction: raw as TransactionSerializedLegacy })).toBe(
      TEST_ADDRESS_1,
    );
  });

  it('refuses incomplete or inconsistent transactions', async () => {
    const base = { type: 'eip1559', chainId: 1, nonce: 0, to, value: 0n, gas: 21_000n } as const;
    await expect(
      keyring.signTransaction(TEST_ADDRESS_0, { ...base, maxFeePerGas: 1n, maxPriorityFeePerGas: 2n }),
    ).rejects.toThrow(/exceeds maxFeePerGas/);
    await expect(
      keyring.signTransaction(TEST_ADDRESS_0, { ...base, chainId: 0, maxFeePerGas: 2n, maxPriorityFeePerGas: 1n }),
    ).rejects.toThrow(/chainId/);
    await expect(keyring.signTransaction(TEST_ADDRESS_0, { ...base, type: 'eip4844' } as never)).rejects.toThrow(
      /unsupported transaction type/,
    );
  });
});
