import { describe, expect, it } from 'vitest';
import { PASSWORD, TEST_ITERATIONS, TEST_KEY_0, TEST_MNEMONIC } from '../testing/keyring';
import { fromBase64, toBase64 } from './bytes';
import { IncorrectPasswordError, VaultCorruptedError, VaultUnsupportedError } from './errors';
import type { VaultSecrets } from './types';
import {
  DEFAULT_KDF_ITERATIONS,
  MIN_KDF_ITERATIONS,
  openVault,
  openVaultWithKey,
  PRODUCTION_ITERATION_BOUNDS,
  resealVault,
  sealVault,
} from './vault';
import { type VaultRecordV1, withDigest } from './vault-format';

const secrets: VaultSecrets = {
  version: 1,
  keychains: [
    { id: 'a', type: 'hd', mnemonic: TEST_MNEMONIC },
    { id: 'b', type: 'imported', privateKey: TEST_KEY_0 },
  ],
};
const bounds = { min: TEST_ITERATIONS, max: PRODUCTION_ITERATION_BOUNDS.max };

async function redigest(record: VaultRecordV1): Promise<VaultRecordV1> {
  const { digest: _digest, ...body } = record;
  return withDigest(body);
}

describe('vault', () => {
  it('round-trips at the production iteration count and stores its KDF parameters', async () => {
    expect(DEFAULT_KDF_ITERATIONS).toBeGreaterThanOrEqual(900_000);
    const started = performance.now();
    const { record } = await sealVault(secrets, PASSWORD, DEFAULT_KDF_ITERATIONS);
    const sealedMs = performance.now() - started;
    const opened = await openVault(structuredClone(record), PASSWORD, PRODUCTION_ITERATION_BOUNDS);
    const unlockMs = performance.now() - started - sealedMs;
    expect(opened.secrets).toEqual(secrets);
    expect(record.kdf).toMatchObject({ name: 'PBKDF2', hash: 'SHA-256', iterations: DEFAULT_KDF_ITERATIONS });
    expect(record.version).toBe(1);
    console.info(
      `vault at ${DEFAULT_KDF_ITERATIONS} iterations: seal ${sealedMs.toFixed(0)} ms, open ${unlockMs.toFixed(0)} ms`,
    );
  });

  it('uses a fresh salt and IV on every write', async () => {
    const a = await sealVault(secrets, PASSWORD, TEST_ITERATIONS);
    const b = await sealVault(secrets, PASSWORD, TEST_ITERATIONS);
    expect(a.record.kdf.salt).not.toBe(b.record.kdf.salt);
    expect(a.record.wrappedKey.iv).not.toBe(b.record.wrappedKey.iv);
    expect(a.record.payload.iv).not.toBe(b.record.payload.iv);
    const c = await resealVault(a.record, a.dataKey, secrets, bounds);
    expect(c.record.payload.salt).not.toBe(a.record.payload.salt);
    expect(c.record.payload.iv).not.toBe(a.record.payload.iv);
    expect(c.record.payload.data).not.toBe(a.record.payload.data);
    expect((await openVault(c.record, PASSWORD, bounds)).secrets).toEqual(secrets);
  });

  it('refuses a wrong password with IncorrectPasswordError', async () => {
    const { record } = await sealVault(secrets, PASSWORD, TEST_ITERATIONS);
    await expect(openVault(record, 'wrong password', bounds)).rejects.toThrow(IncorrectPasswordError);
    await expect(openVault(record, 'wrong password', bounds)).rejects.toThrow(/^Incorrect password$/);
  });

  it('rejects every single-byte flip of the ciphertext (even with a recomputed digest)', async () => {
    const { record, dataKey } = await sealVault(secrets, PASSWORD, TEST_ITERATIONS);
    const ciphertext = fromBase64(record.payload.data)!;
    let rejected = 0;
    for (let i = 0; i < ciphertext.length; i++) {
      const flipped = ciphertext.slice();
      flipped[i] ^= 0x01 << (i % 8);
      const tampered = await redigest({ ...record, payload: { ...record.payload, data: toBase64(flipped) } });
      await expect(openVaultWithKey(tampered, dataKey, bounds)).rejects.toThrow(VaultCorruptedError);
      rejected++;
    }
    expect(rejected).toBe(ciphertext.length);
    // And with the password: the password check passes, authentication of the payload does not.
    const one = ciphertext.slice();
    one[0] ^= 0xff;
    const tampered = await redigest({ ...record, payload: { ...record.payload, data: toBase64(one) } });
    await expect(openVault(tampered, PASSWORD, bounds)).rejects.toThrow(/failed authentication/);
  });

  it('rejects every single-character change of the stored record text via the digest', async () => {
    const { record } = await sealVault(secrets, PASSWORD, TEST_ITERATIONS);
    const stored = record.payload.data;
    for (let i = 0; i < stored.length; i++) {
      const swapped = stored[i] === 'A' ? 'B' : 'A';
      const data = stored.slice(0, i) + swapped + stored.slice(i + 1);
      await expect(openVault({ ...record, payload: { ...record.payload, data } }, PASSWORD, bounds)).rejects.toThrow(
        VaultCorruptedError,
      );
    }
  });

  it('rejects a flipped wrapped key, salt or IV', async () => {
    const { record } = await sealVault(secrets, PASSWORD, TEST_ITERATIONS);
    const wrapped = fromBase64(record.wrappedKey.data)!;
    wrapped[5] ^= 1;
    const badWrap = await redigest({ ...record, wrappedKey: { ...record.wrappedKey, data: toBase64(wrapped) } });
    await expect(openVault(badWrap, PASSWORD, bounds)).rejects.toThrow(VaultCorruptedError);
    const iv = fromBase64(record.payload.iv)!;
    iv[0] ^= 1;
    const badIv = await redigest({ ...record, payload: { ...record.payload, iv: toBase64(iv) } });
    await expect(openVault(badIv, PASSWORD, bounds)).rejects.toThrow(VaultCorruptedError);
    const salt = fromBase64(record.kdf.salt)!;
    salt[0] ^= 1;
    // A different KDF salt derives a different key: indistinguishable from a wrong password.
    const badSalt = await redigest({ ...record, kdf: { ...record.kdf, salt: toBase64(salt) } });
    await expect(openVault(badSalt, PASSWORD, bounds)).rejects.toThrow(IncorrectPasswordError);
  });

  it('rejects truncated, empty and foreign records with a clear error', async () => {
    const { record } = await sealVault(secrets, PASSWORD, TEST_ITERATIONS);
    const truncated = { ...record, payload: { ...record.payload, data: record.payload.data.slice(0, 16) } };
    await expect(openVault(truncated, PASSWORD, bounds)).rejects.toThrow(/damaged or was modified/);
    const short = await redigest({ ...record, payload: { ...record.payload, data: toBase64(new Uint8Array(10)) } });
    await expect(openVault(short, PASSWORD, bounds)).rejects.toThrow(/payload.data is truncated/);
    const { digest: _digest, ...noDigest } = record;
    await expect(openVault(noDigest, PASSWORD, bounds)).rejects.toThrow(/digest is missing/);
    await expect(openVault(null, PASSWORD, bounds)).rejects.toThrow(VaultCorruptedError);
    await expect(openVault('{}', PASSWORD, bounds)).rejects.toThrow(VaultCorruptedError);
    await expect(openVault({ ...record, version: 2 }, PASSWORD, bounds)).rejects.toThrow(VaultUnsupportedError);
    const { payload: _payload, ...noPayload } = record;
    await expect(openVault(noPayload, PASSWORD, bounds)).rejects.toThrow(/missing kdf, wrappedKey or payload/);
  });

  it('refuses a vault whose stored iteration count was lowered or raised out of bounds', async () => {
    const { record } = await sealVault(secrets, PASSWORD, TEST_ITERATIONS);
    await expect(openVault(record, PASSWORD, PRODUCTION_ITERATION_BOUNDS)).rejects.toThrow(
      new RegExp(`KDF iteration count ${TEST_ITERATIONS} is outside ${MIN_KDF_ITERATIONS}`),
    );
    const raised = await redigest({ ...record, kdf: { ...record.kdf, iterations: 1e9 } });
    await expect(openVault(raised, PASSWORD, bounds)).rejects.toThrow(VaultUnsupportedError);
    // Changing the count (with a valid digest) changes the key: never decrypts.
    const changed = await redigest({ ...record, kdf: { ...record.kdf, iterations: TEST_ITERATIONS + 1 } });
    await expect(openVault(changed, PASSWORD, bounds)).rejects.toThrow(IncorrectPasswordError);
  });

  it('never puts the plaintext in the record', async () => {
    const { record } = await sealVault(secrets, PASSWORD, TEST_ITERATIONS);
    const text = JSON.stringify(record);
    expect(text).not.toContain('test test');
    expect(text).not.toContain(TEST_KEY_0.slice(2));
    expect(text).not.toContain(PASSWORD);
  });
});
