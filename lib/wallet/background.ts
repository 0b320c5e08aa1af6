// What the background entrypoint registers. Listeners are added synchronously when the worker starts
// (a stopped MV3 worker is woken by the event and must find its listener); the services they need are
// built once, on first use.
import { dappCallerFromSender, type MessageSenderLike } from '../provider/sender';
import { type DappResponse, parseDappEnvelope } from '../provider/wire';
import { createPopupHandlers } from './popup-handlers';
import { createPopupRouter, isExtensionPage } from './popup-router';
import type { WalletServices } from './services';

type Listener<A extends unknown[]> = { addListener(listener: (...args: A) => unknown): void };

/** The parts of `browser` the background listens to. */
export interface BackgroundBrowser {
  runtime: {
    id: string;
    getURL(path: string): string;
    onMessage: Listener<[message: unknown, sender: MessageSenderLike, sendResponse: (response: unknown) => void]>;
  };
  windows: { onRemoved: Listener<[windowId: number]> };
  tabs: { onRemoved: Listener<[tabId: number]> };
  alarms: { onAlarm: Listener<[alarm: { name: string }]> };
}

export function startBackground(browser: BackgroundBrowser, buildServices: () => Promise<WalletServices>) {
  let services: Promise<WalletServices> | null = null;
  const ready = () => {
    services ??= buildServices().catch((error) => {
      services = null;
      throw error;
    });
    return services;
  };
  let router: ((message: unknown) => Promise<unknown>) | null = null;
  const popupRouter = async () => {
    const s = await ready();
    router ??= createPopupRouter(createPopupHandlers(s), () => void s.keyring.touch().catch(() => {}));
    return router;
  };
  const extensionOrigin = browser.runtime.getURL('/');

  async function onDappMessage(message: { type: string }, sender: MessageSenderLike): Promise<DappResponse> {
    const caller = dappCallerFromSender(sender, browser.runtime.id);
    if (!caller) return { error: { code: 4100, message: 'Accord answers only top-level http(s) pages.' } };
    try {
      const s = await ready();
      if (message.type === 'dapp:hello') return await s.dapp.hello(caller);
      const parsed = parseDappEnvelope(message);
      if (!parsed) return { error: { code: -32600, message: 'Not a dapp request' } };
      if (!parsed.ok) return { error: parsed.error };
      return await s.dapp.handle(caller, parsed.message.id, parsed.message.request);
    } catch (error) {
      return { error: { code: -32603, message: `Accord could not start: ${(error as Error).message}` } };
    }
  }

  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    const type = (message as { type?: unknown } | null)?.type;
    if (type === 'dapp:hello' || type === 'dapp:request') {
      void onDappMessage(message as { type: string }, sender).then(sendResponse);
      return true;
    }
    if (type === 'popup:request') {
      if (!isExtensionPage(sender, browser.runtime.id, extensionOrigin)) {
        sendResponse({
          ok: false,
          error: { message: 'Only Accord’s own pages may call the wallet.', code: 'forbidden' },
        });
        return false;
      }
      void popupRouter()
        .then((dispatch) => dispatch(message))
        .catch((error: Error) => ({ ok: false, error: { message: `Accord could not start: ${error.message}` } }))
        .then(sendResponse);
      return true;
    }
    return false;
  });

  browser.windows.onRemoved.addListener((windowId) => {
    void ready()
      .then((s) => s.dapp.approvals.onWindowRemoved(windowId))
      .catch(() => {});
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    void ready()
      .then((s) => Promise.all([s.dapp.approvals.onTabRemoved(tabId), s.dapp.watchers.forgetPage(tabId)]))
      .catch(() => {});
  });
  browser.alarms.onAlarm.addListener(({ name }) => {
    void ready()
      .then((s) => s.handleAlarm(name))
      .catch(() => {});
  });

  return { ready };
}
