// The caller's identity comes only from what the browser says about the message's sender.
export interface MessageSenderLike {
  id?: string;
  url?: string;
  origin?: string;
  tab?: { id?: number };
  frameId?: number;
}

export interface DappCaller {
  origin: string;
  tabId: number;
  frameId: number;
}

/**
 * Permissions are keyed by the origin of the top-level frame that sent the request: the relay runs
 * only in top frames (allFrames: false), so an embedded iframe never inherits a site's permissions.
 */
export function dappCallerFromSender(sender: MessageSenderLike, extensionId: string): DappCaller | null {
  if (sender.id !== extensionId) return null;
  if (sender.tab?.id === undefined) return null;
  if ((sender.frameId ?? 0) !== 0) return null;
  const raw = sender.origin ?? (sender.url ? safeOrigin(sender.url) : undefined);
  if (!raw || raw === 'null') return null;
  if (!/^https?:\/\//.test(raw)) return null;
  return { origin: raw, tabId: sender.tab.id, frameId: sender.frameId ?? 0 };
}

function safeOrigin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
