import { describe, expect, it } from 'vitest';
import { TEST_ADDRESS_0, TEST_ADDRESS_1, TEST_KEY_0, TEST_MNEMONIC } from '../testing/keyring';
import { InvalidMnemonicError, InvalidPrivateKeyError } from './errors';
import {
  generateRecoveryPhrase,
  hdAccount,
  hdPrivateKey,
  hdRootFromMnemonic,
  normalizeMnemonic,
  normalizePrivateKey,
} from './keys';

describe('BIP-39 / BIP-44 keys', () => {
  it("derives the known test vectors m/44'/60'/0'/0/0 and /1", () => {
    const root = hdRootFromMnemonic(TEST_MNEMONIC);
    expect(hdAccount(root, 0).address).toBe(TEST_ADDRESS_0);
    expect(hdAccount(root, 1).address).toBe(TEST_ADDRESS_1);
    expect(hdPrivateKey(root, 0)).toBe(TEST_KEY_0);
  });

  it('generates 12 words by default and 24 on request, both valid', () => {
    const twelve = generateRecoveryPhrase();
    const twentyFour = generateRecoveryPhrase(24);
    expect(twelve.split(' ')).toHaveLength(12);
    expect(twentyFour.split(' ')).toHaveLength(24);
    expect(normalizeMnemonic(twelve)).toBe(twelve);
    expect(normalizeMnemonic(twentyFour)).toBe(twentyFour);
    expect(generateRecoveryPhrase()).not.toBe(twelve);
  });

  it('normalises case and spacing', () => {
    expect(normalizeMnemonic(`  ${TEST_MNEMONIC.toUpperCase().replaceAll(' ', '  \n')} `)).toBe(TEST_MNEMONIC);
  });

  it('says what is wrong with a phrase without echoing it', () => {
    const badChecksum = 'test test test test test test test test test test test test';
    expect(() => normalizeMnemonic(badChecksum)).toThrow(InvalidMnemonicError);
    expect(() => normalizeMnemonic(badChecksum)).toThrow(/checksum/);
    expect(() => normalizeMnemonic('test test junk')).toThrow(/expected 12, 15, 18, 21 or 24 words, got 3/);
    const unknownWord = TEST_MNEMONIC.replace('junk', 'junkk');
    expect(() => normalizeMnemonic(unknownWord)).toThrow(/word 12 not in the BIP-39 English word list/);
    try {
      normalizeMnemonic(unknownWord);
    } catch (error) {
      expect((error as Error).message).not.toContain('junkk');
      expect((error as Error).message).not.toContain('test test');
    }
    expect(() => normalizeMnemonic(42)).toThrow(InvalidMnemonicError);
  });

  it('accepts a private key with or without 0x and says what is wrong with a bad one', () => {
    expect(normalizePrivateKey(TEST_KEY_0.slice(2).toUpperCase())).toBe(TEST_KEY_0);
    expect(normalizePrivateKey(` ${TEST_KEY_0} `)).toBe(TEST_KEY_0);
    expect(() => normalizePrivateKey('0x1234')).toThrow(/expected 64 hex digits \(32 bytes\), got 4/);
    expect(() => normalizePrivateKey(`0x${'zz'.repeat(32)}`)).toThrow(/not hex digits/);
    expect(() => normalizePrivateKey(`0x${'00'.repeat(32)}`)).toThrow(/outside the secp256k1 key range/);
    expect(() => normalizePrivateKey(`0x${'ff'.repeat(32)}`)).toThrow(InvalidPrivateKeyError);
    try {
      normalizePrivateKey(`${TEST_KEY_0}00`);
    } catch (error) {
      expect((error as Error).message).not.toContain(TEST_KEY_0.slice(2, 20));
    }
  });
});
