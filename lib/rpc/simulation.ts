import { type Hex, isAddress } from 'viem';
import { type AssetEffect, decodeAssetEffects } from '../verify/effects';
import type { CallRequest } from '../verify/local-call';
import { executeOverProofs } from './proven-read';
import type { Anchor, HeaderBasis, SourceEvidence } from './types';
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
      /** Who vouches for that header: Ethereum consensus, or the operators' vote (and why not consensus). */
      basis?: HeaderBasis;
      /** Some transaction of it would revert (the first one's reason). */
      reverted: boolean;
      revertReason: string | null;
      /** Execution gas plus the intrinsic cost, summed over its transactions, after refunds (as receipts say). */
      gasUsed: string;
      /** Gas before refunds: no gas limit below this can run it (a single transaction's lower bound). */
      gasNeeded: string;
      /** Each transaction of a batch, in order (one for a single transaction). */
      steps: { reverted: boolean; revertReason: string | null; gasUsed: string }[];
      /**
       * Assets the sender would lose that the request does not name (lower-case token addresses, or
       * "native"): no call is to the token and no call data holds its address, or more of the native coin
       * leaves than the request's value.
       */
      unmentioned: string[];
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
  /** One transaction, or a batch sent one after another by one sender (each sees the ones before it). */
  transactions: readonly TransactionToSimulate[];
  /** Accounts whose native balance change to report (the user's). Default: the sender. */
  watch?: readonly Hex[] | undefined;
}): Promise<Simulation> {
  const { chainId, anchor, verifier, transactions } = parameters;
  if (!anchor || !parameters.agreedNow) {
    return { status: 'unavailable', reason: 'the sources do not agree on a current block header' };
  }
  const [first] = transactions;
  if (!first || transactions.some((tx) => tx.from.toLowerCase() !== first.from.toLowerCase())) {
    return { status: 'unavailable', reason: 'a batch is simulated only for one sender' };
  }
  if (transactions.some((tx) => !isAddress(tx.from) || (tx.to !== undefined && !isAddress(tx.to)))) {
    return { status: 'unavailable', reason: 'the transaction has no valid sender or recipient' };
  }
  if (transactions.some((tx) => !tx.to)) {
    return { status: 'unavailable', reason: 'contract deployments are not simulated' };
  }
  const sender = first.from.toLowerCase() as Hex;
  const watch = [...new Set([sender, ...(parameters.watch ?? []).map((a) => a.toLowerCase() as Hex)])];
  const calls: CallRequest[] = transactions.map((tx) => ({
    from: tx.from,
    to: tx.to,
    value: tx.value,
    data: tx.data,
    gas: tx.gas,
  }));
  const task: ProofTask<Awaited<ReturnType<typeof executeOverProofs>>> = Object.assign(
    (source: Parameters<typeof executeOverProofs>[0]['source']) =>
      executeOverProofs({ source, calls, chainId, anchor, watch }),
    { roundTrips: 3 },
  );
  const outcome = await verifier.read(task, anchor, sender);
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
  const steps = run.steps.map((step, i) => ({
    reverted: step.kind === 'revert',
    revertReason: step.kind === 'revert' ? step.reason : null,
    gasUsed: String(receiptGas(step.gasUsed + intrinsicGas(transactions[i]?.data), step.gasRefund)),
  }));
  const failed = steps.find((step) => step.reverted);
  const nativeChanges = watch.map((address) => ({
    address,
    delta: String((run.balancesAfter.get(address) ?? 0n) - (run.balancesBefore.get(address) ?? 0n)),
  }));
  const effects = decodeAssetEffects(run.steps.flatMap((step) => step.logs));
  return {
    status: 'verified',
    block: { number: anchor.number, hash: anchor.hash },
    header: { agreeing: anchor.confirmations, operators: anchor.voters },
    ...(anchor.basis ? { basis: anchor.basis } : {}),
    reverted: failed !== undefined,
    revertReason: failed?.revertReason ?? null,
    gasUsed: String(steps.reduce((sum, step) => sum + BigInt(step.gasUsed), 0n)),
    gasNeeded: String(run.steps.reduce((sum, step, i) => sum + step.gasUsed + intrinsicGas(transactions[i]?.data), 0n)),
    steps,
    nativeChanges,
    effects: effects.map(plainEffect),
    unmentioned: unmentionedAssets(transactions, sender, effects, nativeChanges),
    sources,
  };
}

/**
 * What leaves the sender without the request naming it: a token no call is sent to and whose address no
 * call data holds (a router's path names its tokens; a drainer's "claim()" names none), or native coin
 * beyond the value the request sends.
 */
function unmentionedAssets(
  transactions: readonly TransactionToSimulate[],
  sender: Hex,
  effects: readonly AssetEffect[],
  nativeChanges: readonly { address: Hex; delta: string }[],
): string[] {
  const named = (token: Hex) => {
    const bare = token.slice(2).toLowerCase();
    return transactions.some(
      (tx) => tx.to?.toLowerCase() === token.toLowerCase() || (tx.data ?? '').toLowerCase().includes(bare),
    );
  };
  const unmentioned = new Set<string>();
  for (const effect of effects) {
    const moves =
      effect.kind === 'erc721-transfer' ||
      ((effect.kind === 'erc20-transfer' || effect.kind === 'erc1155-transfer') && effect.amount > 0n);
    if (moves && effect.from.toLowerCase() === sender && !named(effect.token)) {
      unmentioned.add(effect.token.toLowerCase());
    }
  }
  const sent = transactions.reduce((sum, tx) => sum + (tx.value ?? 0n), 0n);
  const native = BigInt(nativeChanges.find((n) => n.address === sender)?.delta ?? '0');
  if (-native > sent) unmentioned.add('native');
  return [...unmentioned];
}

/** What the receipt would say: the refund (EIP-3529) is capped at a fifth of the gas used. */
function receiptGas(used: bigint, refund: bigint): bigint {
  const cap = used / 5n;
  return used - (refund < cap ? refund : cap);
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
