import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { numberToHex } from 'viem';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNTS, type Devnet, startDevnet } from '../../tests/fixtures/devnet';

// The CLI end to end: `node bin/accord.js ...` against the devnet, checking output and exit codes.

const BIN = fileURLToPath(new URL('../../bin/accord.js', import.meta.url));
const [alice] = DEFAULT_ACCOUNTS;
let devnet: Devnet;

beforeAll(async () => {
  devnet = await startDevnet({
    sources: ['a', 'b', 'c', 'd'].map((id) => ({ id, operator: `Operator ${id}` })),
  });
}, 60_000);

afterAll(async () => {
  await devnet?.stop();
});

beforeEach(async () => {
  for (const id of ['a', 'b', 'c', 'd']) await devnet.setBehaviour(id, 'honest');
});

function accord(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

const url = (id: string) => devnet.sourceList.find((s) => s.id === id)!.url;
const rpcs = (...ids: string[]) => ids.flatMap((id) => ['--rpc', url(id)]);

async function anvil(method: string, params: unknown[]): Promise<unknown> {
  const response = await fetch(devnet.anvilUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  return ((await response.json()) as { result: unknown }).result;
}

describe('accord CLI', () => {
  it('balance --json verifies by default: one proof against a header all operators agreed on', async () => {
    const r = await accord(['balance', alice.address, ...rpcs('a', 'b', 'c'), '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ status: 'verified', header: { agreeing: 3, operators: 3 } });
    const expected = await anvil('eth_getBalance', [alice.address, numberToHex(report.block.number)]);
    expect(report.value).toBe(BigInt(expected as string).toString());
    expect(report.sources.filter((s: { proof?: string }) => s.proof === 'valid')).toHaveLength(1);
  });

  it('two colluding zero sources answering first: --no-verify confirms 0, the default verifies the truth', async () => {
    await devnet.setBehaviour('a', 'zero');
    await devnet.setBehaviour('b', 'zero');
    await devnet.setBehaviour('c', 'slow', { delayMs: 60 });
    await devnet.setBehaviour('d', 'slow', { delayMs: 60 });
    const plain = JSON.parse(
      (await accord(['balance', alice.address, ...rpcs('a', 'b', 'c', 'd'), '--json', '--no-verify'])).stdout,
    );
    expect(plain).toMatchObject({ status: 'confirmed', value: '0' });
    const r = await accord(['balance', alice.address, ...rpcs('a', 'b', 'c', 'd'), '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    const expected = await anvil('eth_getBalance', [alice.address, numberToHex(report.block.number)]);
    expect(report).toMatchObject({ status: 'verified', value: BigInt(expected as string).toString() });
    // Whichever source was asked first, only an honest one's proof can have checked.
    const prover = report.sources.find((s: { proof?: string }) => s.proof === 'valid');
    expect([url('c'), url('d')]).toContain(prover.url);
    const text = await accord(['balance', alice.address, ...rpcs('a', 'b', 'c', 'd')]);
    expect(text.stdout).toMatch(
      /Status\s+verified: its Merkle proof checked against the agreed header \(header agreed by 4 of 4 operators\)/,
    );
    expect(text.stdout).toMatch(/PROOF/);
  });

  it('forged proofs from the two fastest sources: proof "invalid" for them, the honest proof verifies', async () => {
    await devnet.setBehaviour('a', 'forge', { forge: 'value' });
    await devnet.setBehaviour('b', 'forge', { forge: 'value' });
    await devnet.setBehaviour('c', 'slow', { delayMs: 60 });
    await devnet.setBehaviour('d', 'slow', { delayMs: 60 });
    const r = await accord(['balance', alice.address, ...rpcs('a', 'b', 'c', 'd'), '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    const expected = await anvil('eth_getBalance', [alice.address, numberToHex(report.block.number)]);
    expect(report).toMatchObject({ status: 'verified', value: BigInt(expected as string).toString() });
    const proofOf = (id: string) => report.sources.find((s: { url: string }) => s.url === url(id))?.proof;
    // The forgers are the fastest, so at least one was asked first; none of their proofs checked.
    expect([proofOf('a'), proofOf('b')]).toContain('invalid');
    for (const id of ['a', 'b']) expect(proofOf(id)).not.toBe('valid');
    expect([proofOf('c'), proofOf('d')]).toContain('valid');
  });

  it('no source serves proofs: confirmed by agreement (exit 0), every source\'s proof "unsupported"', async () => {
    for (const id of ['a', 'b', 'c']) await devnet.setBehaviour(id, 'noproof');
    const r = await accord(['balance', alice.address, ...rpcs('a', 'b', 'c'), '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.status).toBe('confirmed');
    expect(report.sources.map((s: { proof?: string }) => s.proof)).toEqual([
      'unsupported',
      'unsupported',
      'unsupported',
    ]);
    const text = await accord(['balance', alice.address, ...rpcs('a', 'b', 'c')]);
    expect(text.stdout).toMatch(/Status\s+confirmed/);
    expect(text.stdout).toMatch(/unsupported/);
  });

  it('no header majority: unconfirmed (exit 1) with the reason, though both sources give the same balance', async () => {
    await devnet.setBehaviour('a', 'headerminority');
    await devnet.setBehaviour('c', 'down');
    await devnet.setBehaviour('d', 'down');
    const r = await accord(['balance', alice.address, ...rpcs('a', 'b', 'c', 'd'), '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.status).toBe('unconfirmed');
    expect(report.agreeing).toBe(2);
    expect(report.reason).toMatch(
      /^header at block \d+ not agreed \(1 of 2 operators reported it alike; a majority is needed\)$/,
    );
    const text = await accord(['balance', alice.address, ...rpcs('a', 'b', 'c', 'd')]);
    expect(text.stdout).toMatch(/Status\s+unconfirmed: header at block \d+ not agreed/);
    expect(text.stdout).not.toMatch(/Status\s+(confirmed|verified)/);
  });

  it('balance --json --no-verify: confirmed, exit 0, with the per-source table', async () => {
    const r = await accord(['balance', alice.address, ...rpcs('a', 'b', 'c'), '--json', '--no-verify']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({
      chainId: 31337,
      address: alice.address,
      status: 'confirmed',
      agreeing: 2,
      quorum: 2,
    });
    const expected = await anvil('eth_getBalance', [alice.address, numberToHex(report.block.number)]);
    expect(report.value).toBe(BigInt(expected as string).toString());
    expect(report.block.hash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(report.sources).toHaveLength(3);
    for (const s of report.sources) {
      expect(['agree', 'skipped']).toContain(s.status);
      expect(Object.keys(s)).toEqual(expect.arrayContaining(['url', 'status', 'value', 'latencyMs']));
    }
  });

  it('balance --block N reads that block and reports its hash', async () => {
    const r = await accord(['balance', alice.address, ...rpcs('a', 'b'), '--block', '5', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    const block = (await anvil('eth_getBlockByNumber', ['0x5', false])) as { hash: string };
    expect(report.block).toEqual({ number: 5, hash: block.hash });
  });

  it('a liar makes a conflict: exit 1, no value, the liar marked', async () => {
    await devnet.setBehaviour('b', 'liar');
    const r = await accord(['balance', alice.address, ...rpcs('a', 'b'), '--json', '--no-verify']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.status).toBe('conflict');
    expect(report.value).toBeNull();
    expect(report.sources.map((s: { status: string }) => s.status)).toEqual(['disagree', 'disagree']);
  });

  it('one source is unconfirmed (exit 1); a dead one is an error; a hung one cannot hold the CLI', async () => {
    const one = await accord(['balance', alice.address, ...rpcs('a'), '--json']);
    expect(one.code).toBe(1);
    expect(JSON.parse(one.stdout).status).toBe('unconfirmed');

    await devnet.setBehaviour('c', 'down');
    await devnet.setBehaviour('d', 'hang');
    // A timeout longer than a test may run: had the CLI waited for the hung source, the test would fail.
    const r = await accord(['balance', alice.address, ...rpcs('a', 'b', 'c', 'd'), '--json', '--timeout', '120000']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.status).toBe('verified');
    expect(report.sources[2]).toMatchObject({ status: 'error', value: null });
    expect(report.sources[2].error).toMatch(/refused/);
  });

  it('prints a readable table without --json', async () => {
    await devnet.setBehaviour('c', 'wrongchain', { chainId: 1 });
    const r = await accord(['balance', alice.address, ...rpcs('a', 'b', 'c')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Status\s+verified/);
    expect(r.stdout).toMatch(/wrong-chain/);
    expect(r.stdout).toMatch(/10000 \(10000000000000000000000 wei\)|ETH|wei/);
  });

  it('bad input exits 2 with one clear line', async () => {
    const cases: [string[], RegExp][] = [
      [['balance', '0x1234', ...rpcs('a')], /^accord: invalid address: 0x1234 has 4 hex digits, an address has 40$/],
      [['balance', alice.address.replace('f39F', 'f39f'), ...rpcs('a')], /checksum that does not match/],
      [['balance', alice.address], /no sources/],
      [['balance', alice.address, '--rpc', 'not a url'], /invalid --rpc URL/],
      [['balance', alice.address, ...rpcs('a'), '--quorum', '1'], /invalid --quorum/],
      [
        ['balance', alice.address, ...rpcs('a'), '--bogus'],
        /^accord: unknown option --bogus \(accord --help lists the options\)$/,
      ],
      [['balance', alice.address, ...rpcs('a'), '--quorum'], /^accord: --quorum needs a value, e.g. --quorum 2$/],
    ];
    for (const [args, message] of cases) {
      const r = await accord(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(message);
    }
  });

  it('sources prints chain id, head, latency and health per source', async () => {
    await devnet.setBehaviour('c', 'stale', { staleBlocks: 3 });
    await devnet.setBehaviour('d', 'wrongchain', { chainId: 1 });
    const r = await accord(['sources', ...rpcs('a', 'b', 'c', 'd'), '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    const head = Number(await anvil('eth_blockNumber', []));
    expect(report).toMatchObject({ chainId: 31337, agreedHead: head });
    expect(report.sources.map((s: { status: string }) => s.status)).toEqual([
      'healthy',
      'healthy',
      'degraded',
      'wrong-chain',
    ]);
    expect(report.sources[2]).toMatchObject({ head: head - 3, lag: 3, reason: '3 blocks behind the agreed head' });
    expect(report.sources[3]).toMatchObject({ reason: 'answers for chain 1' });
    expect(report.sources[0].latencyMs).toBeGreaterThanOrEqual(0);
    const text = await accord(['sources', ...rpcs('a', 'b')]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/BREAKER/);
    // The popup's words: "healthy" and "breaker open", never "ok".
    const dead = await accord(['sources', ...rpcs('a', 'b'), '--rpc', 'http://127.0.0.1:1']);
    expect(dead.stdout).toMatch(/127\.0\.0\.1:1\s.*open\s+breaker open\s+paused after 3 failed requests/);
    expect(dead.stdout).not.toMatch(/\bok\b/);
  });

  it('sources judges answers as the wallet does: a zero source is degraded, with why, and does not count towards k', async () => {
    await devnet.setBehaviour('d', 'zero');
    const r = await accord(['sources', ...rpcs('a', 'b', 'd'), '--address', alice.address, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.sources.map((s: { status: string }) => s.status)).toEqual(['healthy', 'healthy', 'degraded']);
    expect(report.sources[2].reason).toMatch(
      /^disagreed with the agreed value once: its proof of 0x[0-9a-fA-F]{40}'s balance failed: claims balance 0 but its proof shows [1-9]\d*$/,
    );
    expect(report.sources[2].health.disagreements).toBe(1);
    const proven = await anvil('eth_getBalance', [alice.address, numberToHex(report.answers.block)]);
    expect(report.answers).toEqual({
      block: report.agreedHead,
      address: alice.address,
      balance: BigInt(proven as string).toString(),
      basis: 'proof',
    });
    // With only the zero source beside one honest one, k = 2 healthy operators are not there: exit 1.
    const pair = await accord(['sources', ...rpcs('a', 'd'), '--address', alice.address]);
    expect(pair.code).toBe(1);
    expect(pair.stdout).toMatch(/degraded\s+disagreed with the agreed value once/);
    expect(pair.stdout).toMatch(
      /Answers judged on 0x[0-9a-fA-F]{40}'s balance at block \d+ \(\d+ wei, proven against the agreed header\)/,
    );
  });

  it('sources without proofs judges by agreement; an empty account is said to prove nothing about zero sources', async () => {
    for (const id of ['a', 'b']) await devnet.setBehaviour(id, 'noproof');
    await devnet.setBehaviour('d', 'zero');
    const r = await accord(['sources', ...rpcs('a', 'b', 'd'), '--address', alice.address, '--json']);
    const report = JSON.parse(r.stdout);
    expect(report.sources.map((s: { status: string }) => s.status)).toEqual(['healthy', 'healthy', 'degraded']);
    expect(report.answers.basis).toBe('agreement');
    expect(report.sources[2].reason).toMatch(/disagreed with the agreed value once: (its proof|said 0 wei)/);

    const empty = '0x000000000000000000000000000000000000dEaD';
    const blind = await accord(['sources', ...rpcs('a', 'b', 'd'), '--address', empty, '--json']);
    const blindReport = JSON.parse(blind.stdout);
    expect(blindReport.sources[2].status).toBe('healthy');
    expect(blindReport.answers).toMatchObject({ balance: '0' });
    expect(blindReport.answers.note).toMatch(
      /holds 0 at block \d+, so a source that answers zero balances looks honest here/,
    );
  });

  it('with no arguments prints the usage on stderr and exits 2; --help exits 0', async () => {
    const bare = await accord([]);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toBe('');
    expect(bare.stderr).toMatch(/^Usage:/);
    const help = await accord(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage:/);
  });

  it('a block past the head says what the sources answered, not "no source answered"', async () => {
    const r = await accord(['balance', alice.address, ...rpcs('a', 'b'), '--block', '99999']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Status\s+unavailable: every source \(2\) answered with an error: .*99999/);
    expect(r.stdout).not.toMatch(/no source answered/);
  });

  it('--chain-id for another chain names the chain the sources serve', async () => {
    const r = await accord(['balance', alice.address, ...rpcs('a', 'b'), '--chain-id', '1', '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.reason).toBe(
      'every source answers for chain 31337, not Ethereum (chain 1); check --chain-id or the --rpc URLs',
    );
    expect(report.sources[0].error).toBe('wrong-chain: answers for chain 31337, not Ethereum (chain 1)');
  });
});
