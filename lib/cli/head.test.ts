import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capella, capellaBeaconData, electra, electraBeaconData } from '../../tests/fixtures/beacon/recorded';
import { type BeaconData, type BeaconServer, startBeaconServer } from '../../tests/fixtures/beacon/server';
import { lowParticipation } from '../../tests/fixtures/beacon/tampered';
import { main } from './accord';

// `accord head` end to end: `node bin/accord.js head ...` against loopback beacon nodes serving the
// recorded mainnet chains, checking output and exit codes.

const BIN = fileURLToPath(new URL('../../bin/accord.js', import.meta.url));

function accord(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
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
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function lyingFinality(): BeaconData {
  const data = capellaBeaconData();
  const finality = structuredClone(data.finality) as {
    json: { data: { finalized_header: { beacon: { slot: string } } } };
  };
  finality.json.data.finalized_header.beacon.slot = '7109345';
  return { ...data, finality };
}

let capellaNode: BeaconServer;
let electraNode: BeaconServer;
let lyingNode: BeaconServer;
let thinNode: BeaconServer;
let deadUrl: string;

beforeAll(async () => {
  capellaNode = await startBeaconServer({ data: capellaBeaconData() });
  electraNode = await startBeaconServer({ data: electraBeaconData() });
  lyingNode = await startBeaconServer({ data: lyingFinality() });
  thinNode = await startBeaconServer({ data: lowParticipation() });
  const dead = await startBeaconServer({ data: {} });
  deadUrl = dead.url;
  await dead.stop();
});

afterAll(async () => {
  await Promise.all([capellaNode, electraNode, lyingNode, thinNode].map((s) => s?.stop()));
});

const capellaArgs = (...beacons: string[]) => [
  'head',
  ...beacons.flatMap((url) => ['--beacon', url]),
  '--checkpoint',
  capella.checkpoint,
  '--at',
  capella.at,
];

describe('accord head', () => {
  it('Capella chain --json: the optimistic head', async () => {
    const optimistic = await accord([...capellaArgs(capellaNode.url), '--json']);
    expect(optimistic).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(optimistic.stdout)).toEqual({
      slot: 7109431,
      executionBlockNumber: 17923113,
      executionBlockHash: '0x3c015340e234ff7f8e75ecebb11d45154a394cd896ddcfcfffc941a07b314960',
      stateRoot: '0xb23aaefaa6757436f1e6054a7568d4e6bfbf54b7958e5be9f49b3389ef6694af',
      finalized: false,
    });
  });

  it('Capella chain --json --finalized: execution block 17923026', async () => {
    const finalized = await accord([...capellaArgs(capellaNode.url), '--json', '--finalized']);
    expect(finalized.code).toBe(0);
    expect(JSON.parse(finalized.stdout)).toMatchObject({
      slot: 7109344,
      executionBlockNumber: 17923026,
      stateRoot: '0x226f5ff47ab3725b5a4a3afc74b1e79e4aa3a29704561eccce590e58900baec3',
      finalized: true,
    });
  });

  it('Electra chain: the head block signs its parent, execution block 22432278', async () => {
    const r = await accord([
      'head',
      '--beacon',
      electraNode.url,
      '--checkpoint',
      electra.checkpoint,
      '--at',
      electra.at,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Verified by Ethereum consensus');
    expect(r.stdout).toContain('Block       22432278 (0x');
    expect(r.stdout).toContain('State root  0xd50a7ce9d8ae49f9d222f0799fb8eb005bebd52adf7eaadd79a3cc07e4cdf64c');
    expect(r.stdout).toContain('slot 11650268 (optimistic head)');
  });

  it('fails over from a dead and a lying beacon node to an honest one', async () => {
    const r = await accord([...capellaArgs(deadUrl, lyingNode.url, capellaNode.url), '--json', '--finalized']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).executionBlockNumber).toBe(17923026);
  });

  it('exit 1 naming the check: a lying node alone, a stale checkpoint', async () => {
    const lying = await accord([...capellaArgs(lyingNode.url), '--json']);
    expect(lying.code).toBe(1);
    expect(lying.stdout).toBe('');
    expect(lying.stderr.trim()).toBe(
      'accord: verification failed (branch): finality branch does not lead to the attested state root',
    );
    const stale = await accord([
      'head',
      '--beacon',
      capellaNode.url,
      '--checkpoint',
      capella.checkpoint,
      '--at',
      '2024-01-01T00:00:00Z',
    ]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(
      /^accord: verification failed \(checkpoint\): checkpoint at slot 7069376 is \d+\.\d days old/,
    );
  });

  it('exit 1 naming the check: a finality update signed by too few of the committee', async () => {
    const thin = await accord([...capellaArgs(thinNode.url), '--finalized']);
    expect(thin.code).toBe(1);
    expect(thin.stdout).toBe('');
    expect(thin.stderr.trim()).toBe(
      'accord: verification failed (participation): 64 of 512 signed: a finality or sync-committee update needs two thirds',
    );
  });

  it('exit 2 on bad input, one line each (parsed in-process)', async () => {
    const cases: [string[], string][] = [
      [['head', '--checkpoint', capella.checkpoint], 'accord: no beacon sources: pass at least one --beacon URL'],
      [['head', '--beacon', 'ftp://x'], 'accord: invalid --beacon URL: ftp://x (expected http:// or https://)'],
      [
        ['head', '--beacon', capellaNode.url],
        'accord: no checkpoint: pass --checkpoint ROOT, a finalized beacon block root you trust',
      ],
      [
        ['head', '--beacon', capellaNode.url, '--checkpoint', '0x12'],
        'accord: invalid --checkpoint: 0x12 (expected a 32-byte 0x-hex block root)',
      ],
      [
        [...capellaArgs(capellaNode.url).slice(0, -1), 'yesterday'],
        'accord: invalid --at: yesterday (expected an ISO time such as 2025-05-07T14:15:00Z)',
      ],
      [
        ['sources', '--rpc', 'http://127.0.0.1:1', '--beacon', capellaNode.url],
        'accord: --beacon applies to "head" and "balance" only',
      ],
    ];
    for (const [args, message] of cases) {
      const err: string[] = [];
      const code = await main(args, { out: () => {}, err: (text) => err.push(text) });
      expect({ code, err }).toEqual({ code: 2, err: [message] });
    }
  });
});
