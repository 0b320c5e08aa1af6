// The EIP-1193 provider a page sees. It only forwards requests to the content-script relay and re-emits
// the events the background sends; it holds no secrets and decides nothing.
import { inpageMark } from './inpage-config';
import {
  CONTENT_CHANNEL,
  type ContentMessage,
  PAGE_CHANNEL,
  type PageConfigRequest,
  type PageRequestMessage,
  type ProviderErrorShape,
  type ProviderEventName,
} from './wire';

type Listener = (...args: unknown[]) => void;

/** A JSON-RPC request as legacy `send` / `sendAsync` callers pass it. */
export interface JsonRpcPayload {
  id?: string | number | null;
  jsonrpc?: string;
  method: string;
  params?: unknown[] | Record<string, unknown>;
}

export interface JsonRpcResponse {
  id: string | number | null;
  jsonrpc: '2.0';
  result?: unknown;
  error?: ProviderErrorShape;
}

type JsonRpcCallback = (error: unknown, response?: JsonRpcResponse | JsonRpcResponse[]) => void;

/** Events whose listeners mean the page uses the provider: registering one says hello to the wallet. */
const EVENTS_THAT_GREET = new Set(['connect', 'disconnect', 'chainChanged', 'accountsChanged', 'message']);

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
  /** From the relay's configuration message; until it arrives, the compat-off script's mark or the default. */
  #metamaskCompat: boolean | null = null;
  #greeted = false;
  #listeners = new Map<string, Listener[]>();
  #pending = new Map<string, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  #nextId = 1;
  #idPrefix = Math.random().toString(36).slice(2, 10);
  #chainId: string | null = null;
  #accounts: string[] = [];
  #connected = true;
  /** The background said every source of the chain is unreachable (4901); cleared by its `connect`. */
  #sourcesDown = false;

  constructor({ window }: AccordProviderOptions) {
    this.#window = window;
    window.addEventListener('message', (event) => this.#onMessage(event));
    const ask: PageConfigRequest = { channel: PAGE_CHANNEL, type: 'config' };
    window.postMessage(ask, this.#targetOrigin());
  }

  /**
   * True while "Let dapps that look for MetaMask use Accord" is on (the default), as Rabby, Brave and
   * others do: many dapps enable their buttons only for a provider that says it is MetaMask.
   */
  get isMetaMask(): boolean {
    return this.#metamaskCompat ?? inpageMark(this.#window)?.metamaskCompat ?? true;
  }

  /** The parts of MetaMask's private API that libraries probe when isMetaMask is true. */
  get _metamask(): { isUnlocked(): Promise<boolean> } | undefined {
    if (!this.isMetaMask) return undefined;
    return {
      isUnlocked: () =>
        this.request({ method: 'metamask_getProviderState' }).then(
          (s) => (s as { isUnlocked?: boolean }).isUnlocked === true,
        ),
    };
  }

  get chainId(): string | null {
    return this.#chainId;
  }

  get networkVersion(): string | null {
    return this.#chainId ? String(Number.parseInt(this.#chainId, 16)) : null;
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

  /**
   * Legacy send, as MetaMask serves it: send(method, params) → Promise of the JSON-RPC response;
   * send(payload, callback) as sendAsync; send(payload) answers eth_accounts, eth_coinbase and net_version
   * at once (older dapps call it synchronously) and throws for anything else.
   */
  send = (methodOrPayload: unknown, paramsOrCallback?: unknown): unknown => {
    if (typeof methodOrPayload === 'string' && (paramsOrCallback === undefined || Array.isArray(paramsOrCallback))) {
      const payload: JsonRpcPayload = {
        method: methodOrPayload,
        ...(paramsOrCallback ? { params: paramsOrCallback } : {}),
      };
      return this.#respond(payload).then((response) => {
        if (response.error) throw new ProviderRpcError(response.error);
        return response;
      });
    }
    if (typeof paramsOrCallback === 'function') {
      this.sendAsync(methodOrPayload as JsonRpcPayload, paramsOrCallback as JsonRpcCallback);
      return undefined;
    }
    return this.#sendSync(methodOrPayload as JsonRpcPayload);
  };

  /** Legacy callback API (web3.js 0.x, older ethers): one payload or a batch; errors in the response too. */
  sendAsync = (payload: JsonRpcPayload | JsonRpcPayload[], callback: JsonRpcCallback): void => {
    if (typeof callback !== 'function') throw new TypeError('sendAsync expects a callback');
    if (Array.isArray(payload)) {
      void Promise.all(payload.map((p) => this.#respond(p))).then((responses) => callback(null, responses));
      return;
    }
    void this.#respond(payload).then((response) =>
      callback(response.error ? new ProviderRpcError(response.error) : null, response),
    );
  };

  #respond(payload: JsonRpcPayload): Promise<JsonRpcResponse> {
    const id = payload && (typeof payload.id === 'string' || typeof payload.id === 'number') ? payload.id : null;
    if (!payload || typeof payload !== 'object') {
      return Promise.resolve({ id, jsonrpc: '2.0', error: { code: -32600, message: 'Expected a JSON-RPC payload' } });
    }
    const args =
      payload.params === undefined ? { method: payload.method } : { method: payload.method, params: payload.params };
    return this.request(args).then(
      (result): JsonRpcResponse => ({ id, jsonrpc: '2.0', result }),
      (error: ProviderRpcError): JsonRpcResponse => ({
        id,
        jsonrpc: '2.0',
        error:
          error.data === undefined
            ? { code: error.code, message: error.message }
            : { code: error.code, message: error.message, data: error.data },
      }),
    );
  }

  #sendSync(payload: JsonRpcPayload): JsonRpcResponse {
    const id = payload?.id ?? null;
    const method = payload?.method;
    if (method === 'eth_accounts') return { id, jsonrpc: '2.0', result: [...this.#accounts] };
    if (method === 'eth_coinbase') return { id, jsonrpc: '2.0', result: this.#accounts[0] ?? null };
    if (method === 'net_version') return { id, jsonrpc: '2.0', result: this.networkVersion };
    throw new ProviderRpcError({
      code: 4200,
      message: `Synchronous send of "${String(method)}" is not supported: use request() or sendAsync().`,
    });
  }

  on = (event: string, listener: Listener): this => {
    if (typeof listener !== 'function') return this;
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener]);
    // A page that listens for provider events uses the wallet: greet it so `connect` and the chain arrive.
    if (EVENTS_THAT_GREET.has(event) && !this.#greeted && this.#chainId === null) {
      this.#greeted = true;
      this.request({ method: 'eth_chainId' }).catch(() => {
        this.#greeted = false;
      });
    }
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
    // A sandboxed document's own origin is "null" (its location still names the host): only "*" reaches it.
    const origin = (this.#window as { origin?: string }).origin ?? this.#window.location.origin;
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
    if ('config' in data) {
      this.#metamaskCompat = data.config?.metamaskCompat !== false;
      return;
    }
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
      // Back after the extension was unreachable; a chain whose sources were all down waits for `connect`.
      if (!this.#connected && !this.#sourcesDown && this.#chainId) this.#onEvent('connect', { chainId: this.#chainId });
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
    if (event === 'disconnect') {
      if (!this.#connected) return;
      this.#connected = false;
      this.#sourcesDown = true;
      const { code = 4900, message = 'Accord is disconnected' } = (data ?? {}) as { code?: number; message?: string };
      this.#emit('disconnect', new ProviderRpcError({ code, message }));
      return;
    }
    if (event === 'connect') {
      const chainId = (data as { chainId?: unknown } | null)?.chainId;
      if (typeof chainId !== 'string') return;
      this.#chainId = chainId;
      this.#connected = true;
      this.#sourcesDown = false;
    }
    this.#emit(event, data);
  }
}
