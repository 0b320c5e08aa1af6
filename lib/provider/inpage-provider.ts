// The EIP-1193 provider a page sees. It only forwards requests to the content-script relay and re-emits
// the events the background sends; it holds no secrets and decides nothing.
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
  #listeners = new Map<string, Listener[]>();
  #pending = new Map<string, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  #nextId = 1;
  #idPrefix = Math.random().toString(36).slice(2, 10);
  #chainId: string | null = null;
  #accounts: string[] = [];
  #connected = true;

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
    return this.#connected;
  }

  request = (args: RequestArguments): Promise<unknown> => {
    if (typeof args !== 'object' || args === null || typeof args.method !== 'string' || args.method.length === 0) {
      return Promise.reject(
        new ProviderRpcError({ code: -32600, message: 'request() expects { method: string, params? }' }),
      );
    }
    if (args.params !== undefined && (typeof args.params !== 'object' || args.params === null)) {
      return Promise.reject(
        new ProviderRpcError({ code: -32602, message: 'request() params must be an array or an object' }),
      );
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
        reject(
          new ProviderRpcError({ code: -32602, message: `Request could not be sent: ${(error as Error).message}` }),
        );
      }
    });
  };

  /** Legacy (EIP-1102) connect, still called by older dapps. */
  enable = (): Promise<unknown> => this.request({ method: 'eth_requestAccounts' });

  on = (event: string, listener: Listener): this => {
    if (typeof listener !== 'function') return this;
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener]);
    return this;
  };

  addListener = this.on;

  once = (event: string, listener: Listener): this => {
    const wrapped: Listener = (...args) => {
      this.removeListener(event, wrapped);
      listener(...args);
    };
    return this.on(event, wrapped);
  };

  removeListener = (event: string, listener: Listener): this => {
    const list = this.#listeners.get(event) ?? [];
    const index = list.lastIndexOf(listener);
    if (index >= 0) this.#listeners.set(event, [...list.slice(0, index), ...list.slice(index + 1)]);
    return this;
  };

  off = this.removeListener;

  removeAllListeners = (event?: string): this => {
    if (event === undefined) this.#listeners.clear();
    else this.#listeners.delete(event);
    return this;
  };

  listenerCount = (event: string): number => this.#listeners.get(event)?.length ?? 0;

  listeners = (event: string): Listener[] => [...(this.#listeners.get(event) ?? [])];

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
      this.#onEvent(data.event, data.data);
      return;
    }
    const pending = this.#pending.get(String(data.id));
    if (!pending) return;
    this.#pending.delete(String(data.id));
    if ('error' in data) {
      pending.reject(new ProviderRpcError(data.error));
      if (data.error.code === 4900 && this.#connected) {
        this.#connected = false;
        this.#emit('disconnect', new ProviderRpcError(data.error));
      }
    } else {
      pending.resolve(data.result);
      if (!this.#connected && this.#chainId) this.#onEvent('connect', { chainId: this.#chainId });
    }
  }

  #onEvent(event: ProviderEventName, data: unknown) {
    if (event === 'chainChanged') {
      if (typeof data !== 'string' || data === this.#chainId) return;
      this.#chainId = data;
    }
    if (event === 'accountsChanged') {
      if (!Array.isArray(data)) return;
      this.#accounts = data as string[];
    }
    if (event === 'connect') {
      const chainId = (data as { chainId?: unknown } | null)?.chainId;
      if (typeof chainId !== 'string') return;
      this.#chainId = chainId;
      this.#connected = true;
    }
    this.#emit(event, data);
  }
}
