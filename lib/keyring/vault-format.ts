import { type Bytes, equalBytes, fromBase64, toBase64, utf8 } from './bytes';
import { VaultCorruptedError, VaultUnsupportedError } from './errors';

// Vault record, version 1 (all binary fields standard base64):
//   kdf          PBKDF2-HMAC-SHA256(password NFKC, salt 32 B, iterations) -> 32 B master secret
//   passwordCheck HKDF-SHA256(master, info 'accord-vault/v1/check'): tells a wrong password from damage.
//                 It costs an attacker exactly what trial decryption does (the KDF), so it weakens nothing.
//   wrappedKey   AES-256-GCM(key = HKDF(master, 'accord-vault/v1/kek'), 12 B iv) of the random 32 B data key
//   payload      AES-256-GCM(key = HKDF(data key, payload salt 32 B, 'accord-vault/v1/payload'), 12 B iv)
//                of the secrets JSON. Fresh payload salt and iv on every write.
//   digest       SHA-256 of all fields above: catches truncation and bit rot before any KDF work.
// Both ciphertexts take the header (format, version, KDF parameters) as GCM additional data.

export const VAULT_FORMAT = 'accord-vault';
export const VAULT_VERSION = 1;
export const SALT_BYTES = 32;
export const IV_BYTES = 12;
export const KEY_BYTES = 32;
const TAG_BYTES = 16;

export interface VaultRecordV1 {
  format: typeof VAULT_FORMAT;
  version: 1;
  kdf: { name: 'PBKDF2'; hash: 'SHA-256'; iterations: number; salt: string };
  passwordCheck: string;
  wrappedKey: { iv: string; data: string };
  payload: { salt: string; iv: string; data: string };
  digest: string;
}

export type VaultRecordBody = Omit<VaultRecordV1, 'digest'>;

/** The decoded binary fields of a record that passed parseVaultRecord. */
export interface ParsedVault {
  record: VaultRecordV1;
  iterations: number;
  kdfSalt: Bytes;
  passwordCheck: Bytes;
  wrappedKeyIv: Bytes;
  wrappedKey: Bytes;
  payloadSalt: Bytes;
  payloadIv: Bytes;
  payload: Bytes;
}

export interface IterationBounds {
  min: number;
  max: number;
}

export function vaultHeader(iterations: number, kdfSalt: string): Bytes {
  return utf8(`${VAULT_FORMAT}/${VAULT_VERSION}/PBKDF2-SHA256/${iterations}/${kdfSalt}`);
}

function digestInput(body: VaultRecordBody): Bytes {
  const { kdf, wrappedKey, payload } = body;
  return utf8(
    JSON.stringify([
      body.format,
      body.version,
      kdf.name,
      kdf.hash,
      kdf.iterations,
      kdf.salt,
      body.passwordCheck,
      wrappedKey.iv,
      wrappedKey.data,
      payload.salt,
      payload.iv,
      payload.data,
    ]),
  );
}

export async function withDigest(body: VaultRecordBody): Promise<VaultRecordV1> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', digestInput(body)));
  return { ...body, digest: toBase64(digest) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(value: unknown, name: string, length?: number, minLength = 1): Bytes {
  const bytes = fromBase64(value);
  if (!bytes) throw new VaultCorruptedError(`field ${name} is missing or not base64`);
  if (length !== undefined && bytes.length !== length) {
    throw new VaultCorruptedError(`field ${name} has ${bytes.length} bytes, expected ${length}`);
  }
  if (bytes.length < minLength) throw new VaultCorruptedError(`field ${name} is truncated`);
  return bytes;
}

/**
 * Checks a stored record's shape, sizes, KDF parameters and digest. Throws VaultCorruptedError for damage
 * and VaultUnsupportedError for a newer format or KDF parameters outside the accepted bounds.
 */
export async function parseVaultRecord(stored: unknown, bounds: IterationBounds): Promise<ParsedVault> {
  if (!isObject(stored)) throw new VaultCorruptedError('the record is not an object');
  if (stored.format !== VAULT_FORMAT) throw new VaultCorruptedError('unknown record format');
  if (typeof stored.version !== 'number') throw new VaultCorruptedError('missing version');
  if (stored.version !== VAULT_VERSION) throw new VaultUnsupportedError(`format version ${stored.version}`);
  const { kdf, wrappedKey, payload } = stored;
  if (!isObject(kdf) || !isObject(wrappedKey) || !isObject(payload)) {
    throw new VaultCorruptedError('missing kdf, wrappedKey or payload');
  }
  if (kdf.name !== 'PBKDF2' || kdf.hash !== 'SHA-256') throw new VaultUnsupportedError('unknown key derivation');
  const iterations = kdf.iterations;
  if (typeof iterations !== 'number' || !Number.isSafeInteger(iterations)) {
    throw new VaultCorruptedError('KDF iteration count is not an integer');
  }
  // A writer of storage could lower the count to make a vault the user later re-saves cheap to crack, or
  // raise it to hang unlock: refuse both instead of deriving.
  if (iterations < bounds.min || iterations > bounds.max) {
    throw new VaultUnsupportedError(`KDF iteration count ${iterations} is outside ${bounds.min}..${bounds.max}`);
  }
  const parsed: ParsedVault = {
    record: stored as unknown as VaultRecordV1,
    iterations,
    kdfSalt: field(kdf.salt, 'kdf.salt', SALT_BYTES),
    passwordCheck: field(stored.passwordCheck, 'passwordCheck', KEY_BYTES),
    wrappedKeyIv: field(wrappedKey.iv, 'wrappedKey.iv', IV_BYTES),
    wrappedKey: field(wrappedKey.data, 'wrappedKey.data', KEY_BYTES + TAG_BYTES),
    payloadSalt: field(payload.salt, 'payload.salt', SALT_BYTES),
    payloadIv: field(payload.iv, 'payload.iv', IV_BYTES),
    payload: field(payload.data, 'payload.data', undefined, TAG_BYTES + 1),
  };
  const digest = field(stored.digest, 'digest', KEY_BYTES);
  const body: VaultRecordBody = {
    format: VAULT_FORMAT,
    version: VAULT_VERSION,
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: kdf.salt as string },
    passwordCheck: stored.passwordCheck as string,
    wrappedKey: { iv: wrappedKey.iv as string, data: wrappedKey.data as string },
    payload: { salt: payload.salt as string, iv: payload.iv as string, data: payload.data as string },
  };
  const expected = new Uint8Array(await crypto.subtle.digest('SHA-256', digestInput(body)));
  if (!equalBytes(expected, digest)) throw new VaultCorruptedError('checksum mismatch');
  parsed.record = { ...body, digest: stored.digest as string };
  return parsed;
}
