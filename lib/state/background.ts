// The popup's typed client for the background: one call per PopupApi method, unwrapped, errors as BackgroundError.
import { browser } from 'wxt/browser';
import type {
  PopupApi,
  PopupChangeNotice,
  PopupMethod,
  PopupRequestEnvelope,
  PopupResponse,
} from '../messages/popup-api';

export class BackgroundError extends Error {
  override name = 'BackgroundError';
  readonly method: PopupMethod;
  readonly code: string | undefined;

  constructor(method: PopupMethod, message: string, code?: string) {
    super(message);
    this.method = method;
    this.code = code;
  }
}

export type ParamsOf<M extends PopupMethod> = PopupApi[M]['params'];
export type ResultOf<M extends PopupMethod> = PopupApi[M]['result'];
/** Methods whose params are `void` take no argument. */
export type ParamsArgs<M extends PopupMethod> = ParamsOf<M> extends undefined ? [] : [params: ParamsOf<M>];

export type SendMessage = (message: PopupRequestEnvelope) => Promise<unknown>;

export interface CreateBackgroundClientParameters {
  send?: SendMessage;
  /** A service worker that is starting up has no listener yet: retry a few times before giving up. */
  retries?: number;
  retryDelayMs?: number;
  /** Calls the popup makes on its own (polls, change notices): they do not delay auto-lock. */
  passive?: boolean;
}

export type CallBackground = <M extends PopupMethod>(method: M, ...params: ParamsArgs<M>) => Promise<ResultOf<M>>;

const NOT_LISTENING = /Receiving end does not exist|Could not establish connection|message port closed/i;

export function createBackgroundClient({
  send = (message) => browser.runtime.sendMessage(message),
  retries = 4,
  retryDelayMs = 150,
  passive = false,
}: CreateBackgroundClientParameters = {}): CallBackground {
  return async function call<M extends PopupMethod>(method: M, ...params: ParamsArgs<M>): Promise<ResultOf<M>> {
    const envelope = {
      type: 'popup:request',
      method,
      params: params[0],
      ...(passive ? { passive: true } : {}),
    } as PopupRequestEnvelope<M>;
    for (let attempt = 0; ; attempt++) {
      let response: PopupResponse<M> | undefined;
      try {
        response = (await send(envelope as PopupRequestEnvelope)) as PopupResponse<M> | undefined;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (attempt < retries && NOT_LISTENING.test(message)) {
          await delay(retryDelayMs * (attempt + 1));
          continue;
        }
        throw new BackgroundError(method, message, 'transport');
      }
      if (response === undefined || response === null) {
        if (attempt < retries) {
          await delay(retryDelayMs * (attempt + 1));
          continue;
        }
        throw new BackgroundError(method, 'The wallet background did not answer', 'no-answer');
      }
      if (response.ok) return response.result;
      throw new BackgroundError(method, response.error.message, response.error.code);
    }
  };
}

export const callBackground: CallBackground = createBackgroundClient();
/** For the store's own reads (polls, change notices): they do not keep the wallet unlocked. */
export const pollBackground: CallBackground = createBackgroundClient({ passive: true });

/**
 * The person clicked or typed in the popup: tells the background (at most every 10 s), which pushes auto-lock
 * back. Reads the popup makes on its own do not, so a popup left open still locks.
 */
export function createActivityReporter(call: CallBackground = callBackground, everyMs = 10_000, now = Date.now) {
  let last = Number.NEGATIVE_INFINITY;
  return () => {
    if (now() - last < everyMs) return;
    last = now();
    void call('wallet/status').catch(() => {});
  };
}

export type ChangeTopic = PopupChangeNotice['topics'][number];

/** Calls `listener` with the topics of every `popup:changed` notice; returns the unsubscribe. */
export function onPopupChanged(listener: (topics: ChangeTopic[]) => void): () => void {
  const handler = (message: unknown) => {
    const notice = message as PopupChangeNotice | undefined;
    if (notice?.type === 'popup:changed' && Array.isArray(notice.topics)) listener(notice.topics);
    return undefined;
  };
  browser.runtime.onMessage.addListener(handler);
  return () => browser.runtime.onMessage.removeListener(handler);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
