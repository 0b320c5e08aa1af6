import { FallbackProvider, FetchRequest, JsonRpcProvider, Network } from 'ethers';
import { type Address, createPublicClient, encodeFunctionData, erc20Abi, fallback, http, numberToHex } from 'viem';
import { createQuorumClient } from '../../lib/rpc/quorum';
import type { SourceConfig } from '../../lib/rpc/types';
import { quorumTransport } from '../../lib/rpc/viem-transport';
import {
  type Behaviour,
  type BehaviourOptions,
  type Devnet,
  startDevnet,
  TEST_TOKEN_ADDRESS,
} from '../../tests/fixtures/devnet';
import { type BenchReport, type BenchTable, percentile } from './report';

// Reads on the devnet with injected latency: three honest sources at ~20/40/80 ms, one that hangs, one
// fast liar; five healthy sources; and two colluding zero sources answering first beside a hung one and two
// honest ones. Every contender gets the same five endpoints in the same order.

const READS = 100;
const WARMUP = 5;
const BURST = 100;
const REQUEST_TIMEOUT_MS = 10_000;

type Spec = { id: string; behaviour: Behaviour; options?: BehaviourOptions };

const FAULTY: Spec[] = [
  { id: 'honest-20', behaviour: 'slow', options: { delayMs: 20 } },
  { id: 'honest-40', behaviour: 'slow', options: { delayMs: 40 } },
  { id: 'honest-80', behaviour: 'slow', options: { delayMs: 80 } },
  { id: 'hang', behaviour: 'hang' },
  { id: 'liar', behaviour: 'liar' },
];

const COLLUDING: Spec[] = [
  { id: 'zero-1', behaviour: 'zero' },
  { id: 'zero-2', behaviour: 'zero' },
  { id: 'hang', behaviour: 'hang' },
  { id: 'honest-20', behaviour: 'slow', options: { delayMs: 20 } },
  { id: 'honest-40', behaviour: 'slow', options: { delayMs: 40 } },
];

/** Sequential token balanceOf reads (distinct accounts) per contender. */
const CALLS = 30;

const HEALTHY: Spec[] = [
  { id: 'honest-20', behaviour: 'slow', options: { delayMs: 20 } },
  { id: 'honest-40', behaviour: 'slow', options: { delayMs: 40 } },
  { id: 'honest-80', behaviour: 'slow', options: { delayMs: 80 } },
  { id: 'hang', behaviour: 'slow', options: { delayMs: 60 } },
  { id: 'liar', behaviour: 'slow', options: { delayMs: 30 } },
];

type Reader = {
  name: string;
  balance(address: Address): Promise<bigint>;
  call(data: `0x${string}`): Promise<unknown>;
  close(): void;
};

type Row = {
  name: string;
  p50: number;
  p95: number;
  mean: number;
  wrong: number;
  failed: number;
  requestsPerRead: number;
  callP50: number;
  callRequestsPerRead: number;
  callWrong: number;
  burst: Record<string, number>;
};

/** One factory per contender: each is built just before it runs, so none runs in the background of another. */
function contenders(devnet: Devnet): (() => Reader)[] {
  const urls = devnet.sourceList.map((s) => s.url);
  const sources: SourceConfig[] = devnet.sourceList.map((s) => ({
    id: s.id,
    operator: s.operator,
    url: s.url,
    enabled: true,
  }));
  const viemHttp = (url: string) => http(url, { timeout: REQUEST_TIMEOUT_MS });
  const viemReader = (
    name: string,
    transport: Parameters<typeof createPublicClient>[0]['transport'],
    close = () => {},
  ) => {
    const client = createPublicClient({ transport });
    return {
      name,
      balance: (address: Address) => client.getBalance({ address }),
      call: (data: `0x${string}`) => client.call({ to: TEST_TOKEN_ADDRESS, data }),
      close,
    };
  };
  const network = new Network('devnet', devnet.chainId);

  return [
    () => {
      const accord = createQuorumClient({ chainId: devnet.chainId, sources, quorum: 2, timeoutMs: REQUEST_TIMEOUT_MS });
      return viemReader('Accord verified (k=2)', quorumTransport(accord), () => accord.close());
    },
    () => {
      const accord = createQuorumClient({
        chainId: devnet.chainId,
        sources,
        quorum: 2,
        timeoutMs: REQUEST_TIMEOUT_MS,
        verify: false,
      });
      return viemReader('Accord agreement only (k=2)', quorumTransport(accord), () => accord.close());
    },
    () => {
      const providers = urls.map((url) => {
        const request = new FetchRequest(url);
        request.timeout = REQUEST_TIMEOUT_MS;
        return new JsonRpcProvider(request, network, { staticNetwork: network });
      });
      const ethers = new FallbackProvider(providers, network, { quorum: 2 });
      return {
        name: 'ethers v6 FallbackProvider (quorum 2)',
        balance: (address) => ethers.getBalance(address),
        call: (data) => ethers.call({ to: TEST_TOKEN_ADDRESS, data }),
        close: () => ethers.destroy(),
      };
    },
    () => viemReader(`viem http (${devnet.sourceList[0].id} only)`, viemHttp(urls[0])),
    () => viemReader('viem fallback (list order)', fallback(urls.map(viemHttp))),
    // Last: viem's ranking keeps pinging every source on a timer that cannot be stopped.
    () => viemReader('viem fallback (rank: true)', fallback(urls.map(viemHttp), { rank: { interval: 1_000 } })),
  ];
}

