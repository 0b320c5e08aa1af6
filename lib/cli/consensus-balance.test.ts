import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXECUTION_HOSTS, type ExecutionServer, startExecutionServer } from '../../tests/fixtures/beacon/execution';
import { capella, capellaBeaconData, electra, electraBeaconData } from '../../tests/fixtures/beacon/recorded';
import { type BeaconServer, startBeaconServer } from '../../tests/fixtures/beacon/server';
import { tamperedPubkey, tamperedSignature, wrongPeriod } from '../../tests/fixtures/beacon/tampered';
import { main } from './accord';

// `accord balance ... --beacon URL`: the recorded Electra chain's balance, proven against the state root the
// sync committee signed, with the recorded execution-API answers served on other loopback hosts. Each
// tampered piece ends in exit 1 naming its check; bad input in exit 2.

const BIN = fileURLToPath(new URL('../../bin/accord.js', import.meta.url));
const EXPECTED = BigInt(electra.expected().expected_result).toString();

let beacon: BeaconServer;
let capellaNode: BeaconServer;
const tampered: Record<string, BeaconServer> = {};
let honest: ExecutionServer[];
let liar: ExecutionServer;

beforeAll(async () => {
  beacon = await startBeaconServer({ data: electraBeaconData() });
  capellaNode = await startBeaconServer({ data: capellaBeaconData() });
  tampered.signature = await startBeaconServer({ data: tamperedSignature() });
  tampered.pubkey = await startBeaconServer({ data: tamperedPubkey() });
  tampered.period = await startBeaconServer({ data: wrongPeriod() });
  honest = [
    await startExecutionServer({ host: EXECUTION_HOSTS[0], behaviour: 'honest' }),
    await startExecutionServer({ host: EXECUTION_HOSTS[1], behaviour: 'honest' }),
  ];
  liar = await startExecutionServer({ host: EXECUTION_HOSTS[2], behaviour: 'liar' });
});
afterAll(async () => {
  await Promise.all([beacon, capellaNode, ...Object.values(tampered), ...honest, liar].map((s) => s?.stop()));
});

