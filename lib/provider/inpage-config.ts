// How a page knows, before any of its own scripts run, that "Let dapps that look for MetaMask use Accord"
// is off. The setting lives in storage.local, which a content script can only read asynchronously: a page
// that checks `window.ethereum.isMetaMask` in its first inline script would see the default. So while the
// setting is off the background registers one more MAIN-world script at document_start
// (entrypoints/inpage-compat-off, scripting.registerContentScripts), which leaves the answer on the page's
// window before the page runs. Whichever of it and the provider's own script runs first, the provider
// reads the mark when asked, so the order the browser injects them in does not matter. The relay's
// configuration message (relay.ts) still follows and agrees with it.

/** Where the compat-off script leaves its mark on the page's window (a registry symbol, not enumerable). */
export const INPAGE_CONFIG_MARK = Symbol.for('accord.inpageConfig');

/** The id and file of the registered script, as the extension's build names it. */
export const COMPAT_OFF_SCRIPT = { id: 'accord-metamask-compat-off', file: 'inpage-compat-off.js' } as const;

/** The pages Accord's content scripts serve (wxt.config.ts and entrypoints/content). */
export const PAGE_MATCHES = ['http://*/*', 'https://*/*'];

export interface InpageMark {
  metamaskCompat: boolean;
}

/** Runs in the page's main world (the compat-off script). */
export function markMetamaskCompatOff(window: object): void {
  Object.defineProperty(window, INPAGE_CONFIG_MARK, {
    value: Object.freeze({ metamaskCompat: false } satisfies InpageMark),
    configurable: true,
    enumerable: false,
    writable: false,
  });
}

/** What the mark on the page's window says, if the compat-off script ran; undefined otherwise. */
export function inpageMark(window: object): InpageMark | undefined {
  const mark = (window as Record<symbol, unknown>)[INPAGE_CONFIG_MARK] as { metamaskCompat?: unknown } | undefined;
  return typeof mark?.metamaskCompat === 'boolean' ? { metamaskCompat: mark.metamaskCompat } : undefined;
}

/** The part of browser.scripting the background uses. */
export interface ScriptingLike {
  registerContentScripts(
    scripts: {
      id: string;
      js: string[];
      matches: string[];
      runAt: 'document_start';
      world: 'MAIN';
      allFrames: boolean;
      persistAcrossSessions: boolean;
    }[],
  ): Promise<void>;
  unregisterContentScripts(filter: { ids: string[] }): Promise<void>;
  getRegisteredContentScripts(filter: { ids: string[] }): Promise<{ id: string }[]>;
}

// One registration change at a time per scripting API (the worker's start and the setting's handler may
// overlap), each against the setting as it is stored when its turn comes.
const queues = new WeakMap<ScriptingLike, Promise<void>>();

/**
 * Makes the registered scripts match the setting: the compat-off script is registered exactly while
 * MetaMask compatibility is off. Idempotent; called when the setting changes and when the worker starts
 * (a registration the browser dropped, e.g. on an update, is put back).
 */
export function syncCompatOffScript(scripting: ScriptingLike, metamaskCompat: () => Promise<boolean>): Promise<void> {
  const next = (queues.get(scripting) ?? Promise.resolve())
    .catch(() => {})
    .then(async () => {
      const enabled = await metamaskCompat();
      const ids = [COMPAT_OFF_SCRIPT.id];
      const registered = (await scripting.getRegisteredContentScripts({ ids })).length > 0;
      if (enabled && registered) await scripting.unregisterContentScripts({ ids });
      if (!enabled && !registered) {
        await scripting.registerContentScripts([
          {
            id: COMPAT_OFF_SCRIPT.id,
            js: [COMPAT_OFF_SCRIPT.file],
            matches: PAGE_MATCHES,
            runAt: 'document_start',
            world: 'MAIN',
            allFrames: false,
            persistAcrossSessions: true,
          },
        ]);
      }
    });
  queues.set(scripting, next);
  return next;
}
