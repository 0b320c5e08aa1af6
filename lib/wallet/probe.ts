// Asks one endpoint which chain it serves and its head, before it becomes a source. Used by the popup's
// "test source" and by wallet_addEthereumChain, so a URL for another chain never joins a network.
import { BodyTooLargeError, readBodyCapped } from '../rpc/read-capped';

/** An eth_chainId or eth_blockNumber answer is a few dozen bytes; anything past this is not an RPC node. */
export const MAX_PROBE_BODY_BYTES = 64 * 1024;

export interface ProbeResult {
  chainId: number | null;
  head: number | null;
  latencyMs: number | null;
  error?: string;
}

export interface ProbeParameters {
  url: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
}

async function call(fetcher: typeof fetch, url: string, method: string, signal: AbortSignal): Promise<unknown> {
  const response = await fetcher(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: [] }),
    signal,
  });
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw new Error(`HTTP ${response.status} for ${method}`);
  }
  let body: { result?: unknown; error?: { message?: string } };
  try {
    body = JSON.parse(await readBodyCapped(response, MAX_PROBE_BODY_BYTES));
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new Error(`${method}: ${error.message}`);
    throw new Error(`${method}: the answer is not JSON`);
  }
  if (body.error) throw new Error(`${method}: ${body.error.message ?? 'error'}`);
  if (typeof body.result !== 'string' || !/^0x[0-9a-f]+$/i.test(body.result)) {
    throw new Error(`${method} answered ${JSON.stringify(body.result)?.slice(0, 40)}, not a hex number`);
  }
  return body.result;
}

export async function probeSource({
  url,
  fetch: fetcher = globalThis.fetch,
  timeoutMs = 5_000,
  now = Date.now,
}: ProbeParameters): Promise<ProbeResult> {
  const started = now();
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const chainHex = await call(fetcher, url, 'eth_chainId', signal);
    const latencyMs = now() - started;
    const chainId = Number.parseInt(chainHex as string, 16);
    let head: number | null = null;
    try {
      head = Number.parseInt((await call(fetcher, url, 'eth_blockNumber', signal)) as string, 16);
    } catch {
      // The chain id is what matters; a missing head shows as unknown.
    }
    return { chainId, head, latencyMs };
  } catch (error) {
    const message =
      (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (error as Error).message;
    return { chainId: null, head: null, latencyMs: null, error: message };
  }
}
