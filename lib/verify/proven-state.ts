import { SimpleStateManager } from '@ethereumjs/statemanager';
import { bigIntToUnpaddedBytes, createAccount, type Address as EvmAddress, hexToBytes } from '@ethereumjs/util';
import { bytesToHex, type Hex } from 'viem';
import { MissingStateError } from '../errors';
import { EMPTY_CODE_HASH, EMPTY_STORAGE_ROOT, type ProvenAccount } from './account-proof';

// A state manager that knows only what proofs showed. Libraries' state managers answer zero or empty
// for state they were never given, so a local call over them can return a wrong value silently; this
// one throws MissingStateError instead, and the EVM passes that error up: the call fails closed.

export type ProvenAccountWithCode = ProvenAccount & { code?: Hex | undefined };

export class ProvenStateManager extends SimpleStateManager {
  readonly #accounts = new Map<string, ProvenAccountWithCode>();

  readonly #onAccess: () => void;

  /** `onAccess` runs on every account, slot and code access (each message call makes some): it may throw. */
  constructor(accounts: Iterable<ProvenAccountWithCode>, options: { onAccess?: () => void } = {}) {
    super();
    this.#onAccess = options.onAccess ?? (() => {});
    for (const account of accounts) {
      const address = account.address.toLowerCase() as Hex;
      this.#accounts.set(address, account);
      const exists = account.nonce !== 0n || account.balance !== 0n || account.codeHash !== EMPTY_CODE_HASH;
      this.topAccountStack().set(
        address,
        exists
          ? createAccount({
              nonce: account.nonce,
              balance: account.balance,
              storageRoot: hexToBytes(account.storageRoot),
              codeHash: hexToBytes(account.codeHash),
            })
          : undefined,
      );
      if (account.code !== undefined) this.topCodeStack().set(address, hexToBytes(account.code));
      for (const [slot, value] of account.storage) {
        this.topStorageStack().set(`${address}_${slot}`, bigIntToUnpaddedBytes(value));
      }
    }
  }

  override async getAccount(address: EvmAddress) {
    this.#onAccess();
    const key = address.toString();
    if (!this.topAccountStack().has(key)) {
      throw new MissingStateError(`no proof for account ${key}`, { address: key as Hex });
    }
    return super.getAccount(address);
  }

  override async getStorage(address: EvmAddress, slot: Uint8Array) {
    this.#onAccess();
    const key = address.toString();
    if (this.topStorageStack().has(`${key}_${bytesToHex(slot)}`)) return super.getStorage(address, slot);
    const proven = this.#accounts.get(key);
    // Untouched storage of an account proven to have none (or created in this call) is zero.
    if (proven?.storageRoot === EMPTY_STORAGE_ROOT || (!proven && this.topAccountStack().has(key))) {
      return super.getStorage(address, slot);
    }
    throw new MissingStateError(`no proof for slot ${bytesToHex(slot)} of ${key}`, {
      address: key as Hex,
      slot: bytesToHex(slot),
    });
  }

  override async getCode(address: EvmAddress) {
    this.#onAccess();
    const key = address.toString();
    if (this.topCodeStack().has(key)) return super.getCode(address);
    const proven = this.#accounts.get(key);
    if (proven?.codeHash === EMPTY_CODE_HASH || (!proven && this.topAccountStack().has(key))) {
      return new Uint8Array(0);
    }
    throw new MissingStateError(`no proven code for ${key}`, { address: key as Hex });
  }

  override async getCodeSize(address: EvmAddress) {
    return (await this.getCode(address)).length;
  }
}
