import type { Bytes } from './bytes';
import { utf8 } from './bytes';
import { VaultCorruptedError } from './errors';
import type { Keychain, VaultSecrets } from './types';

export function serializeSecrets(secrets: VaultSecrets): Bytes {
  return utf8(JSON.stringify(secrets));
}

function isKeychain(value: unknown): value is Keychain {
  if (typeof value !== 'object' || value === null) return false;
  const k = value as Record<string, unknown>;
  if (typeof k.id !== 'string' || k.id.length === 0) return false;
  if (k.type === 'hd') return typeof k.mnemonic === 'string';
  if (k.type === 'imported') return typeof k.privateKey === 'string' && /^0x[0-9a-f]{64}$/.test(k.privateKey);
  return false;
}

/** Parses decrypted vault contents. Authenticated already, so a bad shape means a bug or a foreign writer. */
export function parseSecrets(bytes: Uint8Array): VaultSecrets {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new VaultCorruptedError('the decrypted contents are not JSON');
  }
  const secrets = value as Partial<VaultSecrets>;
  if (secrets?.version !== 1 || !Array.isArray(secrets.keychains) || !secrets.keychains.every(isKeychain)) {
    throw new VaultCorruptedError('the decrypted contents have an unknown shape');
  }
  return { version: 1, keychains: secrets.keychains };
}
