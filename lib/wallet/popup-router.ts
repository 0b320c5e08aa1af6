// Answers the popup's typed calls (lib/messages/popup-api.ts). Only Accord's own pages may call: the
// sender must be this extension and its URL one of the extension's pages, never a content script.
import type { PopupApi, PopupMethod, PopupResponse } from '../messages/popup-api';
import type { MessageSenderLike } from '../provider/sender';

export type PopupHandlers = {
  [M in PopupMethod]: (params: PopupApi[M]['params']) => Promise<PopupApi[M]['result']>;
};

export function isExtensionPage(sender: MessageSenderLike, extensionId: string, extensionOrigin: string): boolean {
  const base = extensionOrigin.endsWith('/') ? extensionOrigin : `${extensionOrigin}/`;
  return sender.id === extensionId && typeof sender.url === 'string' && sender.url.startsWith(base);
}

/** The message a person can act on, and a stable code when the error has one. */
export function toPopupError(error: unknown): { message: string; code?: string } {
  const e = error as { shortMessage?: unknown; message?: unknown; code?: unknown };
  const message =
    (typeof e?.shortMessage === 'string' && e.shortMessage) ||
    (typeof e?.message === 'string' && e.message) ||
    String(error);
  return typeof e?.code === 'string' ? { message, code: e.code } : { message };
}

export function createPopupRouter(handlers: PopupHandlers, onActivity: () => void = () => {}) {
  return async function dispatch(message: unknown): Promise<PopupResponse> {
    const { method, params, passive } = (message ?? {}) as { method?: unknown; params?: unknown; passive?: unknown };
    if (typeof method !== 'string' || !Object.hasOwn(handlers, method)) {
      return { ok: false, error: { message: `Unknown popup call ${String(method)}`, code: 'unknown_method' } };
    }
    try {
      // The popup's own polls keep no wallet unlocked: only what the person does counts.
      if (passive !== true) onActivity();
      const handler = handlers[method as PopupMethod] as (params: unknown) => Promise<unknown>;
      const result = await handler(params);
      return { ok: true, result: (result ?? null) as never };
    } catch (error) {
      return { ok: false, error: toPopupError(error) };
    }
  };
}
