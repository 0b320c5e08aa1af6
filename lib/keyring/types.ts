import type { Address } from 'viem';

export type KeychainType = 'hd' | 'imported';

/** Public account metadata, stored unencrypted so the locked popup can show addresses. */
export interface AccountRecord {
  address: Address;
  name: string;
  keychainId: string;
  type: KeychainType;
  /** BIP-44 address index (m/44'/60'/0'/0/index) for HD accounts. */
  index?: number;
  /** Display order. */
  order: number;
  createdAt: number;
}

export interface AccountView {
  address: Address;
  name: string;
  keychainId: string;
  type: KeychainType;
  index?: number;
}

export interface KeyringStatus {
  initialized: boolean;
  unlocked: boolean;
  accounts: AccountView[];
  selectedAddress: Address | null;
  autoLockMinutes: number;
  /** A created phrase that the user has not yet confirmed writing down. */
  backupPending: boolean;
}

/** Decrypted vault contents. Lives only in memory while unlocked; never written anywhere in the clear. */
export interface VaultSecrets {
  version: 1;
  keychains: Keychain[];
}

export type Keychain =
  | { id: string; type: 'hd'; mnemonic: string }
  | { id: string; type: 'imported'; privateKey: `0x${string}` };
