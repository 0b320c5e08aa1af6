import { keccak256, numberToHex, toHex } from 'viem';

// An in-process stand-in for a handful of JSON-RPC endpoints over one small chain, for fast unit
// tests of the engine (the devnet tests use a real anvil). Each source has a behaviour that can be
// changed between calls; every HTTP request and JSON-RPC call is counted.

export type FakeBehaviour =
  | { kind: 'honest'; delayMs?: number }
  | { kind: 'fork' }
  | { kind: 'down' }
  | { kind: 'hang' }
  | { kind: 'liar'; delayMs?: number }
  | { kind: 'zero'; delayMs?: number }
  | { kind: 'stale'; blocks: number; delayMs?: number }
  | { kind: 'wrongchain'; chainId: number }
  | { kind: 'ratelimit'; retryAfterSeconds: number }
  | { kind: 'garbage' }
  | { kind: 'http500' };

export type FakeSource = {
  url: string;
  behaviour: FakeBehaviour;
  http: number;
  calls: number;
  batches: number;
  methods: Record<string, number>;
};

export type FakeNetwork = ReturnType<typeof createFakeNetwork>;

export function createFakeNetwork(options: { chainId?: number; head?: number } = {}) {
  const chainId = options.chainId ?? 31337;
  let head = options.head ?? 100;
  const balances = new Map<string, bigint>();
  const receipts = new Map<string, { blockNumber: number }>();
  const sources = new Map<string, FakeSource>();

  const hashOf = (n: number) => keccak256(toHex(`block-${n}`));
  const block = (n: number) => ({
    number: numberToHex(n),
    hash: hashOf(n),
    parentHash: hashOf(n - 1),
    stateRoot: keccak256(toHex(`state-${n}`)),
    timestamp: numberToHex(1_700_000_000 + n * 12),
    gasLimit: '0x1c9c380',
    baseFeePerGas: '0x3b9aca00',
    miner: '0x0000000000000000000000000000000000000000',
    mixHash: keccak256(toHex(`randao-${n}`)),
    transactions: [],
  });

  function answer(source: FakeSource, method: string, params: unknown[]): { result?: unknown; error?: unknown } {
    const b = source.behaviour;
    const sourceHead = b.kind === 'stale' ? head - b.blocks : head;
    const blockParam = (value: unknown): number | 'missing' => {
      if (value === 'latest' || value === undefined || value === 'pending') return sourceHead;
      const n = Number.parseInt(String(value), 16);
      return n > sourceHead ? 'missing' : n;
    };
    switch (method) {
      case 'eth_chainId':
        return { result: numberToHex(b.kind === 'wrongchain' ? b.chainId : chainId) };
      case 'eth_blockNumber':
        return { result: numberToHex(sourceHead) };
      case 'eth_getBlockByNumber': {
        const n = blockParam(params[0]);
        if (n !== 'missing' && b.kind === 'fork')
          return { result: { ...block(n), hash: keccak256(toHex(`fork-${n}`)) } };
        return { result: n === 'missing' ? null : block(n) };
      }
      case 'eth_getBalance': {
        const n = blockParam(params[1]);
        if (n === 'missing') return { error: { code: -32000, message: 'header not found' } };
        const value = balances.get(String(params[0]).toLowerCase()) ?? 0n;
        if (b.kind === 'liar') return { result: numberToHex(value + 10n ** 18n) };
        if (b.kind === 'zero') return { result: '0x0' };
        return { result: numberToHex(value) };
      }
      case 'eth_call': {
        const n = blockParam(params[1]);
        if (n === 'missing') return { error: { code: -32000, message: 'header not found' } };
        const data = String((params[0] as { data?: string })?.data ?? '0x');
        if (data === '0xdead') return { error: { code: 3, message: 'execution reverted', data: '0x08c379a0' } };
        return { result: b.kind === 'liar' ? keccak256(`0x01${data.slice(2)}`) : keccak256(data as `0x${string}`) };
      }
      case 'eth_getTransactionReceipt': {
        const receipt = receipts.get(String(params[0]));
        if (!receipt || receipt.blockNumber > sourceHead) return { result: null };
        return {
          result: {
            transactionHash: params[0],
            blockNumber: numberToHex(receipt.blockNumber),
            status: b.kind === 'liar' ? '0x0' : '0x1',
          },
        };
      }
      case 'eth_gasPrice':
        return {
          result: b.kind === 'liar' ? numberToHex(10n ** 15n) : numberToHex(1_000_000_000n + BigInt(source.url.length)),
        };
      case 'eth_sendRawTransaction':
        return { result: b.kind === 'liar' ? keccak256('0x1234') : keccak256(params[0] as `0x${string}`) };
      default:
        return { error: { code: -32601, message: `method ${method} not found` } };
    }
  }

  async function handle(source: FakeSource, body: string, signal?: AbortSignal | null): Promise<Response> {
    const b = source.behaviour;
    source.http++;
    const parsed = JSON.parse(body) as
      | { id: number; method: string; params: unknown[] }
      | { id: number; method: string; params: unknown[] }[];
    const calls = Array.isArray(parsed) ? parsed : [parsed];
    if (Array.isArray(parsed)) source.batches++;
    source.calls += calls.length;
    for (const c of calls) source.methods[c.method] = (source.methods[c.method] ?? 0) + 1;
    if (b.kind === 'down') throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    const delay = b.kind === 'hang' ? 3_600_000 : 'delayMs' in b ? (b.delayMs ?? 0) : 0;
    if (delay > 0) await sleep(delay, signal);
    if (b.kind === 'ratelimit') {
      return new Response('rate limited', { status: 429, headers: { 'retry-after': String(b.retryAfterSeconds) } });
    }
    if (b.kind === 'garbage') return new Response('<html>oops', { status: 200 });
    if (b.kind === 'http500') return new Response('bad gateway', { status: 502 });
    const out = calls.map((c) => ({ jsonrpc: '2.0', id: c.id, ...answer(source, c.method, c.params ?? []) }));
    return new Response(JSON.stringify(Array.isArray(parsed) ? out : out[0]), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  }

  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const source = sources.get(url);
    if (!source) throw new TypeError('fetch failed', { cause: { code: 'ENOTFOUND' } });
    return handle(source, String(init?.body ?? ''), init?.signal);
  }) as typeof globalThis.fetch;

  return {
    chainId,
    fetch,
    add(id: string, behaviour: FakeBehaviour = { kind: 'honest' }) {
      const url = urlOf(id);
      sources.set(url, { url, behaviour, http: 0, calls: 0, batches: 0, methods: {} });
      return url;
    },
    set(id: string, behaviour: FakeBehaviour) {
      sources.get(urlOf(id))!.behaviour = behaviour;
    },
    source: (id: string) => sources.get(urlOf(id))!,
    totalHttp: () => [...sources.values()].reduce((n, s) => n + s.http, 0),
    resetCounts() {
      for (const s of sources.values()) Object.assign(s, { http: 0, calls: 0, batches: 0, methods: {} });
    },
    setBalance(address: string, wei: bigint) {
      balances.set(address.toLowerCase(), wei);
    },
    addReceipt(hash: string, blockNumber: number) {
      receipts.set(hash, { blockNumber });
    },
    mine(blocks = 1) {
      head += blocks;
    },
    head: () => head,
    hashOf,
  };
}

function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('aborted', 'AbortError'));
    });
  });
}

/** Each fake source on a domain of its own: one domain is one operator (operator.ts). */
function urlOf(id: string): string {
  return `http://${id.toLowerCase().replace(/[^a-z0-9-]/g, '-')}.test/${id}`;
}
