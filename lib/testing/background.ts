// Test-only: the whole background (services + message routing) over fake-indexeddb and wxt's fakeBrowser,
// with messages sent as the browser would deliver them (fake senders for pages and extension pages).
import { IDBFactory } from 'fake-indexeddb';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { PopupApi, PopupMethod, PopupResponse } from '../messages/popup-api';
import type { MessageSenderLike } from '../provider/sender';
import type { DappResponse } from '../provider/wire';
import { type BackgroundBrowser, startBackground } from '../wallet/background';
import type { BuiltInNetwork } from '../wallet/network-config';
import { createWalletServices, type WalletServices } from '../wallet/services';
import { fakeScripting, fakeTabs, fakeWindows } from './provider-fakes';

export interface TestBackgroundOptions {
  devnet?: BuiltInNetwork | null;
  fetch?: typeof fetch;
  /** The vault's real key derivation (900k rounds) instead of the tests' quick one, e.g. for the benchmark. */
  productionKdf?: boolean;
}

type Handler = (...args: unknown[]) => unknown;

export async function startTestBackground({ devnet = null, fetch, productionKdf = false }: TestBackgroundOptions = {}) {
  fakeBrowser.reset();
  const indexedDB = new IDBFactory();
  const windows = fakeWindows();
  const tabs = fakeTabs();
  const scripting = fakeScripting();
  const pageNotices: unknown[] = [];
  const extensionId = fakeBrowser.runtime.id;
  const extensionOrigin = `chrome-extension://${extensionId}`;
  const listeners: Record<'message' | 'windowRemoved' | 'tabRemoved' | 'alarm', Handler[]> = {
    message: [],
    windowRemoved: [],
    tabRemoved: [],
    alarm: [],
  };
  const on = (list: Handler[]) => ({ addListener: (l: Handler) => void list.push(l) });
  const browserLike = {
    runtime: {
      id: extensionId,
      getURL: (p: string) => `${extensionOrigin}/${p.replace(/^\//, '')}`,
      onMessage: on(listeners.message),
    },
    windows: { onRemoved: on(listeners.windowRemoved) },
    tabs: { onRemoved: on(listeners.tabRemoved) },
    alarms: { onAlarm: on(listeners.alarm) },
  } as unknown as BackgroundBrowser;
  windows.onRemoved((id) => {
    for (const l of listeners.windowRemoved) l(id);
  });

  let services: WalletServices | null = null;
  const build = async () => {
    services = await createWalletServices({
      devnet,
      ...(productionKdf ? {} : { kdfIterations: 1_000 }),
      platform: {
        indexedDB,
        session: fakeBrowser.storage.session,
        local: fakeBrowser.storage.local,
        alarms: fakeBrowser.alarms,
        windows,
        tabs,
        extensionUrl: (path) => `${extensionOrigin}${path}`,
        sendToPages: async (message) => void pageNotices.push(message),
        scripting,
        ...(fetch ? { fetch } : {}),
      },
    });
    return services;
  };
  startBackground(browserLike, build);

  function send(message: unknown, sender: MessageSenderLike): Promise<unknown> {
    return new Promise((resolve) => {
      let answered = false;
      for (const listener of listeners.message) {
        const keepOpen = listener(message, sender, (response: unknown) => {
          answered = true;
          resolve(response);
        });
        if (keepOpen === true || answered) return;
      }
      resolve(undefined);
    });
  }

  const popupSender: MessageSenderLike = {
    id: extensionId,
    url: `${extensionOrigin}/popup.html`,
    origin: extensionOrigin,
  };
  const dappSender = (origin: string, tabId = 1): MessageSenderLike => ({
    id: extensionId,
    origin,
    url: `${origin}/`,
    tab: { id: tabId },
    frameId: 0,
  });
  let requestId = 1;

  async function popupCall<M extends PopupMethod>(method: M, params: PopupApi[M]['params'], passive: boolean) {
    const response = (await send(
      { type: 'popup:request', method, params, ...(passive ? { passive: true } : {}) },
      popupSender,
    )) as PopupResponse<M>;
    if (!response.ok) throw Object.assign(new Error(response.error.message), { code: response.error.code });
    return response.result;
  }

  /** A call the person made in the popup. */
  function popup<M extends PopupMethod>(
    method: M,
    ...params: PopupApi[M]['params'] extends undefined ? [] : [PopupApi[M]['params']]
  ) {
    return popupCall(method, params[0] as PopupApi[M]['params'], false);
  }

  /** A read the popup makes on its own (a poll): marked passive, as the popup's store marks it. */
  function poll<M extends PopupMethod>(
    method: M,
    ...params: PopupApi[M]['params'] extends undefined ? [] : [PopupApi[M]['params']]
  ) {
    return popupCall(method, params[0] as PopupApi[M]['params'], true);
  }

  async function pendingApprovals(count = 1) {
    for (let i = 0; i < 500; i++) {
      const list = await popup('approvals/list');
      if (list.length >= count) return list;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`expected ${count} pending approval(s)`);
  }

  return {
    extensionId,
    windows,
    tabs,
    scripting,
    pageNotices,
    get services() {
      if (!services) throw new Error('services not built yet');
      return services;
    },
    send,
    popup,
    poll,
    popupSender,
    dappSender,
    dapp(origin: string, method: string, params?: unknown, options: { tabId?: number; id?: string | number } = {}) {
      const request = params === undefined ? { method } : { method, params };
      return send(
        { type: 'dapp:request', id: options.id ?? requestId++, request },
        dappSender(origin, options.tabId),
      ) as Promise<DappResponse>;
    },
    hello: (origin: string, tabId = 1) =>
      send({ type: 'dapp:hello' }, dappSender(origin, tabId)) as Promise<DappResponse>,
    pendingApprovals,
    /** Waits for the pending approval and answers it from the "approval window". */
    async decide(decision: Omit<PopupApi['approvals/resolve']['params'], 'id'>) {
      const [approval] = await pendingApprovals();
      await popup('approvals/resolve', { id: approval.id, ...decision });
      return approval;
    },
    close() {
      services?.close();
    },
  };
}

export type TestBackground = Awaited<ReturnType<typeof startTestBackground>>;

/** The background with a devnet as its "Local devnet" network (each source as the devnet lists it). */
export function startDevnetBackground(
  devnet: { chainId: number; sourceList: readonly { id: string; url: string; operator: string }[] },
  options: Omit<TestBackgroundOptions, 'devnet'> = {},
): Promise<TestBackground> {
  return startTestBackground({
    ...options,
    devnet: {
      chainId: devnet.chainId,
      name: 'Local devnet',
      symbol: 'ETH',
      sources: devnet.sourceList.map(({ id, url, operator }) => ({ id, url, operator })),
    },
  });
}

/** Imports `mnemonic`, then connects `origin` to `accounts` through its approval, as a dapp and the user would. */
export async function importAndConnect(
  background: TestBackground,
  parameters: { mnemonic: string; password: string; origin: string; accounts: `0x${string}`[] },
): Promise<void> {
  await background.popup('wallet/importMnemonic', { password: parameters.password, mnemonic: parameters.mnemonic });
  await background.hello(parameters.origin);
  const connecting = background.dapp(parameters.origin, 'eth_requestAccounts');
  await background.decide({ approved: true, accounts: parameters.accounts });
  await connecting;
}
