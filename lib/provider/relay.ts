// The isolated-world relay between a page and the background. It keeps no state: each request
// is validated, forwarded with runtime.sendMessage (which wakes a terminated service worker),
// and retried when the worker went away before answering.
import {
  CONTENT_CHANNEL,
  type ContentMessage,
  type DappEventEnvelope,
  type DappRequestEnvelope,
  type DappResponse,
  parsePageRequest,
  type RequestId,
} from './wire';

export interface RelayRuntime {
  sendMessage(message: unknown): Promise<unknown>;
  onMessage: { addListener(listener: (message: unknown) => void): void };
}

export interface RelayOptions {
  window: Window;
  runtime: RelayRuntime;
  retryDelaysMs?: number[];
}

const WORKER_GONE = /receiving end does not exist|message port closed|could not establish connection|extension context invalidated|disconnected/i;

export function isWorkerGoneError(error: unknown): boolean {
  return WORKER_GONE.test(String((error as Error)?.message ?? error));
}

export function startRelay({ window, runtime, retryDelaysMs = [50, 200, 500, 1000, 2000, 4000] }: RelayOptions) {
  const post = (message: ContentMessage) => window.postMessage(message, targetOrigin(window));

  async function forward(envelope: DappRequestEnvelope | { type: 'dapp:hello' }): Promise<DappResponse> {
    for (let attempt = 0; ; attempt++) {
      try {
        const response = (await runtime.sendMessage(envelope)) as DappResponse | undefined;
        if (response && typeof response === 'object' && ('result' in response || 'error' in response)) return response;
        throw new Error('disconnected: empty response');
      } catch (error) {
        if (!isWorkerGoneError(error) || attempt >= retryDelaysMs.length) {
          return { error: { code: 4900, message: `Accord is not reachable: ${(error as Error).message ?? error}` } };
        }
        await new Promise((r) => setTimeout(r, retryDelaysMs[attempt]));
      }
    }
  }

  window.addEventListener('message', async (event) => {
    if (event.source !== window) return;
    const parsed = parsePageRequest(event.data);
    if (!parsed) return;
    if (!parsed.ok) {
      if (parsed.id !== undefined) post({ channel: CONTENT_CHANNEL, id: parsed.id, error: parsed.error });
      return;
    }
    const { id, request } = parsed.message;
    const response = await forward({ type: 'dapp:request', id, request });
    post('error' in response ? { channel: CONTENT_CHANNEL, id, error: response.error } : { channel: CONTENT_CHANNEL, id, result: response.result });
  });

  runtime.onMessage.addListener((message) => {
    const envelope = message as DappEventEnvelope;
    if (envelope?.type !== 'dapp:event') return;
    post({ channel: CONTENT_CHANNEL, event: envelope.event, data: envelope.data });
  });

  // Registers this frame with the background (so it can send events) and learns the current chain.
  void forward({ type: 'dapp:hello' }).then((response) => {
    if ('result' in response && response.result && typeof response.result === 'object') {
      const { chainId, accounts } = response.result as { chainId?: string; accounts?: string[] };
      if (chainId) post({ channel: CONTENT_CHANNEL, event: 'connect', data: { chainId } });
      if (accounts?.length) post({ channel: CONTENT_CHANNEL, event: 'accountsChanged', data: accounts });
    }
  });
}

function targetOrigin(window: Window): string {
  const origin = window.location.origin;
  return origin && origin !== 'null' ? origin : '*';
}
