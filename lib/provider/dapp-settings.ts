// How Accord presents itself to dapps. The background owns the setting and writes it to storage.local,
// where the content script can read it at document_start without waking the service worker.
import type { KeyValueArea } from '../storage/areas';

/** storage.local key; the content script reads it too (see relay.ts). */
export const METAMASK_COMPAT_KEY = 'settings:metamaskCompat';

export interface DappSettingsView {
  /** "Let dapps that look for MetaMask use Accord": isMetaMask, lowercase accounts. On by default. */
  metamaskCompat: boolean;
}

export interface DappSettings {
  get(): Promise<DappSettingsView>;
  setMetamaskCompat(enabled: boolean): Promise<void>;
}

export function metamaskCompatFrom(stored: Record<string, unknown>): boolean {
  return stored[METAMASK_COMPAT_KEY] !== false;
}

export function createDappSettings(area: KeyValueArea): DappSettings {
  return {
    async get() {
      return { metamaskCompat: metamaskCompatFrom(await area.get(METAMASK_COMPAT_KEY)) };
    },
    async setMetamaskCompat(enabled) {
      await area.set({ [METAMASK_COMPAT_KEY]: enabled === true });
    },
  };
}

/** Accounts as a dapp sees them: lowercase when MetaMask compatibility is on (MetaMask reports them so). */
export function accountsForDapp<T extends string>(accounts: readonly T[], metamaskCompat: boolean): T[] {
  return metamaskCompat ? accounts.map((a) => a.toLowerCase() as T) : [...accounts];
}
