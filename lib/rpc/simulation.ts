import { type Hex, isAddress } from 'viem';
import { type AssetEffect, decodeAssetEffects } from '../verify/effects';
import type { CallRequest } from '../verify/local-call';
import { executeOverProofs } from './proven-read';
import type { Anchor, SourceEvidence } from './types';
import type { createVerifier, ProofTask } from './verified-read';

// What a transaction would do, computed in the wallet: executed over state one source proved against the
// agreed header, with the pinned block's context. Nobody else sees the transaction before it is signed, and
// no source can lie about its effect (a lie fails its proof; state the proofs miss makes it refuse).

export type TransactionToSimulate = {
  from: Hex;
  to?: Hex | undefined;
  value?: bigint | undefined;
  data?: Hex | undefined;
  gas?: bigint | undefined;
};

/** Plain data (amounts as decimal strings), so it can cross into the approval window unchanged. */
type Plain<value> = value extends unknown
  ? { [key in keyof value]: value[key] extends bigint ? string : value[key] }
  : never;
export type SimulatedEffect = Plain<AssetEffect>;

export type Simulation =
  | {
      status: 'verified';
      block: { number: number; hash: Hex };
      /** The header was reported alike by `agreeing` of the `operators` that answered. */
      header: { agreeing: number; operators: number };
      reverted: boolean;
      revertReason: string | null;
      /** Execution gas plus the transaction's intrinsic cost. */
      gasUsed: string;
      /** Native balance change of each watched account (wei, signed decimal; gas is not included). */
      nativeChanges: { address: Hex; delta: string }[];
      effects: SimulatedEffect[];
      sources: Pick<SourceEvidence, 'id' | 'operator' | 'status' | 'proof'>[];
    }
  | { status: 'unavailable'; reason: string };

type Verifier = ReturnType<typeof createVerifier>;

export async function simulateTransaction(parameters: {
  chainId: number;
  anchor: Anchor | null;
  /** The header is agreed by the sources answering now. */
  agreedNow: boolean;
  verifier: Verifier;
  tx: TransactionToSimulate;
  /** Accounts whose native balance change to report (the user's). Default: the sender. */
  watch?: readonly Hex[] | undefined;
}): Promise<Simulation> {
  const { chainId, anchor, verifier, tx } = parameters;
  if (!anchor || !parameters.agreedNow) {
    return { status: 'unavailable', reason: 'the sources do not agree on a current block header' };
  }
  if (!isAddress(tx.from) || (tx.to !== undefined && !isAddress(tx.to))) {
    return { status: 'unavailable', reason: 'the transaction has no valid sender or recipient' };
  }
  if (!tx.to) return { status: 'unavailable', reason: 'contract deployments are not simulated' };
  const watch = [...new Set([tx.from, ...(parameters.watch ?? [])].map((a) => a.toLowerCase() as Hex))];
  const call: CallRequest = { from: tx.from, to: tx.to, value: tx.value, data: tx.data, gas: tx.gas };
  const task: ProofTask<Awaited<ReturnType<typeof executeOverProofs>>> = Object.assign(
    (source: Parameters<typeof executeOverProofs>[0]['source']) =>
      executeOverProofs({ source, call, chainId, anchor, watch }),
    { roundTrips: 3 },
  );
  const outcome = await verifier.read(task, anchor, tx.from.toLowerCase());
  const sources = outcome.attempts.map((a) => ({
    id: a.source.config.id,
    operator: a.source.config.operator,
    status:
      a.state === 'proven' ? ('agree' as const) : a.state === 'invalid' ? ('disagree' as const) : ('error' as const),
    ...(a.state === 'proven'
      ? { proof: 'valid' as const }
      : a.state === 'invalid'
        ? { proof: 'invalid' as const }
        : {}),
  }));
  if (!outcome.verified) {
    const last = outcome.attempts.at(-1);
    const why = last?.error?.message ?? 'no source could prove the state it touches';
    return { status: 'unavailable', reason: `could not simulate: ${why}` };
  }
  const run = outcome.value;
  return {
    status: 'verified',
    block: { number: anchor.number, hash: anchor.hash },
    header: { agreeing: anchor.confirmations, operators: anchor.voters },
    reverted: run.kind === 'revert',
    revertReason: run.kind === 'revert' ? run.reason : null,
    gasUsed: String(run.gasUsed + intrinsicGas(tx.data)),
    nativeChanges: watch.map((address) => ({
      address,
      delta: String((run.balancesAfter.get(address) ?? 0n) - (run.balancesBefore.get(address) ?? 0n)),
    })),
    effects: decodeAssetEffects(run.logs).map(plainEffect),
    sources,
  };
}

/** 21,000 plus 4 gas per zero byte and 16 per other byte of call data. */
function intrinsicGas(data: Hex | undefined): bigint {
  let gas = 21_000n;
  const hex = data?.slice(2) ?? '';
  for (let i = 0; i < hex.length; i += 2) gas += hex.slice(i, i + 2) === '00' ? 4n : 16n;
  return gas;
}

function plainEffect(effect: AssetEffect): SimulatedEffect {
  return Object.fromEntries(
    Object.entries(effect).map(([key, value]) => [key, typeof value === 'bigint' ? value.toString() : value]),
  ) as SimulatedEffect;
}
