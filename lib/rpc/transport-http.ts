import { BaseError } from '../errors';
import { BodyTooLargeError, MAX_RPC_BODY_BYTES, readBodyCapped } from './read-capped';
import type { SourceErrorInfo, SourceErrorKind } from './types';

// One JSON-RPC client per source. Calls made in the same tick are coalesced into one HTTP request
// (a JSON-RPC batch), so a dapp's burst of eth_calls costs a source a handful of requests, not a
// hundred. Every failure is classified into a kind the health tracker and the evidence understand.

export type HttpReport = {
  ok: boolean;
  latencyMs: number;
  /** JSON-RPC calls the HTTP request carried. */
  calls: number;
  error?: SourceErrorInfo;
  retryAfterMs?: number;
};

export type SourceTransportParameters = {
  url: string;
  fetch?: typeof fetch | undefined;
  /** Abort an HTTP request after this long. Default 10 s. */
  timeoutMs?: number | undefined;
  /** Most calls in one batch. Default 50 (public endpoints often refuse larger batches). */
  batchSize?: number | undefined;
  /** How long to wait for more calls before sending. Default 0 (the same macrotask). */
  batchWaitMs?: number | undefined;
  /** Largest response body read; more is an error (bad-json) and is not read. Default 8 MiB. */
  maxBodyBytes?: number | undefined;
  /** Called once per HTTP request, after it settled. */
  onHttpResponse?: ((report: HttpReport) => void) | undefined;
  now?: (() => number) | undefined;
};

export type SourceTransportResponse = { result: unknown; latencyMs: number };

export type SourceTransport = {
  url: string;
  request(method: string, params: readonly unknown[]): Promise<SourceTransportResponse>;
  /** Aborts every HTTP request in flight; later calls fail at once. */
  close(): void;
};

export type SourceRequestErrorParameters = SourceErrorInfo & {
  latencyMs: number;
  data?: unknown;
  retryAfterMs?: number | undefined;
};

export class SourceRequestError extends BaseError {
  override name = 'SourceRequestError';
  kind: SourceErrorKind;
  status?: number | undefined;
  code?: number | undefined;
  data?: unknown;
  latencyMs: number;
  retryAfterMs?: number | undefined;

  constructor(p: SourceRequestErrorParameters) {
    super(p.message);
    this.kind = p.kind;
    this.status = p.status;
    this.code = p.code;
    this.data = p.data;
    this.latencyMs = p.latencyMs;
    this.retryAfterMs = p.retryAfterMs;
  }

  info(): SourceErrorInfo {
    return {
      kind: this.kind,
      message: this.shortMessage,
      ...(this.status !== undefined ? { status: this.status } : {}),
      ...(this.code !== undefined ? { code: this.code } : {}),
    };
  }
}

type Pending = {
  id: number;
  method: string;
  params: readonly unknown[];
  resolve: (value: SourceTransportResponse) => void;
  reject: (error: SourceRequestError) => void;
};

type RpcResponse = { id?: unknown; result?: unknown; error?: { code?: unknown; message?: unknown; data?: unknown } };

