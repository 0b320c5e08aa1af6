// Preview section: a transaction simulated over proven state, as an approval asks for it: time until the
// preview is ready and HTTP requests per simulation, on five honest devnet sources at 20–80 ms, cold (every
// simulation a new client: no latency history) and warm (one client, as the background keeps it).
// The background under node keeps its vault in fake-indexeddb, as the node tests do.
import 'fake-indexeddb/auto';
import { type Address, encodeFunctionData, erc20Abi, maxUint256, parseEther } from 'viem';
import { createQuorumClient } from '../../lib/rpc/quorum';
import type { TransactionToSimulate } from '../../lib/rpc/simulation';
import { importAndConnect, startDevnetBackground } from '../../lib/testing/background';
import {
  callRpc,
  DEFAULT_ACCOUNTS,
  type Devnet,
  loadSwapArtifact,
  startDevnet,
  TEST_MNEMONIC,
  TEST_SWAP_ADDRESS,
  TEST_TOKEN_ADDRESS,
} from '../../tests/fixtures/devnet';
import { type BenchReport, percentile } from './report';

const RUNS = 20;
const DELAYS = [20, 40, 80, 60, 30];
const [alice, bob] = DEFAULT_ACCOUNTS;
const token = TEST_TOKEN_ADDRESS as Address;
const swap = TEST_SWAP_ADDRESS as Address;
const swapAbi = loadSwapArtifact().abi;
const approve = (spender: Address, amount: bigint) =>
  encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [spender, amount] });
const swapFor = (amount: bigint): TransactionToSimulate => ({
  from: alice.address,
  to: swap,
  data: encodeFunctionData({ abi: swapAbi, functionName: 'swap', args: [token, swap, amount] }),
});

const KINDS: { name: string; tx: TransactionToSimulate | TransactionToSimulate[] }[] = [
  { name: 'ETH send', tx: { from: alice.address, to: bob.address, value: parseEther('0.1') } },
  {
    name: 'ERC-20 transfer',
    tx: {
      from: alice.address,
      to: token,
      data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [bob.address, 10n ** 18n] }),
    },
  },
  {
    name: 'ERC-20 unlimited approve',
    tx: {
      from: alice.address,
      to: token,
      data: approve(bob.address, maxUint256),
    },
  },
  // The swap's allowance is set on the chain before the runs; the batch brings its own.
  { name: 'swap (two tokens move)', tx: swapFor(10n ** 18n) },
  {
    name: 'batch: approve, then swap',
    tx: [{ from: alice.address, to: token, data: approve(swap, 5n * 10n ** 18n) }, swapFor(5n * 10n ** 18n)],
  },
];

async function requests(devnet: Devnet): Promise<number> {
  return Object.values(await devnet.counts()).reduce((n, c) => n + c.httpRequests, 0);
}

