import { beforeAll, describe, expect, it } from 'vitest';
import { electra } from '../../tests/fixtures/beacon/recorded';
import { ProofError } from '../errors';
import { verifyAccountProof } from '../verify/account-proof';
import { signedParentHeader } from './block';
import { MAINNET } from './config';
import { updatesFromSszResponse } from './containers';
import { ConsensusError } from './errors';
import { LightClient } from './light-client';

// Colibri's recorded Electra chain: trusted = the period-1421 update's attested header, whose branch
// proves period 1422's committee; that committee (504 of 512) signs the head block's parent, whose
// execution payload's state root proves the recorded eth_getProof balance.

const options = { config: MAINNET, now: () => Date.parse(electra.at) };
const update1421 = () => updatesFromSszResponse(MAINNET, electra.updates(1421))[0];
const signedParent = () => signedParentHeader(MAINNET, electra.headBlock(), electra.parentBlock());
const STATE_ROOT = '0xd50a7ce9d8ae49f9d222f0799fb8eb005bebd52adf7eaadd79a3cc07e4cdf64c';

async function refusal(run: () => unknown): Promise<Error> {
  try {
    await run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a refusal, but it was accepted');
}

describe('Electra chain', () => {
  let client: LightClient;

  beforeAll(() => {
    client = LightClient.fromTrustedUpdate(options, electra.checkpoint, update1421());
  });

  it('decodes the recorded SSZ updates as Deneb (by their fork digest)', () => {
    const [update] = updatesFromSszResponse(MAINNET, electra.updates(1421));
    expect(update.fork).toBe('deneb');
    expect(update.attestedHeader.beacon.slot).toBe(11641017);
    expect(update.nextSyncCommitteeBranch).toHaveLength(5);
  });

  it("the head block's sync aggregate verifies its parent: execution block 22432278 and the balance it proves", async () => {
    client.processSignedHeader(signedParent());
    const head = client.optimisticHead();
    expect(head).toMatchObject({ slot: 11650268, executionBlockNumber: 22432278, stateRoot: STATE_ROOT });
    expect(head.beaconRoot).toBe(electra.parentRoot);
    const account = await verifyAccountProof({
      answer: electra.proof().result,
      address: electra.address as `0x${string}`,
      slots: [],
      stateRoot: head.stateRoot,
    });
    expect(`0x${account.balance.toString(16)}`).toBe(electra.expected().expected_result);
    expect(account.balance).toBe(0x111310f9e55ed8646n);
  });

  it('refuses the proof against another block (the checkpoint block)', async () => {
    const other = client.finalizedHead();
    expect(other.stateRoot).not.toBe(STATE_ROOT);
    const e = await refusal(() =>
      verifyAccountProof({
        answer: electra.proof().result,
        address: electra.address as `0x${string}`,
        slots: [],
        stateRoot: other.stateRoot,
      }),
    );
    expect(e).toBeInstanceOf(ProofError);
    expect(e.message).toMatch(/account proof does not verify against root/);
  });

  it('refuses a flipped signature bit, too few signers, a tampered parent, an update for another period', async () => {
    const fresh = LightClient.fromTrustedUpdate(options, electra.checkpoint, update1421());

    const signature = signedParent();
    signature.aggregate.syncCommitteeSignature = Uint8Array.from(signature.aggregate.syncCommitteeSignature);
    signature.aggregate.syncCommitteeSignature[60] ^= 0x04;
    expect(await refusal(() => fresh.processSignedHeader(signature))).toMatchObject({ check: 'signature' });

    const bits = signedParent();
    bits.aggregate.syncCommitteeBits.set(bits.aggregate.syncCommitteeBits.getTrueBitIndexes()[0], false);
    expect(await refusal(() => fresh.processSignedHeader(bits))).toMatchObject({
      check: 'signature',
      shortMessage: 'sync committee signature does not verify (503 of 512 members)',
    });

    // The parent with another execution state root: no longer the block the head signed.
    const parent = Uint8Array.from(electra.parentBlock());
    const at = Buffer.from(parent).indexOf(Buffer.from(STATE_ROOT.slice(2), 'hex'));
    expect(at).toBeGreaterThan(0);
    parent[at + 31] ^= 0x01;
    const e = await refusal(() => signedParentHeader(MAINNET, electra.headBlock(), parent));
    expect(e).toBeInstanceOf(ConsensusError);
    expect(e.message).toMatch(/^block 11650269 is not the child of block 0x/);

    const stale = updatesFromSszResponse(MAINNET, electra.updates(1401))[0];
    expect(await refusal(() => fresh.processUpdate(stale))).toMatchObject({
      check: 'period',
      shortMessage: 'update signed in period 1401, but the client knows the committee of period 1421 and 1422 only',
    });
    expect(fresh.optimisticHead().slot).toBe(11641017);
  });

  it('refuses a trusted update that is not the checkpoint, and one whose committee branch was changed', async () => {
    expect(
      await refusal(() => LightClient.fromTrustedUpdate(options, electra.parentRoot as `0x${string}`, update1421())),
    ).toMatchObject({ check: 'checkpoint' });
    const branch = update1421();
    branch.nextSyncCommitteeBranch![0] = new Uint8Array(32);
    expect(await refusal(() => LightClient.fromTrustedUpdate(options, electra.checkpoint, branch))).toMatchObject({
      check: 'branch',
    });
  });
});