async function anvil(devnet: Devnet, method: string, params: unknown[]): Promise<unknown> {
  const response = await fetch(devnet.anvilUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  return ((await response.json()) as { result: unknown }).result;
}

async function httpTotal(devnet: Devnet): Promise<Record<string, number>> {
  const counts = await devnet.counts();
  return Object.fromEntries(Object.entries(counts).map(([id, c]) => [id, c.httpRequests]));
}

/** Round trip of one plain eth_getBalance to a source (p50 of sequential requests). */
async function roundTrip(url: string, address: Address, samples = 30): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_getBalance', params: [address, 'latest'] }),
    }).then((r) => r.text());
    times.push(performance.now() - started);
  }
  return percentile(
    times.sort((a, b) => a - b),
    0.5,
  );
}

type Account = { address: Address; wei: bigint; tokens: bigint };

async function measure(devnet: Devnet, reader: Reader, accounts: Account[]): Promise<Row> {
  // 1. Warm-up (connection setup, initial sync, ranking) is not measured.
  for (let i = 0; i < WARMUP; i++) await reader.balance(accounts[i].address).catch(() => {});
  await devnet.resetCounts();
  // 2. Sequential balance reads of distinct accounts, so no cache can answer.
  const times: number[] = [];
  let wrong = 0;
  let failed = 0;
  for (let i = WARMUP; i < WARMUP + READS; i++) {
    const { address, wei } = accounts[i];
    const started = performance.now();
    try {
      const value = await reader.balance(address);
      if (value !== wei) wrong++;
    } catch {
      failed++;
    }
    times.push(performance.now() - started);
  }
  const counts = await httpTotal(devnet);
  const requests = Object.values(counts).reduce((a, b) => a + b, 0);
  // 3. Sequential token balances (eth_call balanceOf), each a different account.
  await devnet.resetCounts();
  const callTimes: number[] = [];
  let callWrong = 0;
  for (let i = 0; i < CALLS; i++) {
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'balanceOf', args: [accounts[i].address] });
    const started = performance.now();
    try {
      // viem answers { data }, ethers the hex string itself.
      const answer = (await reader.call(data)) as { data?: `0x${string}` } | string | undefined;
      const raw = typeof answer === 'string' ? answer : answer?.data;
      if (!raw || BigInt(raw) !== accounts[i].tokens) callWrong++;
    } catch {
      callWrong++;
    }
    callTimes.push(performance.now() - started);
  }
  const callRequests = Object.values(await httpTotal(devnet)).reduce((a, b) => a + b, 0);
  // 4. A dapp-style burst: 100 distinct eth_calls at once.
  await devnet.resetCounts();
  const calls = accounts
    .slice(0, BURST)
    .map((a) => encodeFunctionData({ abi: erc20Abi, functionName: 'balanceOf', args: [a.address] }));
  await Promise.all(calls.map((data) => reader.call(data).catch(() => {})));
  const burst = await httpTotal(devnet);
  times.sort((a, b) => a - b);
  return {
    name: reader.name,
    p50: percentile(times, 0.5),
    p95: percentile(times, 0.95),
    mean: times.reduce((a, b) => a + b, 0) / times.length,
    wrong,
    failed,
    requestsPerRead: requests / READS,
    callP50: percentile(
      callTimes.sort((a, b) => a - b),
      0.5,
    ),
    callRequestsPerRead: callRequests / CALLS,
    callWrong,
    burst,
  };
}

async function scenario(specs: Spec[], accounts: Account[]) {
  const devnet = await startDevnet({
    deployToken: true,
    sources: specs.map((s) => ({ id: s.id, operator: `Operator ${s.id}`, behaviour: s.behaviour, options: s.options })),
  });
  try {
    for (const { address, wei } of accounts) await anvil(devnet, 'anvil_setBalance', [address, numberToHex(wei)]);
    await giveTokens(devnet, accounts.slice(0, CALLS));
    const second = devnet.sourceList.find((s) => s.id === 'honest-40')!;
    const fastest = devnet.sourceList.find((s) => s.id === 'honest-20')!;
    const limit = await roundTrip(second.url, accounts[0].address);
    const fastestRoundTrip = await roundTrip(fastest.url, accounts[0].address);
    const rows: Row[] = [];
    for (const build of contenders(devnet)) {
      const reader = build();
      try {
        rows.push(await measure(devnet, reader, accounts));
      } finally {
        reader.close();
      }
    }
    return { rows, limit, fastestRoundTrip, ids: devnet.sourceList.map((s) => s.id) };
  } finally {
    await devnet.stop();
  }
}

