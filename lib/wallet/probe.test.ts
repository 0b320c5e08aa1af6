import { describe, expect, it } from 'vitest';
import { MAX_PROBE_BODY_BYTES, probeSource } from './probe';

describe('probeSource', () => {
  it('answers a chain id, and refuses a body past the cap without reading it all', async () => {
    const ok = await probeSource({
      url: 'http://x',
      fetch: (async () => Response.json({ jsonrpc: '2.0', id: 1, result: '0x7a69' })) as typeof fetch,
    });
    expect(ok).toMatchObject({ chainId: 31337, head: 31337 });
    let pulled = 0;
    const huge = await probeSource({
      url: 'http://x',
      fetch: (async () =>
        new Response(
          new ReadableStream({
            pull(controller) {
              pulled++;
              controller.enqueue(new Uint8Array(16 * 1024).fill(0x20));
            },
          }),
        )) as typeof fetch,
    });
    expect(huge).toMatchObject({
      chainId: null,
      error: `eth_chainId: response body larger than ${MAX_PROBE_BODY_BYTES / 1024} KiB`,
    });
    expect(pulled).toBeLessThan(10);
  });
});
