import { resolveOperators } from '../rpc/operator';
import { createSourceTransport } from '../rpc/transport-http';
import type { SourceConfig } from '../rpc/types';

/**
 * The chain id reported by the most operators (ties: the first source's); null when none answers.
 * Does not wait on a hung source: once one answered, the others get a short grace.
 */
export async function detectChainId(sources: readonly SourceConfig[], timeoutMs: number): Promise<number | null> {
  const started = Date.now();
  const answers: (number | null)[] = sources.map(() => null);
  const transports = sources.map((source) => createSourceTransport({ url: source.url, timeoutMs }));
  await new Promise<void>((resolve) => {
    let settled = 0;
    let grace: ReturnType<typeof setTimeout> | undefined;
    const done = () => {
      if (grace) clearTimeout(grace);
      resolve();
    };
    transports.forEach((transport, i) => {
      transport
        .request('eth_chainId', [])
        .then(
          ({ result }) => {
            if (typeof result === 'string' && /^0x[0-9a-f]+$/i.test(result)) answers[i] = Number.parseInt(result, 16);
            grace ??= setTimeout(done, Math.max(500, 2 * (Date.now() - started)));
          },
          () => {},
        )
        .finally(() => {
          if (++settled === sources.length) done();
        });
    });
  });
  for (const transport of transports) transport.close();
  const keys = resolveOperators(sources);
  const operators = new Map<number, Set<string>>();
  answers.forEach((chainId, i) => {
    if (chainId === null) return;
    const set = operators.get(chainId) ?? new Set<string>();
    set.add(keys.get(sources[i].id)!);
    operators.set(chainId, set);
  });
  let best: number | null = null;
  for (const [chainId, set] of operators) {
    if (best === null || set.size > operators.get(best)!.size) best = chainId;
  }
  return best;
}
