// The EIP-1193 provider a page sees. It only forwards requests to the content-script relay
// and re-emits the events the background sends; it holds no secrets and decides nothing.
import {
  CONTENT_CHANNEL,
  type ContentMessage,
  PAGE_CHANNEL,
  type PageRequestMessage,
  type ProviderErrorShape,
  type ProviderEventName,
} from './wire';

type Listener = (...args: unknown[]) => void;

export class ProviderRpcError extends Error {
  code: number;
  data?: unknown;
  constructor({ code, message, data }: ProviderErrorShape) {
    super(message);
    this.name = 'ProviderRpcError';
    this.code = code;
    if (data !== undefined) this.data = data;
  }
}

export interface RequestArguments {
  method: string;
  params?: unknown[] | Record<string, unknown>;
}

export interface AccordProviderOptions {
  window: Window;
}

export class AccordProvider {
  readonly isAccord = true;
  #window: Window;
  #listeners = new Map<string, Set<Listener>>();
  #pending = new Map<string, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  #nextId = 1;
  #idPrefix = Math.random().toString(36).slice(2, 10);
  #chainId: string | null = null;
  #accounts: string[] = [];

  constructor({ window }: AccordProviderOptions) {
    this.#window = window;
    window.addEventListener('message', (event) => this.#onMessage(event));
  }

  get chainId(): string | null {
    return this.#chainId;
  }

  get selectedAddress(): string | null {
    return this.#accounts[0] ?? null;
  }

  isConnected(): boolean {
    return true;
  }

  request = (args: RequestArguments): Promise<unknown> => {
    if (typeof args !== 'object' || args === null || typeof args.method !== 'string') {
      return Promise.reject(new ProviderRpcError({ code: -32600, message: 'request() expects { method, params? }' }));
    }
    const id = `${this.#idPrefix}-${this.#nextId++}`;
    const message: PageRequestMessage = {
      channel: PAGE_CHANNEL,
      id,
      request: args.params === undefined ? { method: args.method } : { method: args.method, params: args.params },
    };
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      try {
        this.#window.postMessage(message, this.#targetOrigin());
      } catch (error) {
        this.#pending.delete(id);
        reject(new ProviderRpcError({ code: -32602, message: `Request could not be sent: ${(error as Error).message}` }));
      }
    });
  };

  on = (event: string, listener: Listener): this => {
    if (!this.#listeners.has(event)) this.#listeners.set(event, new Set());
    this.#listeners.get(event)!.add(listener);
    return this;
  };

  removeListener = (event: string, listener: Listener): this => {
    this.#listeners.get(event)?.delete(listener);
    return this;
  };

  off = this.removeListener;

  #targetOrigin(): string {
    const origin = this.#window.location.origin;
    return origin && origin !== 'null' ? origin : '*';
  }

  #emit(event: ProviderEventName, data: unknown) {
    for (const listener of this.#listeners.get(event) ?? []) {
      try {
        listener(data);
      } catch (error) {
        console.error('Accord: a dapp event listener threw', error);
      }
    }
  }

  #onMessage(event: MessageEvent) {
    if (event.source !== this.#window) return;
    const data = event.data as ContentMessage | undefined;
    if (!data || typeof data !== 'object' || data.channel !== CONTENT_CHANNEL) return;
    if ('event' in data) {
      if (data.event === 'chainChanged' && typeof data.data === 'string') this.#chainId = data.data;
      if (data.event === 'accountsChanged' && Array.isArray(data.data)) this.#accounts = data.data as string[];
      if (data.event === 'connect' && data.data && typeof data.data === 'object') {
        const chainId = (data.data as { chainId?: unknown }).chainId;
        if (typeof chainId === 'string') this.#chainId = chainId;
      }
      this.#emit(data.event, data.data);
      return;
    }
    const pending = this.#pending.get(String(data.id));
    if (!pending) return;
    this.#pending.delete(String(data.id));
    if ('error' in data) pending.reject(new ProviderRpcError(data.error));
    else pending.resolve(data.result);
  }
}