const args = (beaconUrl: string, rpcs: string[], ...extra: string[]) => [
  'balance',
  electra.address,
  ...rpcs.flatMap((url) => ['--rpc', url]),
  '--beacon',
  beaconUrl,
  '--checkpoint',
  electra.checkpoint,
  '--at',
  electra.at,
  ...extra,
];

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('accord balance --beacon (recorded Electra chain)', () => {
  it('exit 0: verified by Ethereum consensus at block 22432278, through bin/accord.js', async () => {
    const child = spawn(
      process.execPath,
      [
        BIN,
        ...args(
          beacon.url,
          honest.map((h) => h.url),
        ),
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stdout).toContain('Status   Verified by Ethereum consensus · block 22432278');
    expect(stdout).toContain(`(${EXPECTED} wei)`);
  });

  it('--json: the value and the consensus evidence', async () => {
    const { code, out } = await run(
      args(
        beacon.url,
        honest.map((h) => h.url),
        '--json',
      ),
    );
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report).toMatchObject({
      value: EXPECTED,
      status: 'verified',
      basis: { kind: 'consensus', slot: 11650268 },
      consensus: {
        verified: true,
        block: 22432278,
        stateRoot: '0xd50a7ce9d8ae49f9d222f0799fb8eb005bebd52adf7eaadd79a3cc07e4cdf64c',
      },
    });
  });

  it('a lying source beside an honest one cannot change the verified value (its proof, if asked, is refused)', async () => {
    const { code, out } = await run(args(beacon.url, [liar.url, honest[0].url], '--json'));
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.value).toBe(EXPECTED);
    const liarEntry = report.sources.find((s: { url: string }) => s.url === liar.url);
    expect(liarEntry.proof === undefined || liarEntry.proof === 'invalid').toBe(true);
  });

  it('exit 1 (proof): the only source serves a proof that is not of the signed state root', async () => {
    const { code, err } = await run(args(beacon.url, [liar.url]));
    expect(code).toBe(1);
    expect(err).toMatch(
      /^accord: verification failed \(proof\): no source's proof of the balance checked against state root 0xd50a7ce9.* of block 22432278; invalid proofs from http:\/\/127\.0\.0\.16/,
    );
  });

  it('exit 1 (proof): a well-formed proof of another state (as from another block) is refused', async () => {
    const other = await startExecutionServer({ host: '127.0.0.20', behaviour: 'other-state' });
    try {
      const { code, out, err } = await run(args(beacon.url, [other.url]));
      expect(code).toBe(1);
      expect(out).toContain('Balance  -');
      expect(out).toMatch(
        /127\.0\.0\.20:\d+ +disagree +invalid .*account proof does not verify against root 0xd50a7ce9/,
      );
      expect(err).toMatch(
        /^accord: verification failed \(proof\): no source's proof of the balance checked against state root 0xd50a7ce9.* of block 22432278; invalid proofs from http:\/\/127\.0\.0\.20/,
      );
    } finally {
      await other.stop();
    }
  });

  it('exit 1 naming the check: signature bit, committee pubkey, wrong-period update, stale checkpoint', async () => {
    const rpcs = honest.map((h) => h.url);
    const signature = await run(args(tampered.signature.url, rpcs));
    expect(signature.code).toBe(1);
    expect(signature.err).toMatch(
      /^accord: verification failed \(signature\): sync committee signature does not (verify|decode)/,
    );

    const pubkey = await run(args(tampered.pubkey.url, rpcs));
    expect(pubkey.code).toBe(1);
    expect(pubkey.err).toBe(
      'accord: verification failed (branch): next sync committee branch does not lead to the attested state root',
    );

    const period = await run(args(tampered.period.url, rpcs));
    expect(period.code).toBe(1);
    expect(period.err).toMatch(
      /^accord: verification failed \(checkpoint\): no bootstrap or update is served for checkpoint/,
    );

    // The Capella chain's bootstrap a month after its checkpoint (the Electra chain serves no bootstrap).
    const stale = await run([
      'balance',
      electra.address,
      '--rpc',
      rpcs[0],
      '--beacon',
      capellaNode.url,
      '--checkpoint',
      capella.checkpoint,
      '--at',
      '2023-09-15T00:00:00Z',
    ]);
    expect(stale.code).toBe(1);
    expect(stale.err).toMatch(
      /^accord: verification failed \(checkpoint\): checkpoint at slot \d+ is [\d.]+ days old, beyond the 14\.0-day/,
    );
  });

  it('exit 2 on bad input', async () => {
    const rpcs = honest.map((h) => h.url);
    const cases: [string[], RegExp][] = [
      [[...args(beacon.url, rpcs), '--block', '22432278'], /--block cannot be verified by consensus/],
      [[...args(beacon.url, rpcs), '--no-verify'], /--no-verify and --beacon contradict each other/],
      [['balance', electra.address, '--rpc', rpcs[0], '--checkpoint', electra.checkpoint], /need --beacon URL/],
      [['balance', electra.address, '--rpc', rpcs[0], '--beacon', 'ftp://x'], /invalid --beacon URL/],
      [
        ['balance', electra.address, '--rpc', rpcs[0], '--beacon', beacon.url, '--checkpoint', '0x12'],
        /invalid --checkpoint/,
      ],
      [[...args(beacon.url, rpcs), '--chain-id', '5'], /not of chain 5/],
      [['sources', '--rpc', rpcs[0], '--beacon', beacon.url], /--beacon applies to "head" and "balance" only/],
    ];
    for (const [argv, message] of cases) {
      const { code, err } = await run(argv);
      expect({ argv, code }).toEqual({ argv, code: 2 });
      expect(err).toMatch(message);
    }
  });
});