const STALE_PATTERN =
  /header not found|unknown block|block not found|no such block|block .*(not|isn't) (available|found)/i;
const RATE_LIMIT_PATTERN = /rate.?limit|too many requests|exceeded .*(limit|quota)|capacity/i;

/** Sorts a JSON-RPC error object into a kind: a node that has not reached a block is `stale`, not wrong. */
export function classifyRpcError(error: { code?: unknown; message?: unknown }): SourceErrorKind {
  const message = typeof error.message === 'string' ? error.message : '';
  if (STALE_PATTERN.test(message)) return 'stale';
  if (error.code === -32005 || error.code === 429 || RATE_LIMIT_PATTERN.test(message)) return 'rate-limited';
  return 'rpc-error';
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(header);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

export function createSourceTransport(parameters: SourceTransportParameters): SourceTransport {
  const {
    url,
    timeoutMs = 10_000,
    batchSize = 50,
    batchWaitMs = 0,
    onHttpResponse,
    maxBodyBytes = MAX_RPC_BODY_BYTES,
    now = () => Date.now(),
  } = parameters;
  const fetchFn = parameters.fetch ?? ((...args: Parameters<typeof fetch>) => globalThis.fetch(...args));
  let queue: Pending[] = [];
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  let nextId = 1;
  let closed = false;
  let batchUnsupported = false;
  const inFlight = new Set<AbortController>();

  function request(method: string, params: readonly unknown[]): Promise<SourceTransportResponse> {
    return new Promise((resolve, reject) => {
      if (closed) {
        reject(new SourceRequestError({ kind: 'refused', message: 'transport closed', latencyMs: 0 }));
        return;
      }
      queue.push({ id: nextId++, method, params, resolve, reject });
      if (queue.length >= batchSize) flush();
      else flushTimer ??= setTimeout(flush, batchWaitMs);
    });
  }

  function flush() {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = undefined;
    const taken = queue;
    queue = [];
    const size = batchUnsupported ? 1 : batchSize;
    for (let i = 0; i < taken.length; i += size) void send(taken.slice(i, i + size));
  }

  function failAll(entries: Pending[], error: SourceRequestErrorParameters) {
    for (const entry of entries) entry.reject(new SourceRequestError(error));
  }

  async function send(entries: Pending[]): Promise<void> {
    // 1. One call goes as a plain object, several as a batch array.
    const body = entries.map((e) => ({ jsonrpc: '2.0', id: e.id, method: e.method, params: e.params }));
    const controller = new AbortController();
    inFlight.add(controller);
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const started = now();
    const report = (r: Omit<HttpReport, 'latencyMs' | 'calls'>) =>
      onHttpResponse?.({ ...r, latencyMs: now() - started, calls: entries.length });

    // 2. Send, and read the body as text up to the cap: a truncated, oversized or non-JSON body is the
    //    source's fault.
    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const response = await fetchFn(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body.length === 1 ? body[0] : body),
        signal: controller.signal,
      });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      text = await readBodyCapped(response, maxBodyBytes);
    } catch (error) {
      const latencyMs = now() - started;
      if (error instanceof BodyTooLargeError) {
        controller.abort();
        report({ ok: false, error: { kind: 'bad-json', message: error.message } });
        failAll(entries, { kind: 'bad-json', message: error.message, latencyMs });
        return;
      }
      // Refused, reset or unreachable all mean the same to the engine: no answer from this source.
      const kind: SourceErrorKind = controller.signal.aborted ? 'timeout' : 'refused';
      const message = kind === 'timeout' ? (closed ? 'closed' : `no answer within ${timeoutMs} ms`) : describe(error);
      report({ ok: false, error: { kind, message } });
      failAll(entries, { kind, message, latencyMs });
      return;
    } finally {
      clearTimeout(timer);
      inFlight.delete(controller);
    }
    const latencyMs = now() - started;

    // 3. 429 is a rate limit whatever the body says; Retry-After tells when to come back.
    if (status === 429) {
      const retryAfterMs = parseRetryAfter(retryAfter, Date.now());
      const message = `HTTP 429 Too Many Requests${retryAfterMs !== undefined ? ` (retry after ${retryAfterMs} ms)` : ''}`;
      report({ ok: false, error: { kind: 'rate-limited', message, status }, retryAfterMs });
      failAll(entries, { kind: 'rate-limited', message, status, latencyMs, retryAfterMs });
      return;
    }

    // 4. Parse; other non-2xx statuses count only when the body is not a JSON-RPC answer.
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (status < 200 || status >= 300) {
      if (!isRpcResponse(parsed) && !(Array.isArray(parsed) && parsed.every(isRpcResponse))) {
        const message = `HTTP ${status}`;
        report({ ok: false, error: { kind: 'http-status', message, status } });
        failAll(entries, { kind: 'http-status', message, status, latencyMs });
        return;
      }
    }
    if (parsed === undefined) {
      const message = `not JSON: ${JSON.stringify(text.slice(0, 60))}`;
      report({ ok: false, error: { kind: 'bad-json', message } });
      failAll(entries, { kind: 'bad-json', message, latencyMs });
      return;
    }

    // 5. A batch answered with one error object: the source refuses batches. Resend one by one.
    if (entries.length > 1 && !Array.isArray(parsed) && isRpcResponse(parsed) && parsed.error) {
      batchUnsupported = true;
      report({ ok: true });
      for (const entry of entries) void send([entry]);
      return;
    }

    // 6. Match answers to calls by id; a missing or malformed answer is bad JSON for that call only.
    const answers = Array.isArray(parsed) ? parsed : [parsed];
    const byId = new Map<unknown, RpcResponse>();
    for (const answer of answers) if (isRpcResponse(answer)) byId.set(answer.id, answer);
    let rateLimited = false;
    let malformed = 0;
    for (const entry of entries) {
      const answer = byId.get(entry.id) ?? (entries.length === 1 && answers.length === 1 ? byId.get(null) : undefined);
      if (!answer || (!('result' in answer) && !answer.error)) {
        malformed++;
        entry.reject(
          new SourceRequestError({ kind: 'bad-json', message: 'no valid JSON-RPC answer for the call', latencyMs }),
        );
      } else if (answer.error) {
        const code = typeof answer.error.code === 'number' ? answer.error.code : undefined;
        const message = typeof answer.error.message === 'string' ? answer.error.message : 'JSON-RPC error';
        const kind = classifyRpcError(answer.error);
        if (kind === 'rate-limited') rateLimited = true;
        entry.reject(new SourceRequestError({ kind, message, code, data: answer.error.data, latencyMs }));
      } else {
        entry.resolve({ result: answer.result, latencyMs });
      }
    }
    if (rateLimited) report({ ok: false, error: { kind: 'rate-limited', message: 'rate limited (JSON-RPC)' } });
    else if (malformed === entries.length)
      report({ ok: false, error: { kind: 'bad-json', message: 'no valid answers' } });
    else report({ ok: true });
  }

  return {
    url,
    request,
    close() {
      closed = true;
      if (flushTimer) clearTimeout(flushTimer);
      flushTimer = undefined;
      failAll(queue, { kind: 'refused', message: 'transport closed', latencyMs: 0 });
      queue = [];
      for (const controller of inFlight) controller.abort();
    },
  };
}

function isRpcResponse(value: unknown): value is RpcResponse {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as RpcResponse;
  return 'result' in v || (typeof v.error === 'object' && v.error !== null);
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code) return `${cause.code}${cause.message ? `: ${cause.message}` : ''}`;
  return error instanceof Error ? error.message : String(error);
}
