// Pushes EIP-1193 events to the pages that talk to Accord. The background learns each page's frame from
// the relay's hello (tab id, frame id, origin) and keeps that list in storage.session, so a restarted
// service worker can still reach every open dapp. tabs.sendMessage needs no "tabs" permission.
import type { Address } from '../messages/popup-api';
import type { KeyValueArea } from '../storage/areas';
import type { DappCaller } from './sender';
import type { DappEventEnvelope, ProviderEventName } from './wire';

export interface EventTabs {
  sendMessage(tabId: number, message: unknown, options: { frameId: number }): Promise<unknown>;
}

export interface CreateDappEventsParameters {
  /** browser.storage.session */
  area: KeyValueArea;
  tabs: EventTabs;
  /** What eth_accounts answers this origin right now ([] when locked or not connected). */
  accountsFor(origin: string): Promise<Address[]>;
}

export type DappEvents = ReturnType<typeof createDappEvents>;

const FRAMES_KEY = 'dapp:frames';
const SENT_ACCOUNTS_KEY = 'dapp:accounts-sent';
const UNREACHABLE_KEY = 'dapp:unreachable-chains';

export function createDappEvents({ area, tabs, accountsFor }: CreateDappEventsParameters) {
  const known = new Set<string>();
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => {});
    return next;
  };

  async function read<T>(key: string): Promise<Record<string, T>> {
    const stored = (await area.get(key))[key];
    return stored && typeof stored === 'object' ? (stored as Record<string, T>) : {};
  }

  const frameKey = (caller: DappCaller) => `${caller.tabId}:${caller.frameId}`;

  async function send(frame: DappCaller, event: ProviderEventName, data: unknown): Promise<void> {
    const envelope: DappEventEnvelope = { type: 'dapp:event', origin: frame.origin, event, data };
    try {
      await tabs.sendMessage(frame.tabId, envelope, { frameId: frame.frameId });
    } catch {
      // The tab closed or navigated away: forget the frame until its next hello.
      await serial(async () => {
        const frames = await read<DappCaller>(FRAMES_KEY);
        if (frames[frameKey(frame)]?.origin === frame.origin) delete frames[frameKey(frame)];
        await area.set({ [FRAMES_KEY]: frames });
      });
      known.delete(frameKey(frame));
    }
  }

  async function recordSent(origin: string, accounts: Address[]): Promise<boolean> {
    return serial(async () => {
      const sent = await read<Address[]>(SENT_ACCOUNTS_KEY);
      if (JSON.stringify(sent[origin] ?? []) === JSON.stringify(accounts)) return false;
      sent[origin] = accounts;
      await area.set({ [SENT_ACCOUNTS_KEY]: sent });
      return true;
    });
  }

  return {
    /** One subscription result to the frame that subscribed; false when that page is gone. */
    async subscriptionMessage(frame: DappCaller, data: unknown): Promise<boolean> {
      const envelope: DappEventEnvelope = { type: 'dapp:event', origin: frame.origin, event: 'message', data };
      try {
        // The relay answers { delivered: false } when its page is another origin now (the tab moved on).
        const reply = (await tabs.sendMessage(frame.tabId, envelope, { frameId: frame.frameId })) as
          | { delivered?: unknown }
          | undefined;
        return reply?.delivered !== false;
      } catch {
        return false;
      }
    },

    /** Called on the relay's hello and on requests from frames not seen since the worker started. */
    async registerFrame(caller: DappCaller, options: { hello?: boolean } = {}): Promise<void> {
      const key = frameKey(caller);
      if (!options.hello && known.has(key)) return;
      await serial(async () => {
        const frames = await read<DappCaller>(FRAMES_KEY);
        if (frames[key]?.origin !== caller.origin) frames[key] = caller;
        await area.set({ [FRAMES_KEY]: frames });
      });
      known.add(key);
    },

    /** The page learned these accounts from a response (hello, eth_requestAccounts): no event needed for them. */
    async accountsDelivered(origin: string, accounts: Address[]): Promise<void> {
      await recordSent(origin, accounts);
    },

    /**
     * Every source of the chain failed (unreachable: `disconnect`, 4901) or one answered again (`connect`).
     * Sent once per change, to every page; remembered in storage.session across worker restarts.
     */
    async reachabilityChanged(chainId: number, reachable: boolean, reason = ''): Promise<void> {
      const changed = await serial(async () => {
        const stored = (await area.get(UNREACHABLE_KEY))[UNREACHABLE_KEY];
        const down = new Set(Array.isArray(stored) ? (stored as number[]) : []);
        if (down.has(chainId) === !reachable) return false;
        if (reachable) down.delete(chainId);
        else down.add(chainId);
        await area.set({ [UNREACHABLE_KEY]: [...down] });
        return true;
      });
      if (!changed) return;
      const hex = `0x${chainId.toString(16)}`;
      const data = reachable
        ? { chainId: hex }
        : { code: 4901, message: `Accord cannot reach any source of chain ${hex}${reason ? `: ${reason}` : ''}` };
      const frames = Object.values(await read<DappCaller>(FRAMES_KEY));
      await Promise.all(frames.map((frame) => send(frame, reachable ? 'connect' : 'disconnect', data)));
    },

    async chainChanged(chainId: number): Promise<void> {
      const frames = Object.values(await read<DappCaller>(FRAMES_KEY));
      await Promise.all(frames.map((frame) => send(frame, 'chainChanged', `0x${chainId.toString(16)}`)));
    },

    /** Recomputes every connected page's accounts and sends accountsChanged where they differ from the last sent. */
    async accountsChanged(onlyOrigin?: string): Promise<void> {
      const frames = Object.values(await read<DappCaller>(FRAMES_KEY));
      const origins = [...new Set(frames.map((f) => f.origin))].filter((o) => !onlyOrigin || o === onlyOrigin);
      for (const origin of origins) {
        const accounts = await accountsFor(origin);
        if (!(await recordSent(origin, accounts))) continue;
        await Promise.all(frames.filter((f) => f.origin === origin).map((f) => send(f, 'accountsChanged', accounts)));
      }
    },
  };
}
