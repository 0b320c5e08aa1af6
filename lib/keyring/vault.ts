import { type Bytes, equalBytes, randomBytes, toBase64, utf8 } from './bytes';
import { IncorrectPasswordError, VaultCorruptedError } from './errors';
import { parseSecrets, serializeSecrets } from './secrets';
import type { VaultSecrets } from './types';
import {
  type IterationBounds,
  IV_BYTES,
  KEY_BYTES,
  type ParsedVault,
  parseVaultRecord,
  SALT_BYTES,
  VAULT_FORMAT,
  VAULT_VERSION,
  type VaultRecordV1,
  vaultHeader,
  withDigest,
} from './vault-format';

/** MetaMask's PBKDF2-SHA256 count; new vaults use at least this. About 0.5 s in node on this machine. */
export const DEFAULT_KDF_ITERATIONS = 900_000;
/** Oldest count still opened (OWASP 2023 minimum), so a lowered count in storage is refused. */
export const MIN_KDF_ITERATIONS = 600_000;
/** Above this unlock would take minutes; a stored count this high is treated as tampering. */
export const MAX_KDF_ITERATIONS = 10_000_000;

export const PRODUCTION_ITERATION_BOUNDS: IterationBounds = { min: MIN_KDF_ITERATIONS, max: MAX_KDF_ITERATIONS };

export interface VaultKdfPolicy {
  /** Iterations for every new password wrap. */
  iterations: number;
  /** Accepted range for stored vaults. */
  bounds: IterationBounds;
}

export const PRODUCTION_KDF_POLICY: VaultKdfPolicy = {
  iterations: DEFAULT_KDF_ITERATIONS,
  bounds: PRODUCTION_ITERATION_BOUNDS,
};

export interface OpenedVault {
  secrets: VaultSecrets;
  /** The random data key: what the session keeps so a restarted worker can read the vault. */
  dataKey: Bytes;
  record: VaultRecordV1;
}

const INFO_KEK = utf8('accord-vault/v1/kek');
const INFO_CHECK = utf8('accord-vault/v1/check');
const INFO_PAYLOAD = utf8('accord-vault/v1/payload');

async function hkdf(secret: Bytes, salt: Bytes, info: Bytes): Promise<Bytes> {
  const base = await crypto.subtle.importKey('raw', secret, 'HKDF', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt, info }, base, KEY_BYTES * 8);
  return new Uint8Array(bits);
}

function aesKey(raw: Bytes): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', raw, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

/** Password -> (key-encryption key, password check). The only slow step. */
async function derivePasswordKeys(password: string, salt: Bytes, iterations: number) {
  const passwordKey = await crypto.subtle.importKey('raw', utf8(password.normalize('NFKC')), 'PBKDF2', false, [
    'deriveBits',
  ]);
  const master = new Uint8Array(
    await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, passwordKey, KEY_BYTES * 8),
  );
  const empty = new Uint8Array(0);
  const [kek, check] = await Promise.all([hkdf(master, empty, INFO_KEK), hkdf(master, empty, INFO_CHECK)]);
  master.fill(0);
  const kekKey = await aesKey(kek);
  kek.fill(0);
  return { kek: kekKey, check };
}

async function payloadKey(dataKey: Bytes, salt: Bytes): Promise<CryptoKey> {
  const raw = await hkdf(dataKey, salt, INFO_PAYLOAD);
  const key = await aesKey(raw);
  raw.fill(0);
  return key;
}

async function encryptPayload(dataKey: Bytes, secrets: VaultSecrets, header: Bytes) {
  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(IV_BYTES);
  const key = await payloadKey(dataKey, salt);
  const data = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: header },
    key,
    serializeSecrets(secrets),
  );
  return { salt: toBase64(salt), iv: toBase64(iv), data: toBase64(new Uint8Array(data)) };
}

