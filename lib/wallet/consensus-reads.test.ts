import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXECUTION_HOSTS, type ExecutionServer, startExecutionServer } from '../../tests/fixtures/beacon/execution';
import { electra, electraBeaconData } from '../../tests/fixtures/beacon/recorded';
import { type BeaconData, type BeaconServer, startBeaconServer } from '../../tests/fixtures/beacon/server';
import { tamperedPubkey, tamperedSignature, wrongPeriod } from '../../tests/fixtures/beacon/tampered';
import { MAINNET } from '../consensus/config';
import { createQuorumClient } from '../rpc/quorum';
import { isEstablished, verifiedLine } from '../rpc/types';
import { memoryArea } from '../testing/memory-area';
import { createLightClients } from './light-clients';

// Reads through the quorum client anchored by the background's light client, on the recorded Electra chain:
// the balance is verified against the state root the sync committee signed, even when most sources report
// another header; with the beacon source gone it falls back to the operators' header and says so.

let beacon: BeaconServer;
let honest: ExecutionServer;
let honest2: ExecutionServer;
const liars: ExecutionServer[] = [];

beforeAll(async () => {
  beacon = await startBeaconServer({ data: electraBeaconData() });
  honest = await startExecutionServer({ host: EXECUTION_HOSTS[0], behaviour: 'honest' });
  honest2 = await startExecutionServer({ host: '127.0.0.17', behaviour: 'honest' });
  for (const host of EXECUTION_HOSTS.slice(1)) liars.push(await startExecutionServer({ host, behaviour: 'liar' }));
});
afterAll(async () => {
  await Promise.all([beacon, honest, honest2, ...liars].map((s) => s?.stop()));
});

function clientWith(beaconUrl: string, rpcUrls: string[]) {
  const lightClients = createLightClients({
    area: memoryArea(),
    settingsFor: async () => ({
      beaconSources: [{ id: 'b', url: beaconUrl, operator: 'b' }],
      checkpoint: electra.checkpoint,
      chain: MAINNET,
    }),
    now: () => Date.parse(electra.at),
  });
  return createQuorumClient({
    chainId: 1,
    sources: rpcUrls.map((url, i) => ({ id: `s${i}`, url, operator: `op${i}`, enabled: true })),
    quorum: 2,
    consensusHead: () => lightClients.head(1),
  });
}

const expected = () => BigInt(electra.expected().expected_result);

