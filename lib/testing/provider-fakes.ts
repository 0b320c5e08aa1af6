// Fakes for the provider's unit tests: an in-memory wallet backend, session area, windows and tabs.
import type { Address, ConnectedSite, Hex, TokenView } from '../messages/popup-api';
import type { ApprovalWindows } from '../provider/approvals';
import {
  type DappBackend,
  type DappNetwork,
  type NewNetwork,
  type PreparedDappTransaction,
  ReviewedNonceTakenError,
} from '../provider/backend';
import type { EventTabs } from '../provider/dapp-events';
import type { ScriptingLike } from '../provider/inpage-config';
import type { DappCaller } from '../provider/sender';
import type { KeyValueArea } from '../storage/areas';

export const ALICE: Address = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
export const BOB: Address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
export const CAROL: Address = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';

export const DAPP: DappCaller = { origin: 'https://dapp.example', tabId: 7, frameId: 0 };
export const OTHER: DappCaller = { origin: 'https://other.example', tabId: 8, frameId: 0 };

export function memoryArea(): KeyValueArea & { data: Record<string, unknown> } {
  const data: Record<string, unknown> = {};
  const clone = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));
  return {
    data,
    async get(keys) {
      const out: Record<string, unknown> = {};
      for (const key of Array.isArray(keys) ? keys : [keys]) if (key in data) out[key] = clone(data[key]);
      return out;
    },
    async set(items) {
      for (const [key, value] of Object.entries(items)) data[key] = clone(value);
    },
    async remove(keys) {
      for (const key of Array.isArray(keys) ? keys : [keys]) delete data[key];
    },
  };
}

/** browser.scripting's dynamic content scripts, as a map by id; refuses a duplicate id as browsers do. */
export function fakeScripting(): ScriptingLike & { registered: Map<string, unknown> } {
  const registered = new Map<string, unknown>();
  return {
    registered,
    async registerContentScripts(scripts) {
      for (const script of scripts) {
        if (registered.has(script.id)) throw new Error(`Duplicate script ID '${script.id}'`);
        registered.set(script.id, script);
      }
    },
    async unregisterContentScripts({ ids }) {
      for (const id of ids) {
        if (!registered.delete(id)) throw new Error(`Nonexistent script ID '${id}'`);
      }
    },
    async getRegisteredContentScripts({ ids }) {
      return ids.filter((id) => registered.has(id)).map((id) => ({ id }));
    },
  };
}

export function fakeWindows() {
  let nextId = 100;
  const open = new Map<number, string>();
  const listeners: ((id: number) => void)[] = [];
  const windows: ApprovalWindows & {
    open: Map<number, string>;
    created: string[];
    close(id: number): Promise<void>;
    onRemoved(listener: (id: number) => void): void;
    fail: boolean;
  } = {
    open,
    created: [],
    fail: false,
    async create({ url }) {
      if (windows.fail) throw new Error('no windows here');
      const id = nextId++;
      open.set(id, url);
      windows.created.push(url);
      return { id };
    },
    async remove(id) {
      if (!open.delete(id)) throw new Error(`No window with id: ${id}`);
      for (const listener of listeners) listener(id);
    },
    async close(id) {
      await windows.remove(id);
    },
    onRemoved(listener) {
      listeners.push(listener);
    },
  };
  return windows;
}

export function fakeTabs() {
  const sent: { tabId: number; frameId: number; message: unknown }[] = [];
  const gone = new Set<number>();
  const tabs: EventTabs & { sent: typeof sent; gone: Set<number> } = {
    sent,
    gone,
    async sendMessage(tabId, message, { frameId }) {
      if (gone.has(tabId)) throw new Error('Could not establish connection. Receiving end does not exist.');
      sent.push({ tabId, frameId, message });
    },
  };
  return tabs;
}

export interface FakeBackendOptions {
  accounts?: Address[];
  unlocked?: boolean;
  initialized?: boolean;
  password?: string;
  chainId?: number;
  /** MetaMask compatibility (lowercase accounts); off here so other tests see checksummed addresses. */
  metamaskCompat?: boolean;
}