async function decryptPayload(parsed: ParsedVault, dataKey: Bytes): Promise<VaultSecrets> {
  const header = vaultHeader(parsed.iterations, parsed.record.kdf.salt);
  const key = await payloadKey(dataKey, parsed.payloadSalt);
  let plain: ArrayBuffer;
  try {
    plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: parsed.payloadIv, additionalData: header },
      key,
      parsed.payload,
    );
  } catch (cause) {
    throw new VaultCorruptedError('the encrypted secrets failed authentication', { cause });
  }
  const bytes = new Uint8Array(plain);
  try {
    return parseSecrets(bytes);
  } finally {
    bytes.fill(0);
  }
}

/** Encrypts secrets under a new password wrap: fresh KDF salt, fresh data key, fresh IVs. */
export async function sealVault(secrets: VaultSecrets, password: string, iterations: number): Promise<OpenedVault> {
  const kdfSalt = randomBytes(SALT_BYTES);
  const kdfSaltText = toBase64(kdfSalt);
  const header = vaultHeader(iterations, kdfSaltText);
  const { kek, check } = await derivePasswordKeys(password, kdfSalt, iterations);
  const dataKey = randomBytes(KEY_BYTES);
  const wrapIv = randomBytes(IV_BYTES);
  const wrapped = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: wrapIv, additionalData: header }, kek, dataKey);
  const record = await withDigest({
    format: VAULT_FORMAT,
    version: VAULT_VERSION,
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: kdfSaltText },
    passwordCheck: toBase64(check),
    wrappedKey: { iv: toBase64(wrapIv), data: toBase64(new Uint8Array(wrapped)) },
    payload: await encryptPayload(dataKey, secrets, header),
  });
  return { secrets, dataKey, record };
}

/** Opens a stored vault with the password. Wrong password -> IncorrectPasswordError; damage -> VaultCorruptedError. */
export async function openVault(stored: unknown, password: string, bounds: IterationBounds): Promise<OpenedVault> {
  const parsed = await parseVaultRecord(stored, bounds);
  const header = vaultHeader(parsed.iterations, parsed.record.kdf.salt);
  const { kek, check } = await derivePasswordKeys(password, parsed.kdfSalt, parsed.iterations);
  if (!equalBytes(check, parsed.passwordCheck)) throw new IncorrectPasswordError();
  let dataKey: Bytes;
  try {
    const iv = parsed.wrappedKeyIv;
    dataKey = new Uint8Array(
      await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: header }, kek, parsed.wrappedKey),
    );
  } catch (cause) {
    throw new VaultCorruptedError('the wrapped key failed authentication', { cause });
  }
  const secrets = await decryptPayload(parsed, dataKey);
  return { secrets, dataKey, record: parsed.record };
}

/** Opens a stored vault with the data key kept in the session (no password, no KDF). */
export async function openVaultWithKey(stored: unknown, dataKey: Bytes, bounds: IterationBounds): Promise<OpenedVault> {
  const parsed = await parseVaultRecord(stored, bounds);
  const secrets = await decryptPayload(parsed, dataKey);
  return { secrets, dataKey, record: parsed.record };
}

/**
 * Re-encrypts new secrets under the same password wrap with a fresh payload salt and IV (for writes while
 * unlocked, e.g. importing a key). Checks first that the data key opens the stored record.
 */
export async function resealVault(
  stored: unknown,
  dataKey: Bytes,
  secrets: VaultSecrets,
  bounds: IterationBounds,
): Promise<OpenedVault> {
  const parsed = await parseVaultRecord(stored, bounds);
  await decryptPayload(parsed, dataKey);
  const { digest: _digest, ...body } = parsed.record;
  const header = vaultHeader(parsed.iterations, parsed.record.kdf.salt);
  const record = await withDigest({ ...body, payload: await encryptPayload(dataKey, secrets, header) });
  const reopened = await openVaultWithKey(record, dataKey, bounds);
  return { ...reopened, secrets };
}
