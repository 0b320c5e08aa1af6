import { mnemonicToSeedSync, validateMnemonic } from '@scure/bip39';
import { type Hex, toHex } from 'viem';
import {
  english,
  generateMnemonic,
  type HDAccount,
  HDKey,
  hdKeyToAccount,
  type PrivateKeyAccount,
  privateKeyToAccount,
} from 'viem/accounts';
import { InvalidMnemonicError, InvalidPrivateKeyError } from './errors';

// BIP-39 / BIP-32 / BIP-44 through viem and @scure; nothing here implements cryptography.

export const HD_PATH_PREFIX = "m/44'/60'/0'/0";
const WORD_COUNTS = [12, 15, 18, 21, 24];

export function hdPath(index: number): string {
  return `${HD_PATH_PREFIX}/${index}`;
}

export function generateRecoveryPhrase(words: 12 | 24 = 12): string {
  return generateMnemonic(english, words === 24 ? 256 : 128);
}

/**
 * Normalises a typed phrase (case, spacing) and checks it. The error says what is wrong and where, never
 * which word was typed.
 */
export function normalizeMnemonic(input: unknown): string {
  if (typeof input !== 'string') throw new InvalidMnemonicError('expected text');
  const words = input.normalize('NFKD').trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (!WORD_COUNTS.includes(words.length)) {
    throw new InvalidMnemonicError(`expected 12, 15, 18, 21 or 24 words, got ${words.length}`);
  }
  const unknown = words.map((word, i) => (english.includes(word) ? 0 : i + 1)).filter(Boolean);
  if (unknown.length) {
    throw new InvalidMnemonicError(
      `word${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} not in the BIP-39 English word list`,
    );
  }
  const phrase = words.join(' ');
  if (!validateMnemonic(phrase, english)) {
    throw new InvalidMnemonicError('checksum does not match (a word may be mistyped or out of order)');
  }
  return phrase;
}

/** The BIP-32 root of a (valid, normalised) phrase. Slow-ish (BIP-39 PBKDF2): cache it while unlocked. */
export function hdRootFromMnemonic(mnemonic: string): HDKey {
  const seed = mnemonicToSeedSync(mnemonic);
  try {
    return HDKey.fromMasterSeed(seed);
  } finally {
    seed.fill(0);
  }
}

export function hdAccount(root: HDKey, index: number): HDAccount {
  return hdKeyToAccount(root, { addressIndex: index });
}

export function hdPrivateKey(root: HDKey, index: number): Hex {
  return toHex(root.derive(hdPath(index)).privateKey!);
}

/** Accepts 64 hex digits with or without 0x; returns lowercase 0x-hex. */
export function normalizePrivateKey(input: unknown): Hex {
  if (typeof input !== 'string') throw new InvalidPrivateKeyError('expected text');
  const trimmed = input.trim();
  const hex = trimmed.startsWith('0x') || trimmed.startsWith('0X') ? trimmed.slice(2) : trimmed;
  if (!/^[0-9a-fA-F]*$/.test(hex)) throw new InvalidPrivateKeyError('it contains characters that are not hex digits');
  if (hex.length !== 64) {
    throw new InvalidPrivateKeyError(`expected 64 hex digits (32 bytes), got ${hex.length}`);
  }
  const key = `0x${hex.toLowerCase()}` as Hex;
  try {
    privateKeyToAccount(key);
  } catch {
    throw new InvalidPrivateKeyError('the value is outside the secp256k1 key range');
  }
  return key;
}

export function importedAccount(privateKey: Hex): PrivateKeyAccount {
  return privateKeyToAccount(privateKey);
}
