import type { Address, Hex, LocalAccount } from 'viem';
import type { HDKey } from 'viem/accounts';
import type { Bytes } from './bytes';
import { VaultCorruptedError } from './errors';
import { hdAccount, hdPrivateKey, hdRootFromMnemonic, importedAccount } from './keys';
import type { AccountRecord, Keychain, VaultSecrets } from './types';

/**
 * What the background holds in memory while unlocked: the decrypted secrets, the data key, and the BIP-32
 * roots derived from them (deriving a root runs BIP-39's PBKDF2, so it is done once per keychain).
 */
export class UnlockedKeyring {
  private roots = new Map<string, HDKey>();

  constructor(
    public secrets: VaultSecrets,
    public dataKey: Bytes,
  ) {}

  keychain(id: string): Keychain {
    const keychain = this.secrets.keychains.find((k) => k.id === id);
    if (!keychain) throw new VaultCorruptedError('an account points to a keychain that is not in the vault');
    return keychain;
  }

  root(keychain: Keychain & { type: 'hd' }): HDKey {
    let root = this.roots.get(keychain.id);
    if (!root) {
      root = hdRootFromMnemonic(keychain.mnemonic);
      this.roots.set(keychain.id, root);
    }
    return root;
  }

  /** The account a metadata record describes, derived from the vault. */
  derive(keychainId: string, index: number | undefined): LocalAccount {
    const keychain = this.keychain(keychainId);
    if (keychain.type === 'imported') return importedAccount(keychain.privateKey);
    if (index === undefined) throw new VaultCorruptedError('an HD account has no index');
    return hdAccount(this.root(keychain), index);
  }

  privateKey(keychainId: string, index: number | undefined): Hex {
    const keychain = this.keychain(keychainId);
    if (keychain.type === 'imported') return keychain.privateKey;
    return hdPrivateKey(this.root(keychain), index ?? 0);
  }

  /** Derives and checks that the address matches, so altered metadata cannot redirect a signature. */
  signerFor(record: AccountRecord): LocalAccount {
    const account = this.derive(record.keychainId, record.index);
    if (account.address !== record.address) {
      throw new VaultCorruptedError(`account metadata for ${record.address} does not match the vault`);
    }
    return account;
  }

  expectedAddress(record: AccountRecord): Address | null {
    try {
      if (this.keychain(record.keychainId).type !== record.type) return null;
      return this.derive(record.keychainId, record.index).address;
    } catch {
      return null;
    }
  }

  /** Drops references and zeroes what can be zeroed (JS strings cannot be). */
  wipe(): void {
    for (const root of this.roots.values()) root.wipePrivateData();
    this.roots.clear();
    this.dataKey.fill(0);
    this.secrets = { version: 1, keychains: [] };
  }
}
