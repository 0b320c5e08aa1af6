// Messages between the page, the content-script relay and the background.
// Everything arriving from the page is untrusted: parsePageRequest checks shape and size.

export const PAGE_CHANNEL = 'accord:page';
export const CONTENT_CHANNEL = 'accord:content';
export const MAX_REQUEST_BYTES = 1_000_000;

export type RequestId = string | number;

export interface DappRequest {
  method: string;
  params?: unknown[] | Record<string, unknown>;
}

/** Page → content script. */
export interface PageRequestMessage {
  channel: typeof PAGE_CHANNEL;
  id: RequestId;
  request: DappRequest;
}

export interface ProviderErrorShape {
  code: number;
  message: string;
  data?: unknown;
}

/** How the provider presents itself; the relay reads it from storage.local (see dapp-settings.ts). */
export interface ProviderConfig {
  metamaskCompat: boolean;
}

/** Page → content script: the provider asks for its configuration (it may load after the relay posted it). */
export interface PageConfigRequest {
  channel: typeof PAGE_CHANNEL;
  type: 'config';
}

/** Content script → page: a response to one request, a provider event, or the provider's configuration. */
export type ContentMessage =
  | { channel: typeof CONTENT_CHANNEL; id: RequestId; result: unknown }
  | { channel: typeof CONTENT_CHANNEL; id: RequestId; error: ProviderErrorShape }
  | { channel: typeof CONTENT_CHANNEL; event: ProviderEventName; data: unknown }
  | { channel: typeof CONTENT_CHANNEL; config: ProviderConfig };

export type ProviderEventName = 'connect' | 'disconnect' | 'chainChanged' | 'accountsChanged' | 'message';

/** Content script → background. The origin is never part of it: the background reads the sender. */
export interface DappRequestEnvelope {
  type: 'dapp:request';
  id: RequestId;
  request: DappRequest;
}

export type DappResponse = { result: unknown } | { error: ProviderErrorShape };

/** Content script → background when a page loads: registers the frame for events, answers chain and accounts. */
export interface DappHelloEnvelope {
  type: 'dapp:hello';
}

export interface DappHelloResult {
  chainId: string;
  accounts: string[];
}

/**
 * Background → content script (tabs.sendMessage). `origin` is the origin the event is meant for: the relay
 * drops it if its page has navigated elsewhere since, so accounts never reach another site.
 */
export interface DappEventEnvelope {
  type: 'dapp:event';
  origin: string;
  event: ProviderEventName;
  data: unknown;
}

export type ParseResult =
  | { ok: true; message: PageRequestMessage }
  | { ok: false; id?: RequestId; error: ProviderErrorShape };

function isRequestId(value: unknown): value is RequestId {
  return (
    (typeof value === 'string' && value.length > 0 && value.length <= 128) ||
    (typeof value === 'number' && Number.isSafeInteger(value))
  );
}

/** Returns null for messages that are not ours (other scripts also use postMessage). */
export function parsePageRequest(data: unknown): ParseResult | null {
  if (typeof data !== 'object' || data === null) return null;
  const candidate = data as Record<string, unknown>;
  if (candidate.channel !== PAGE_CHANNEL) return null;
  return parseRequestFields(candidate);
}

/**
 * The background checks the relay's envelope again: the relay is ours, but it runs in a renderer that
 * also runs the page, so nothing it sends is taken on trust.
 */
export function parseDappEnvelope(data: unknown): ParseResult | null {
  if (typeof data !== 'object' || data === null) return null;
  const candidate = data as Record<string, unknown>;
  if (candidate.type !== 'dapp:request') return null;
  return parseRequestFields(candidate);
}

function parseRequestFields(candidate: Record<string, unknown>): ParseResult {
  const id = candidate.id;
  if (!isRequestId(id))
    return { ok: false, error: { code: -32600, message: 'Request id must be a string or integer' } };
  let size: number;
  try {
    const json = JSON.stringify(candidate.request) ?? '';
    // UTF-16 length is at most the UTF-8 byte count; only count bytes when it could matter.
    size = json.length * 3 <= MAX_REQUEST_BYTES ? json.length : new TextEncoder().encode(json).length;
  } catch {
    return { ok: false, id, error: { code: -32600, message: 'Request is not serialisable as JSON' } };
  }
  if (size > MAX_REQUEST_BYTES) {
    return { ok: false, id, error: { code: -32600, message: `Request is larger than ${MAX_REQUEST_BYTES} bytes` } };
  }
  const request = candidate.request as Record<string, unknown> | null;
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    return { ok: false, id, error: { code: -32600, message: 'Request must be an object with a method' } };
  }
  const { method, params } = request;
  if (typeof method !== 'string' || method.length === 0 || method.length > 100) {
    return { ok: false, id, error: { code: -32600, message: 'Request method must be a non-empty string' } };
  }
  if (params !== undefined && (typeof params !== 'object' || params === null)) {
    return { ok: false, id, error: { code: -32602, message: 'Request params must be an array or an object' } };
  }
  const clean: DappRequest = params === undefined ? { method } : { method, params: JSON.parse(JSON.stringify(params)) };
  return { ok: true, message: { channel: PAGE_CHANNEL, id, request: clean } };
}
