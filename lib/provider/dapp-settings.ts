// How Accord presents itself to dapps. The background owns the setting and writes it to storage.local,
// where the content script can read it at document_start without waking the service worker; while it is
// off, a registered MAIN-world script tells pages so before they run (inpage-config.ts).
import type { KeyValueArea } from '../storage/areas';
import { type ScriptingLike, syncCompatOffScript } from './inpage-config';

/** storage.local key; the content script reads it too (see relay.ts). */
export const METAMASK_COMPAT_KEY = 'settings:metamaskCompat';

export interface DappSettingsView {
  /** "Let dapps that look for MetaMask use Accord": isMetaMask, lowercase accounts. On by default. */
  metamaskCompat: boolean;
}

export interface DappSettings {
  get(): Promise<DappSettingsView>;
  setMetamaskCompat(enabled: boolean): Promise<void>;
  /** Puts the page script registration in line with the stored setting (the worker calls it at start). */
  syncPageScripts(): Promise<void>;
}

export function metamaskCompatFrom(stored: Record<string, unknown>): boolean {
  return stored[METAMASK_COMPAT_KEY] !== false;
}

export function createDappSettings(area: KeyValueArea, scripting?: ScriptingLike): DappSettings {
  const read = async () => metamaskCompatFrom(await area.get(METAMASK_COMPAT_KEY));
  const syncPageScripts = () => (scripting ? syncCompatOffScript(scripting, read) : Promise.resolve());
  return {
    async get() {
      return { metamaskCompat: await read() };
    },
    async setMetamaskCompat(enabled) {
      await area.set({ [METAMASK_COMPAT_KEY]: enabled === true });
      await syncPageScripts();
    },
    syncPageScripts,
  };
}

/** Accounts as a dapp sees them: lowercase when MetaMask compatibility is on (MetaMask reports them so). */
export function accountsForDapp<T extends string>(accounts: readonly T[], metamaskCompat: boolean): T[] {
  return metamaskCompat ? accounts.map((a) => a.toLowerCase() as T) : [...accounts];
}
