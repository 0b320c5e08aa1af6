// The isolated-world relay between a page and the background. It keeps no state beyond having said
// hello: each request is validated, forwarded with runtime.sendMessage (which wakes a stopped service worker), and re-sent
// with the same id when the worker went away before answering. The background recognises the re-sent
// request (approvals.ts) and answers it once, so a dapp's request in flight is answered, not lost.

import { METAMASK_COMPAT_KEY, metamaskCompatFrom } from './dapp-settings';
import {
  CONTENT_CHANNEL,
  type ContentMessage,
  type DappEventEnvelope,
  type DappHelloEnvelope,
  type DappHelloResult,
  type DappRequestEnvelope,
  type DappResponse,
  PAGE_CHANNEL,
  type ProviderEventName,
  parsePageRequest,
} from './wire';

export interface RelayRuntime {
  sendMessage(message: unknown): Promise<unknown>;
  onMessage: {
    addListener(listener: (message: unknown, sender: unknown, sendResponse: (response: unknown) => void) => void): void;
  };
}

export interface RelayOptions {
  window: Window;
  runtime: RelayRuntime;
  /** browser.storage.local: the provider's configuration, read without waking the service worker. */
  settings?: { get(key: string): Promise<Record<string, unknown>> };
  /** Pauses between re-sends after the worker went away; the count starts over after a long wait. */
  retryDelaysMs?: number[];
  now?: () => number;
}

/** A send that waited this long before failing reached a live worker: the next failure is a new restart. */
const LONG_WAIT_MS = 2_000;

const WORKER_GONE =
  /receiving end does not exist|message port closed|message channel closed|could not establish connection|disconnected|no response/i;
const EVENTS = new Set<ProviderEventName>(['connect', 'disconnect', 'chainChanged', 'accountsChanged', 'message']);

export function isWorkerGoneError(error: unknown): boolean {
  return WORKER_GONE.test(String((error as Error)?.message ?? error));
}

function isResponse(value: unknown): value is DappResponse {
  if (typeof value !== 'object' || value === null) return false;
  if ('result' in value) return true;
  const error = (value as { error?: { code?: unknown; message?: unknown } }).error;
  return typeof error?.code === 'number' && typeof error.message === 'string';
}

export function startRelay({
  window,
  runtime,
  settings,
  retryDelaysMs = [50, 200, 500, 1000, 2000, 4000],
  now = Date.now,
}: RelayOptions) {
  const origin = window.location.origin;
  const post = (message: ContentMessage) => window.postMessage(message, targetOrigin(window));

  // The provider's configuration: posted once read, and again whenever the provider asks for it.
  const config = (settings?.get(METAMASK_COMPAT_KEY) ?? Promise.resolve({}))
    .catch(() => ({}))
    .then((stored) => ({ metamaskCompat: metamaskCompatFrom(stored) }));
  const postConfig = () => void config.then((c) => post({ channel: CONTENT_CHANNEL, config: c }));
  postConfig();

  async function forward(envelope: DappRequestEnvelope | DappHelloEnvelope): Promise<DappResponse> {
    for (let attempt = 0; ; attempt++) {
      const sentAt = now();
      try {
        const response = await runtime.sendMessage(envelope);
        if (isResponse(response)) return response;
        throw new Error('no response from the background');
      } catch (error) {
        if (now() - sentAt >= LONG_WAIT_MS) attempt = 0;
        if (!isWorkerGoneError(error) || attempt >= retryDelaysMs.length) {
          return { error: { code: 4900, message: `Accord is not reachable: ${(error as Error)?.message ?? error}` } };
        }
        await new Promise((resolve) => setTimeout(resolve, retryDelaysMs[attempt]));
      }
    }
  }

  // The first time the page uses the provider, register this frame with the background (so it can send
  // events) and learn the chain and accounts. Pages that never touch the provider never wake the worker.
  let greeting: Promise<void> | null = null;
  const greet = () => {
    greeting ??= forward({ type: 'dapp:hello' }).then((response) => {
      if ('error' in response) greeting = null; // say hello again with the next request
      if (!('result' in response) || !response.result || typeof response.result !== 'object') return;
      const { chainId, accounts } = response.result as Partial<DappHelloResult>;
      if (typeof chainId === 'string') post({ channel: CONTENT_CHANNEL, event: 'connect', data: { chainId } });
      if (Array.isArray(accounts) && accounts.length) {
        post({ channel: CONTENT_CHANNEL, event: 'accountsChanged', data: accounts });
      }
    });
    return greeting;
  };

  // A sandboxed document has an opaque origin ("null") while its URL still names a host: Firefox reports
  // that URL as the sender, so the host's permissions would apply. Such documents are refused here.
  const opaque = (window as { origin?: string }).origin === 'null';

  window.addEventListener('message', async (event) => {
    if (event.source !== window) return;
    const data = event.data as { channel?: unknown; type?: unknown } | null;
    if (data?.channel === PAGE_CHANNEL && data.type === 'config') return postConfig();
    const parsed = parsePageRequest(event.data);
    if (!parsed) return;
    if (!parsed.ok) {
      if (parsed.id !== undefined) post({ channel: CONTENT_CHANNEL, id: parsed.id, error: parsed.error });
      return;
    }
    if (opaque) {
      // The document's own origin is "null", so only "*" reaches it; the refusal carries nothing private.
      const message = 'Accord does not serve sandboxed documents (their origin is opaque).';
      window.postMessage({ channel: CONTENT_CHANNEL, id: parsed.message.id, error: { code: 4100, message } }, '*');
      return;
    }
    await greet();
    const { id, request } = parsed.message;
    const response = await forward({ type: 'dapp:request', id, request });
    post(
      'error' in response
        ? { channel: CONTENT_CHANNEL, id, error: response.error }
        : { channel: CONTENT_CHANNEL, id, result: response.result },
    );
  });

  runtime.onMessage.addListener((message, _sender, sendResponse) => {
    const envelope = message as DappEventEnvelope;
    if (envelope?.type !== 'dapp:event' || !EVENTS.has(envelope.event)) return;
    // Meant for the page this tab showed when the background sent it; drop it if the tab moved on (and
    // say so: the background then ends that page's subscriptions).
    if (envelope.origin !== origin) {
      sendResponse({ delivered: false });
      return;
    }
    post({ channel: CONTENT_CHANNEL, event: envelope.event, data: envelope.data });
    sendResponse({ delivered: true });
  });
}

function targetOrigin(window: Window): string {
  const origin = (window as { origin?: string }).origin ?? window.location.origin;
  return origin && origin !== 'null' ? origin : '*';
}
