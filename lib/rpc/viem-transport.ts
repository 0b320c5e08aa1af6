import { type CustomTransport, custom } from 'viem';
import type { QuorumClient } from './quorum';

// A viem transport over the quorum client, so the background's viem clients read through the quorum.
// Each request goes through the dapp policy: a conflict (or, in strict mode, a value fewer than k sources
// vouched for) surfaces as a JSON-RPC error naming the sources, never as a value.

export type QuorumTransportConfig = {
  key?: string | undefined;
  name?: string | undefined;
};

export function quorumTransport(
  client: Pick<QuorumClient, 'requestForDapp'>,
  config: QuorumTransportConfig = {},
): CustomTransport {
  return custom(
    {
      request: ({ method, params }: { method: string; params?: unknown }) =>
        client.requestForDapp({
          method,
          params: Array.isArray(params) ? params : params === undefined ? [] : [params],
        }),
    },
    // The engine already hedges and retries across sources; a viem-level retry would only repeat a verdict.
    { key: config.key ?? 'quorum', name: config.name ?? 'Accord quorum', retryCount: 0 },
  );
}