describe('balance reads anchored by the light client', () => {
  it('honest sources: verified by Ethereum consensus at block 22432278', async () => {
    const client = clientWith(beacon.url, [honest.url, honest2.url]);
    try {
      const result = await client.request({ method: 'eth_getBalance', params: [electra.address, 'latest'] });
      expect(result.status).toBe('verified');
      expect(BigInt(result.value as string)).toBe(expected());
      const anchor = result.evidence.anchor!;
      expect(anchor.basis).toEqual({ kind: 'consensus', slot: 11650268, finalized: false });
      expect(verifiedLine(anchor)).toBe('Verified by Ethereum consensus · block 22432278');
    } finally {
      client.close();
    }
  });

  it('the line names a finalized header as finalized', () => {
    const basis = { kind: 'consensus', slot: 7109344, finalized: true } as const;
    expect(verifiedLine({ number: 17923026, basis })).toBe('Verified by Ethereum consensus · finalized block 17923026');
  });

  it('two operators reporting the same false state root cannot move the anchor off the signed one', async () => {
    const client = clientWith(beacon.url, [honest.url, ...liars.map((l) => l.url)]);
    try {
      const result = await client.request({ method: 'eth_getBalance', params: [electra.address, 'latest'] });
      expect(result.evidence.anchor).toMatchObject({
        stateRoot: '0xd50a7ce9d8ae49f9d222f0799fb8eb005bebd52adf7eaadd79a3cc07e4cdf64c',
        basis: { kind: 'consensus' },
      });
      expect(result.status).toBe('verified');
      expect(BigInt(result.value as string)).toBe(expected());
      const liarEvidence = result.evidence.sources.filter((s) => s.id !== 's0' && s.proof);
      for (const entry of liarEvidence) expect(entry).toMatchObject({ proof: 'invalid', status: 'disagree' });
    } finally {
      client.close();
    }
  });

  it('only liars: their proofs are refused against the signed root, so nothing is verified', async () => {
    const client = clientWith(
      beacon.url,
      liars.map((l) => l.url),
    );
    try {
      const result = await client.request({ method: 'eth_getBalance', params: [electra.address, 'latest'] });
      // Proven liars get no say in the agreement that follows: nothing is established, nothing is shown.
      expect(isEstablished(result.status)).toBe(false);
      expect(result.evidence.sources.every((s) => s.proof === 'invalid')).toBe(true);
    } finally {
      client.close();
    }
  });

  it('a well-formed proof of another state (as from another block) is refused against the signed root', async () => {
    const other = await startExecutionServer({ host: '127.0.0.20', behaviour: 'other-state' });
    const client = clientWith(beacon.url, [other.url]);
    try {
      const result = await client.request({ method: 'eth_getBalance', params: [electra.address, 'latest'] });
      expect(result.evidence.anchor?.basis).toMatchObject({ kind: 'consensus' });
      expect(isEstablished(result.status)).toBe(false);
      expect(result.evidence.sources[0]).toMatchObject({ proof: 'invalid' });
      expect(result.value).not.toBe('0x1');
    } finally {
      client.close();
      await other.stop();
    }
  });

  it.each<[string, () => BeaconData, RegExp]>([
    ['one signature bit', tamperedSignature, /sync committee signature does not (verify|decode)/],
    [
      'one bit of a committee pubkey',
      tamperedPubkey,
      /next sync committee branch does not lead to the attested state root/,
    ],
    ['an update for the wrong period', wrongPeriod, /no bootstrap or update is served for checkpoint/],
  ])('%s in the beacon data: no consensus header, the read falls back and names the check', async (_, data, why) => {
    const tampered = await startBeaconServer({ data: data() });
    const client = clientWith(tampered.url, [honest.url, honest2.url]);
    try {
      const result = await client.request({ method: 'eth_getBalance', params: [electra.address, 'latest'] });
      const basis = result.evidence.anchor!.basis;
      expect(basis).toMatchObject({ kind: 'operators' });
      expect(basis && 'consensusProblem' in basis ? basis.consensusProblem : '').toMatch(why);
    } finally {
      client.close();
      await tampered.stop();
    }
  });

  it('beacon source down: falls back to the operators header and says why', async () => {
    const down = await startBeaconServer({ data: {} });
    const url = down.url;
    await down.stop();
    const client = clientWith(url, [honest.url, honest2.url]);
    try {
      const result = await client.request({ method: 'eth_getBalance', params: [electra.address, 'latest'] });
      const anchor = result.evidence.anchor!;
      expect(anchor.basis).toMatchObject({
        kind: 'operators',
        consensusProblem: expect.stringMatching(/^the light client failed: no beacon source answered/),
      });
      expect(result.status).toBe('verified');
      expect(verifiedLine({ ...anchor, agreed: { agreeing: anchor.confirmations, operators: anchor.voters } })).toMatch(
        /^Verified against the operators' header at block 22432278 \(header agreed by 2 of 2 operators\), not by Ethereum consensus: the light client failed/,
      );
    } finally {
      client.close();
    }
  });

  it('a result verified under the consensus header is not reused once the light client stops vouching', async () => {
    const lightClients = createLightClients({
      area: memoryArea(),
      settingsFor: async () => ({
        beaconSources: [{ id: 'b', url: beacon.url, operator: 'b' }],
        checkpoint: electra.checkpoint,
        chain: MAINNET,
      }),
      now: () => Date.parse(electra.at),
    });
    let vouching = true;
    const client = createQuorumClient({
      chainId: 1,
      sources: [honest, honest2].map((s, i) => ({ id: `s${i}`, url: s.url, operator: `op${i}`, enabled: true })),
      quorum: 2,
      consensusHead: async () => (vouching ? lightClients.head(1) : { unavailable: 'the light client is behind' }),
    });
    try {
      const read = () => client.request({ method: 'eth_getBalance', params: [electra.address, 'latest'] });
      expect((await read()).evidence.anchor?.basis?.kind).toBe('consensus');
      vouching = false;
      await client.refreshHead();
      const after = await read();
      expect(after.evidence.anchor?.number).toBe(22432278);
      expect(after.evidence.anchor?.basis).toEqual({
        kind: 'operators',
        consensusProblem: 'the light client is behind',
      });
    } finally {
      client.close();
    }
  });
});