/** A backend whose every effect is recorded in `log` (signing included, for "nothing signs without approval"). */
export function fakeBackend(options: FakeBackendOptions = {}) {
  const state = {
    initialized: options.initialized ?? true,
    unlocked: options.unlocked ?? true,
    accounts: options.accounts ?? [ALICE, BOB],
    selectedAddress: (options.accounts ?? [ALICE, BOB])[0] ?? null,
    chainId: options.chainId ?? 31337,
    /** Fields the fake quorum could not confirm when preparing. */
    unconfirmed: null as PreparedDappTransaction['unconfirmed'] | null,
    /** Set when another transaction took nonces below this after the review. */
    nextFreeNonce: null as number | null,
    metamaskCompat: options.metamaskCompat ?? false,
    head: null as { number: number; hash: Hex } | null,
    /** Set: the head read fails with it (as when no source answered the refresh). */
    headError: null as unknown,
  };
  const password = options.password ?? 'correct horse';
  const networks = new Map<number, DappNetwork & { sources?: NewNetwork['sources'] }>([
    [31337, { chainId: 31337, name: 'Local devnet', symbol: 'ETH', decimals: 18 }],
    [1, { chainId: 1, name: 'Ethereum', symbol: 'ETH', decimals: 18 }],
  ]);
  const sites = new Map<string, ConnectedSite>();
  const tokens: TokenView[] = [];
  const log: { op: string; args: unknown[] }[] = [];
  const probes = new Map<string, { chainId: number | null; latencyMs: number | null; error?: string }>();
  const reads: { chainId: number; method: string; params?: unknown[] }[] = [];
  let readAnswer: (method: string, params?: unknown[]) => unknown = (method) =>
    method === 'eth_blockNumber' ? '0x10' : '0x0';

  const backend: DappBackend = {
    wallet: {
      async state() {
        return { ...state, accounts: [...state.accounts] };
      },
      async unlock(given) {
        log.push({ op: 'unlock', args: [] });
        if (given !== password)
          throw Object.assign(new Error('Incorrect password'), { shortMessage: 'Incorrect password' });
        state.unlocked = true;
      },
      async signMessage(address, message) {
        log.push({ op: 'signMessage', args: [address, message] });
        if (!state.unlocked) throw new Error('locked');
        return `0x${'11'.repeat(65)}` as Hex;
      },
      async signTypedData(address, data, version) {
        log.push({ op: 'signTypedData', args: [address, data, version] });
        if (!state.unlocked) throw new Error('locked');
        return `0x${'22'.repeat(65)}` as Hex;
      },
    },
    networks: {
      async currentChainId() {
        return state.chainId;
      },
      async get(chainId) {
        const n = networks.get(chainId);
        return n ? { chainId: n.chainId, name: n.name, symbol: n.symbol, decimals: n.decimals } : null;
      },
      async select(chainId) {
        log.push({ op: 'selectChain', args: [chainId] });
        state.chainId = chainId;
      },
      async add(network) {
        log.push({ op: 'addNetwork', args: [network] });
        networks.set(network.chainId, network);
      },
      async probe(url) {
        return probes.get(url) ?? { chainId: null, latencyMs: null, error: 'refused' };
      },
      async request(chainId, request) {
        reads.push({ chainId, ...request });
        return readAnswer(request.method, request.params);
      },
      async agreedHead() {
        if (state.headError) throw state.headError;
        return state.head;
      },
    },
    transactions: {
      async prepare(request) {
        log.push({ op: 'prepare', args: [request] });
        const prepared: PreparedDappTransaction = {
          chainId: request.chainId,
          from: request.from,
          to: request.to,
          value: request.value.toString(),
          data: request.data,
          gas: (request.gas ?? 21000n).toString(),
          nonce: request.nonce ?? 3,
          maxFeePerGas: '2000000000',
          maxPriorityFeePerGas: '1000000000',
          estimatedFeeWei: (21000n * 2000000000n).toString(),
          ...(state.unconfirmed ? { unconfirmed: state.unconfirmed } : {}),
        };
        return prepared;
      },
      async send(prepared, context) {
        if (state.nextFreeNonce !== null && prepared.nonce < state.nextFreeNonce) {
          throw new ReviewedNonceTakenError(state.nextFreeNonce);
        }
        log.push({ op: 'sendTransaction', args: [prepared, context] });
        if (!state.unlocked) throw new Error('locked');
        return `0x${'ab'.repeat(32)}` as Hex;
      },
      async preview() {
        return { status: 'unavailable' as const, reason: 'the fake backend does not simulate' };
      },
      async previewBatch(batch) {
        log.push({ op: 'previewBatch', args: [batch] });
        return { status: 'unavailable' as const, reason: 'the fake backend does not simulate' };
      },
    },
    tokens: {
      async describe() {
        return { symbol: 'ACT', decimals: 18, name: 'Accord Test Token' };
      },
      async add(token) {
        log.push({ op: 'addToken', args: [token] });
        tokens.push(token);
      },
    },
    sites: {
      async get(origin) {
        return sites.get(origin) ?? null;
      },
      async put(site) {
        sites.set(site.origin, site);
      },
      async remove(origin) {
        sites.delete(origin);
      },
      async list() {
        return [...sites.values()];
      },
    },
    settings: {
      async get() {
        return { metamaskCompat: state.metamaskCompat };
      },
    },
  };

  return {
    backend,
    state,
    sites,
    tokens,
    networks,
    probes,
    reads,
    log,
    password,
    answerReads(fn: typeof readAnswer) {
      readAnswer = fn;
    },
  };
}
