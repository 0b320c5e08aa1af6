// Accord keyring: BIP-39/32/44 keys, the password vault, the unlock session, and signing.
// Framework-free: storage areas, alarms and the IndexedDB factory are passed in.
//
// ── Wiring (background/index.ts) ────────────────────────────────────────────────────────────────────────
//
//   import { openAccordDb } from '../storage/db';
//   import { createKeyringService } from '.';
//   import { createTransactionSender, createTransactionStore, REBROADCAST_ALARM } from '../transactions';
//
//   const db = await openAccordDb({ indexedDB });            // once per worker start
//   const keyring = createKeyringService({
//     db, sessionStorage: browser.storage.session, localStorage: browser.storage.local, alarms: browser.alarms,
//   });                                                      // never pass kdfIterations outside tests
//   const transactions = createTransactionSender({ store: createTransactionStore(db), signer: keyring });
//
//   browser.alarms.onAlarm.addListener(async ({ name }) => {
//     if (await keyring.handleAlarm(name)) return;           // 'accord-autolock' → lock when idle
//     if (name === REBROADCAST_ALARM) {
//       for (const chainId of await transactions.store.pendingChainIds())
//         await transactions.rebroadcastPending(chainAccess(chainId));
//     }
//   });
//   browser.alarms.create(REBROADCAST_ALARM, { periodInMinutes: REBROADCAST_PERIOD_MINUTES });
//   // chainAccess(chainId) = { chainId, request: (args) => quorumClient.requestForDapp(args) }
//
//   Register all listeners synchronously at the top level of the worker; call keyring.touch() on every popup
//   message and every approved dapp request (it pushes the idle lock back). keyring.onLockChange(unlocked)
//   and keyring.onAccountsChange(accounts, selected) feed the dapp 'accountsChanged' event and the popup.
//
// ── KeyringService ──────────────────────────────────────────────────────────────────────────────────────
//   status() → { initialized, unlocked, accounts: AccountView[], selectedAddress, autoLockMinutes }
//     AccountView = { address, name, keychainId, type: 'hd' | 'imported', index? }
//   createWallet({ password, words?: 12 | 24 }) → { mnemonic }   fails with VaultExistsError if one exists
//   importMnemonic({ password, mnemonic }) → AccountView          no wallet: restore; else: add keychain
//   importPrivateKey({ privateKey, password? }) → AccountView     no wallet: onboarding (password required);
//                                                                 else unlocked, or with the password
//   addAccount({ name?, keychainId? }) → AccountView · renameAccount(address, name) → AccountView
//   selectAccount(address) · unlock(password) · lock() · changePassword(old, new)
//   revealMnemonic(password, keychainId?) → { mnemonic } · exportPrivateKey(address, password) → { privateKey }
//   signPersonalMessage(address, message) → Hex      message: 0x-hex bytes, or text (UTF-8), like MetaMask
//   signTypedData(address, data, 'V1' | 'V3' | 'V4') → Hex  V3/V4: object or JSON text; V1: the legacy
//                                                    array of { type, name, value }. The caller checks the
//                                                    domain's chainId against the active chain.
//   signTransaction(address, SignableTransaction) → signed raw Hex (eip1559, or legacy with EIP-155)
//   ethSign() → always throws MethodDisabledError (eth_sign stays off)
//   touch() · setAutoLockMinutes(1..1440) · handleAlarm(name) → boolean · reset() (explicit user wipe)
//   onLockChange(fn) / onAccountsChange(fn) → unsubscribe
// Errors are KeyringError subclasses (lib/keyring/errors.ts) with shortMessage and a stable `code`:
//   incorrect_password, too_many_attempts (retryAfterMs), weak_password, vault_corrupted, vault_unsupported,
//   vault_exists, no_vault, locked, invalid_mnemonic, invalid_private_key, account_exists, unknown_account,
//   invalid_input, invalid_typed_data, method_disabled. None carries a secret.
//
// ── Storage ─────────────────────────────────────────────────────────────────────────────────────────────
//   IndexedDB 'accord' (lib/storage): vault (one encrypted record, see vault-format.ts), accounts (public
//   metadata), settings (selectedAddress, autoLockMinutes), transactions (signed, see lib/transactions).
//   storage.session 'accord:unlock' = { v, dataKey (base64), lockAt }: the vault's random data key, never the
//   password or the phrase; storage.session is memory-only and trusted-contexts-only by default.
//   storage.local 'accord:passwordFailures' = { count, lastAt } for the growing delay. Nothing else.
//
// ── Security notes ──────────────────────────────────────────────────────────────────────────────────────
//   Vault: PBKDF2-HMAC-SHA256, 900,000 iterations (stored in the record), AES-256-GCM; fresh KDF salt and data
//   key whenever the password is part of a write, fresh payload salt and IV on every write.
//   Downgrade: stored iteration counts below 600,000 or above 10,000,000 are refused; new vaults always use
//   the current default, never the stored count. The count is also bound into the GCM additional data.
//   Metadata (addresses, names) is unencrypted; every signature re-derives the address from the vault and
//   refuses a mismatch, and unlock repairs altered metadata.

export { AUTO_LOCK_ALARM, DEFAULT_AUTO_LOCK_MINUTES } from '../session/auto-lock';
export * from './errors';
export { createKeyringService, type KeyringService, type KeyringServiceParameters } from './keyring';
export { MIN_PASSWORD_LENGTH } from './keyring-core';
export type { SignableTransaction } from './signing';
export type { AnyTypedDataVersion, TypedDataVersion } from './typed-data';
export type { AccountRecord, AccountView, KeyringStatus } from './types';
export { DEFAULT_KDF_ITERATIONS, MIN_KDF_ITERATIONS } from './vault';