function table(title: string, rows: Row[], ids: string[]): BenchTable {
  return {
    title,
    headers: [
      'contender',
      'p50 ms',
      'p95 ms',
      'mean ms',
      'wrong',
      'failed',
      'HTTP req/read',
      `balanceOf p50 ms`,
      'balanceOf req/read',
      'balanceOf wrong',
      `burst of ${BURST} eth_call: HTTP req per source (${ids.join('/')})`,
    ],
    rows: rows.map((r) => [
      r.name,
      r.p50.toFixed(1),
      r.p95.toFixed(1),
      r.mean.toFixed(1),
      String(r.wrong),
      String(r.failed),
      r.requestsPerRead.toFixed(2),
      r.callP50.toFixed(1),
      r.callRequestsPerRead.toFixed(2),
      String(r.callWrong),
      ids.map((id) => r.burst[id] ?? 0).join(' / '),
    ]),
  };
}

/** Sends each account some ATT from account 0 (anvil signs: the default accounts are unlocked). */
async function giveTokens(devnet: Devnet, accounts: Account[]) {
  const [owner] = (await anvil(devnet, 'eth_accounts', [])) as Address[];
  for (const { address, tokens } of accounts) {
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [address, tokens] });
    await anvil(devnet, 'eth_sendTransaction', [{ from: owner, to: TEST_TOKEN_ADDRESS, data }]);
  }
}

export async function benchQuorum(): Promise<BenchReport> {
  const accounts: Account[] = Array.from({ length: Math.max(BURST, WARMUP + READS) }, (_, i) => ({
    address: numberToHex(0xacc0 + i, { size: 20 }) as Address,
    wei: 10n ** 18n + BigInt(i) * 1_000_003n,
    tokens: 10n ** 18n + BigInt(i),
  }));
  const faulty = await scenario(FAULTY, accounts);
  const healthy = await scenario(HEALTHY, accounts);
  const colluding = await scenario(COLLUDING, accounts);
  const [verified, agreed, ethers] = faulty.rows;
  const healthyVerified = healthy.rows[0];
  const colludingVerified = colluding.rows[0];
  const maxBurst = Math.max(...Object.values(verified.burst));
  const check = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const ratio = verified.p50 / faulty.fastestRoundTrip;
  return {
    tables: [
      table(`Faulty: ${FAULTY.map((s) => s.id).join(', ')} (${READS} reads each)`, faulty.rows, faulty.ids),
      table(`Healthy: five honest sources at 20/40/80/60/30 ms (${READS} reads each)`, healthy.rows, healthy.ids),
      table(
        `Colluding: ${COLLUDING.map((s) => s.id).join(', ')} (two zero sources answer first; ${READS} reads each)`,
        colluding.rows,
        colluding.ids,
      ),
    ],
    notes: [
      `fastest honest source's round trip (honest-20, p50): ${faulty.fastestRoundTrip.toFixed(1)} ms; ` +
        `second-fastest (honest-40): ${faulty.limit.toFixed(1)} ms`,
      `Accord verified p50 / fastest honest round trip = ${ratio.toFixed(2)} (target ≤ 1.3: ${check(ratio <= 1.3)})`,
      `Accord agreement-only p50 / second-fastest round trip = ${(agreed.p50 / faulty.limit).toFixed(2)} (target ≤ 1.2: ${check(agreed.p50 / faulty.limit <= 1.2)})`,
      `Accord verified p50 / ethers p50 = ${(verified.p50 / ethers.p50).toFixed(2)}; mean / mean = ${(verified.mean / ethers.mean).toFixed(2)}`,
      `Accord verified HTTP requests per read, healthy: ${healthyVerified.requestsPerRead.toFixed(2)} (target ≤ 1.2: ${check(healthyVerified.requestsPerRead <= 1.2)})`,
      `Accord verified with two colluding liars first, one hung, two honest: ${colludingVerified.wrong} wrong / ${colludingVerified.failed} failed balances, ` +
        `${colludingVerified.callWrong} wrong token balances (target 0 / 0: ${check(colludingVerified.wrong + colludingVerified.failed + colludingVerified.callWrong === 0)})`,
      `Accord verified balanceOf (local EVM over proofs), healthy: p50 ${healthyVerified.callP50.toFixed(1)} ms, ${healthyVerified.callRequestsPerRead.toFixed(2)} HTTP requests per read`,
      `Accord burst: at most ${maxBurst} HTTP requests per source (target ≤ 10: ${check(maxBurst <= 10)})`,
      'HTTP req/read counts every request the sources received during the reads, head tracking included.',
      `Every HTTP client has a ${REQUEST_TIMEOUT_MS / 1000} s request timeout; warm-up reads (${WARMUP}) are not measured.`,
    ],
  };
}
