import { dappCallerFromSender } from '@/lib/provider/sender';
import type { DappRequestEnvelope, DappResponse } from '@/lib/provider/wire';

// Wiring only: the foundation answers eth_chainId from the configured sources.
export default defineBackground(() => {
  const sources = __ACCORD_DEVNET__ ?? [];

  async function chainIdFromSources(): Promise<string> {
    const answers = await Promise.allSettled(
      sources.map(async (source) => {
        const response = await fetch(source.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
          signal: AbortSignal.timeout(3000),
        });
        const body = (await response.json()) as { result?: string };
        if (typeof body.result !== 'string') throw new Error('no result');
        return body.result;
      }),
    );
    const first = answers.find((a) => a.status === 'fulfilled');
    if (!first || first.status !== 'fulfilled') throw new Error('No source answered eth_chainId');
    return first.value;
  }

  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    const envelope = message as DappRequestEnvelope | { type: 'dapp:hello' };
    if (envelope?.type !== 'dapp:request' && envelope?.type !== 'dapp:hello') return undefined;
    const caller = dappCallerFromSender(sender, browser.runtime.id);
    if (!caller) return Promise.resolve({ error: { code: 4100, message: 'Unknown caller' } } satisfies DappResponse);
    return (async (): Promise<DappResponse> => {
      try {
        if (envelope.type === 'dapp:hello') return { result: { chainId: await chainIdFromSources(), accounts: [] } };
        if (envelope.request.method === 'eth_chainId') return { result: await chainIdFromSources() };
        return { error: { code: 4200, message: `Accord does not support ${envelope.request.method}` } };
      } catch (error) {
        return { error: { code: -32603, message: (error as Error).message } };
      }
    })();
  });
});
