/**
 * The part of a WebExtension storage area (browser.storage.session / .local) that Accord uses. Passed in,
 * so lib code runs in the service worker and, with wxt's fakeBrowser, under node.
 */
export interface KeyValueArea {
  get(keys: string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}