export async function benchPreview(): Promise<BenchReport> {
  const devnet = await startDevnet({
    deployToken: true,
    sources: DELAYS.map((delayMs, i) => ({
      id: `honest-${delayMs}`,
      operator: `Operator ${i}`,
      behaviour: 'slow' as const,
      options: { delayMs },
    })),
  });
  const sources = devnet.sourceList.map((s) => ({ id: s.id, operator: s.operator, url: s.url, enabled: true }));
  await callRpc(devnet.anvilUrl, 'eth_sendTransaction', [
    { from: alice.address, to: token, data: approve(swap, maxUint256) },
  ]);
  const rows: string[][] = [];
  const rows2: string[][] = [];
  try {
    for (const kind of KINDS) {
      for (const mode of ['cold', 'warm'] as const) {
        const warm = createQuorumClient({ chainId: devnet.chainId, sources });
        await warm.refreshHead();
        await warm.simulate(kind.tx);
        const times: number[] = [];
        let httpRequests = 0;
        for (let i = 0; i < RUNS; i++) {
          const client = mode === 'warm' ? warm : createQuorumClient({ chainId: devnet.chainId, sources });
          await client.refreshHead();
          await devnet.resetCounts();
          const started = performance.now();
          const preview = await client.simulate(kind.tx);
          times.push(performance.now() - started);
          httpRequests += await requests(devnet);
          if (preview.status !== 'verified') throw new Error(`${kind.name}: ${preview.reason}`);
          if (preview.reverted) throw new Error(`${kind.name}: would revert (${preview.revertReason})`);
          if (client !== warm) client.close();
        }
        warm.close();
        times.sort((a, b) => a - b);
        rows.push([
          kind.name,
          mode,
          percentile(times, 0.5).toFixed(1),
          percentile(times, 0.9).toFixed(1),
          (httpRequests / RUNS).toFixed(2),
        ]);
      }
    }
    rows2.push(...(await throughTheBackground(devnet)));
  } finally {
    await devnet.stop();
  }
  return {
    tables: [
      {
        title: `Transaction preview (simulate over proven state), five honest sources at ${DELAYS.join('/')} ms, ${RUNS} runs each`,
        headers: ['transaction', 'client', 'p50 ms', 'p90 ms', 'HTTP requests per preview'],
        rows,
      },
      {
        title: `Approval opened → preview shown, through the background, ${APPROVAL_RUNS} runs each`,
        headers: ['transaction', 'request shown p50 ms', 'preview shown p50 ms', 'preview shown p90 ms'],
        rows: rows2,
      },
    ],
    notes: [
      'Measured from simulate() to the preview (proofs checked, EVM run, effects decoded); the anchor is refreshed before, not timed.',
      'cold: a new client each time (no latency history); warm: one client, as the background keeps it. Verified code is cached by code hash for the whole worker in both.',
      'The approval window shows the request before the preview: this time never delays Approve/Reject.',
      'Through the background: the whole background under node (real quorum client, keyring and approval queue; fake-indexeddb), a dapp eth_sendTransaction until the pending approval lists the request, and until its preview joins it.',
    ],
  };
}

const APPROVAL_RUNS = 10;
const DAPP = 'http://127.0.0.1:5173';

/** A dapp's eth_sendTransaction through the whole background: when the approval lists it, when its preview joins. */
async function throughTheBackground(devnet: Devnet): Promise<string[][]> {
  const background = await startDevnetBackground(devnet, { productionKdf: true });
  const rows: string[][] = [];
  try {
    const wallet = { mnemonic: TEST_MNEMONIC, password: 'bench password', origin: DAPP, accounts: [alice.address] };
    await importAndConnect(background, wallet);
    const kinds: { name: string; tx: Record<string, string> }[] = [
      { name: 'ETH send', tx: { from: alice.address, to: bob.address, value: '0x16345785d8a0000' } },
      { name: 'swap (two tokens move)', tx: { from: alice.address, to: swap, data: swapFor(10n ** 18n).data! } },
    ];
    for (const kind of kinds) {
      const shown: number[] = [];
      const previewed: number[] = [];
      for (let i = 0; i < APPROVAL_RUNS; i++) {
        const started = performance.now();
        const answer = background.dapp(DAPP, 'eth_sendTransaction', [kind.tx]);
        let id: string | null = null;
        for (;;) {
          const [pending] = await background.popup('approvals/list');
          if (pending && id === null) {
            id = pending.id;
            shown.push(performance.now() - started);
          }
          if (pending?.request.kind === 'transaction' && pending.request.preview) {
            previewed.push(performance.now() - started);
            if (pending.request.preview.status !== 'verified') {
              throw new Error(`${kind.name}: ${pending.request.preview.reason}`);
            }
            break;
          }
          await new Promise((r) => setTimeout(r, 2));
        }
        await background.popup('approvals/resolve', { id: id!, approved: false });
        await answer;
      }
      shown.sort((a, b) => a - b);
      previewed.sort((a, b) => a - b);
      rows.push([
        kind.name,
        percentile(shown, 0.5).toFixed(1),
        percentile(previewed, 0.5).toFixed(1),
        percentile(previewed, 0.9).toFixed(1),
      ]);
    }
  } finally {
    background.close();
  }
  return rows;
}
