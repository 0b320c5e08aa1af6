import { describe, expect, it } from 'vitest';
import { classifyRpcError, createSourceTransport, parseRetryAfter, SourceRequestError } from './transport-http';

type Handler = (body: unknown, signal?: AbortSignal | null) => Promise<Response> | Response;

function fakeFetch(handler: Handler) {
  const bodies: unknown[] = [];
  const fetch = (async (_url: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body));
    bodies.push(body);
    return handler(body, init?.signal);
  }) as typeof globalThis.fetch;
  return { fetch, bodies };
}

const echo: Handler = (body) => {
  const calls = Array.isArray(body) ? body : [body];
  const out = calls.map((c: { id: number; method: string }) => ({
    jsonrpc: '2.0',
    id: c.id,
    result: `${c.method}#${c.id}`,
  }));
  return Response.json(Array.isArray(body) ? out : out[0]);
};

async function failure(promise: Promise<unknown>): Promise<SourceRequestError> {
  const error = await promise.then(
    () => null,
    (e) => e,
  );
  expect(error).toBeInstanceOf(SourceRequestError);
  return error as SourceRequestError;
}

describe('source transport', () => {
  it('coalesces calls made in one tick into one batch, a lone call into a plain object', async () => {
    const { fetch, bodies } = fakeFetch(echo);
    const transport = createSourceTransport({ url: 'http://x', fetch });
    const results = await Promise.all([
      transport.request('a', []),
      transport.request('b', []),
      transport.request('c', []),
    ]);
    expect(results.map((r) => r.result)).toEqual(['a#1', 'b#2', 'c#3']);
    expect(bodies).toHaveLength(1);
    expect(Array.isArray(bodies[0])).toBe(true);
    await transport.request('d', []);
    expect(Array.isArray(bodies[1])).toBe(false);
  });

  it('splits large bursts by batch size', async () => {
    const { fetch, bodies } = fakeFetch(echo);
    const transport = createSourceTransport({ url: 'http://x', fetch, batchSize: 10 });
    await Promise.all(Array.from({ length: 25 }, (_, i) => transport.request(`m${i}`, [])));
    expect(bodies.map((b) => (Array.isArray(b) ? b.length : 1))).toEqual([10, 10, 5]);
  });

  it('classifies refused, HTTP status, 429 with Retry-After, bad JSON and timeouts', async () => {
    const refused = createSourceTransport({
      url: 'http://x',
      fetch: async () => {
        throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
      },
    });
    expect((await failure(refused.request('m', []))).kind).toBe('refused');

    const status = createSourceTransport({
      url: 'http://x',
      fetch: fakeFetch(() => new Response('no', { status: 503 })).fetch,
    });
    expect(await failure(status.request('m', []))).toMatchObject({ kind: 'http-status', status: 503 });

    const reports: unknown[] = [];
    const limited = createSourceTransport({
      url: 'http://x',
      fetch: fakeFetch(() => new Response('{}', { status: 429, headers: { 'retry-after': '7' } })).fetch,
      onHttpResponse: (r) => reports.push(r),
    });
    expect(await failure(limited.request('m', []))).toMatchObject({ kind: 'rate-limited', retryAfterMs: 7_000 });
    expect(reports[0]).toMatchObject({ ok: false, retryAfterMs: 7_000 });

    const garbage = createSourceTransport({
      url: 'http://x',
      fetch: fakeFetch(() => new Response('{"result":0x1<html>')).fetch,
    });
    expect((await failure(garbage.request('m', []))).kind).toBe('bad-json');

    const hang = createSourceTransport({
      url: 'http://x',
      timeoutMs: 50,
      fetch: fakeFetch(
        (_b, signal) =>
          new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted')))),
      ).fetch,
    });
    expect((await failure(hang.request('m', []))).kind).toBe('timeout');
  });

  it('passes JSON-RPC errors with their code, data and kind', async () => {
    const { fetch } = fakeFetch((body) =>
      Response.json({
        jsonrpc: '2.0',
        id: (body as { id: number }).id,
        error: { code: 3, message: 'execution reverted', data: '0xab' },
      }),
    );
    const transport = createSourceTransport({ url: 'http://x', fetch });
    expect(await failure(transport.request('eth_call', []))).toMatchObject({
      kind: 'rpc-error',
      code: 3,
      data: '0xab',
    });
    expect(classifyRpcError({ code: -32000, message: 'header not found' })).toBe('stale');
    expect(classifyRpcError({ code: -32005, message: 'whatever' })).toBe('rate-limited');
    expect(classifyRpcError({ code: -32000, message: 'nonce too low' })).toBe('rpc-error');
  });

  it('falls back to single calls when a source refuses batches', async () => {
    const { fetch, bodies } = fakeFetch((body) =>
      Array.isArray(body)
        ? Response.json({ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'batch not supported' } })
        : echo(body),
    );
    const transport = createSourceTransport({ url: 'http://x', fetch });
    const results = await Promise.all([transport.request('a', []), transport.request('b', [])]);
    expect(results.map((r) => r.result)).toEqual(['a#1', 'b#2']);
    expect(bodies).toHaveLength(3);
  });

  it('close() aborts calls in flight', async () => {
    const transport = createSourceTransport({
      url: 'http://x',
      fetch: fakeFetch(
        (_b, signal) =>
          new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted')))),
      ).fetch,
    });
    const pending = transport.request('m', []);
    await new Promise((resolve) => setTimeout(resolve, 5));
    transport.close();
    expect((await failure(pending)).kind).toBe('timeout');
    expect((await failure(transport.request('m', []))).kind).toBe('refused');
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('2', 0)).toBe(2_000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });

  it('stops reading a body past the cap, with a clear error, without buffering the rest', async () => {
    let pulled = 0;
    const endless = () =>
      new Response(
        new ReadableStream({
          pull(controller) {
            pulled++;
            controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
          },
        }),
      );
    const transport = createSourceTransport({
      url: 'http://x',
      fetch: fakeFetch(endless).fetch,
      maxBodyBytes: 1024 * 1024,
    });
    const error = await failure(transport.request('eth_getLogs', []));
    expect(error.kind).toBe('bad-json');
    expect(error.shortMessage).toBe('response body larger than 1 MiB');
    expect(pulled).toBeLessThan(20);
    // A body that says its length up front is refused before it is read.
    const declared = createSourceTransport({
      url: 'http://x',
      fetch: fakeFetch(() => new Response('x', { headers: { 'content-length': String(9 * 1024 * 1024) } })).fetch,
    });
    expect((await failure(declared.request('eth_call', []))).shortMessage).toMatch(/larger than 8 MiB/);
  });
});
