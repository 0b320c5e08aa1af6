import { type Hex, numberToHex } from 'viem';
import { ProofError } from '../errors';
import { isProofUnsupported } from '../rpc/proven-read';
import { createSourceTransport, type HttpReport, SourceRequestError } from '../rpc/transport-http';
import type { SourceConfig } from '../rpc/types';
import { verifyAccountProof } from '../verify/account-proof';

// What `accord sources` asks besides chain id and head: one account's balance at the agreed block, judged as
// the wallet judges a read. A source whose proof fails against the header a majority of the operators (and
// at least k) report alike, whose plain answer differs from the proven (or, without proofs, the k-agreed)
// value, or that reports another header, has disagreed: its health records it, and it is degraded as it
// would be in the popup. A source that answers zero balances is caught only when the account holds
// something; the report says when it does not.

export type AnswerCheck = {
  block: number;
  /** The account checked: --address, else the fee recipient of the agreed block; null when none was agreed. */
  address: Hex | null;
  /** The balance in wei, proven (or confirmed by k operators); null when neither. */
  balance: string | null;
  basis: 'proof' | 'agreement' | null;
  /** Why the check proves less than it seems, or why it could not run. */
  note?: string;
};

export type AnswerCheckResult = {
  check: AnswerCheck;
  /** What each source that disagreed said, by source id. */
  disagreed: Map<string, string>;
};

type Header = { hash: Hex; stateRoot: Hex; miner: Hex };

export async function checkAnswers(parameters: {
  sources: readonly SourceConfig[];
  /** Operator key of each source, by id (lib/rpc/operator's rule). */
  operators: ReadonlyMap<string, string>;
  block: number;
  quorum: number;
  address: Hex | null;
  timeoutMs: number;
  /** Where each source's HTTP outcomes go (its health). */
  onHttp: (sourceId: string) => (report: HttpReport) => void;
}): Promise<AnswerCheckResult> {
  const { sources, operators, block, quorum, timeoutMs } = parameters;
  const disagreed = new Map<string, string>();
  const blockHex = numberToHex(block);
  const transports = sources.map((s) =>
    createSourceTransport({ url: s.url, timeoutMs, onHttpResponse: parameters.onHttp(s.id) }),
  );
  try {
    // 1. The header at the agreed block, as most operators (and at least k) report it.
    const headers = await Promise.all(
      transports.map((t) =>
        t.request('eth_getBlockByNumber', [blockHex, false]).then(
          ({ result }) => result as Header | null,
          () => null,
        ),
      ),
    );
    const votes = new Map<string, Set<string>>();
    headers.forEach((h, i) => {
      if (!h?.hash || !h.stateRoot) return;
      const key = `${h.hash}:${h.stateRoot}`;
      votes.set(key, (votes.get(key) ?? new Set()).add(operators.get(sources[i].id)!));
    });
    // As the engine pins its anchor: a majority of the operators that answered, and never fewer than k.
    const answering = new Set(headers.flatMap((h, i) => (h?.hash ? [operators.get(sources[i].id)!] : [])));
    const [agreedKey, voters] = [...votes].sort((a, b) => b[1].size - a[1].size)[0] ?? [null, new Set()];
    if (agreedKey === null || voters.size < quorum || voters.size * 2 <= answering.size) {
      const note = `no header at block ${block} was reported alike by a majority of the operators (and ${quorum}): answers were not judged`;
      return { check: { block, address: parameters.address, balance: null, basis: null, note }, disagreed };
    }
    const agreed = headers.find((h) => h && `${h.hash}:${h.stateRoot}` === agreedKey)!;
    headers.forEach((h, i) => {
      if (h?.hash && `${h.hash}:${h.stateRoot}` !== agreedKey) {
        disagreed.set(sources[i].id, `reported another header at block ${block} (${h.hash})`);
      }
    });

    // 2. One account's balance from every source that agrees on the header: proof and plain answer.
    const address = parameters.address ?? agreed.miner;
    if (!address) {
      const note = `the header at block ${block} names no fee recipient: pass --address to have answers judged`;
      return { check: { block, address: null, balance: null, basis: null, note }, disagreed };
    }
    const asked = sources.map((s, i) => (disagreed.has(s.id) || !headers[i] ? null : i));
    const answers = await Promise.all(
      asked.map(async (i) => {
        if (i === null) return null;
        const [proof, plain] = await Promise.allSettled([
          transports[i].request('eth_getProof', [address, [], blockHex]),
          transports[i].request('eth_getBalance', [address, blockHex]),
        ]);
        return {
          proof: proof.status === 'fulfilled' ? proof.value.result : undefined,
          proofError: proof.status === 'rejected' ? proof.reason : undefined,
          plain:
            plain.status === 'fulfilled' && typeof plain.value.result === 'string'
              ? BigInt(plain.value.result)
              : undefined,
        };
      }),
    );

    // 3. Proofs against the agreed state root: a failed one is a lie; every valid one proves the same value.
    let proven: bigint | null = null;
    for (const [i, answer] of answers.entries()) {
      if (!answer || answer.proof === undefined) continue;
      try {
        const account = await verifyAccountProof({
          answer: answer.proof,
          address,
          slots: [],
          stateRoot: agreed.stateRoot,
        });
        proven = account.balance;
      } catch (error) {
        if (!(error instanceof ProofError)) throw error;
        disagreed.set(sources[i].id, `its proof of ${address}'s balance failed: ${error.shortMessage}`);
      }
    }

    // 4. Without a proof, the value k operators report alike (the wallet's "confirmed").
    let basis: AnswerCheck['basis'] = proven === null ? null : 'proof';
    let value = proven;
    if (value === null) {
      const byValue = new Map<bigint, Set<string>>();
      answers.forEach((a, i) => {
        if (a?.plain === undefined || disagreed.has(sources[i].id)) return;
        byValue.set(a.plain, (byValue.get(a.plain) ?? new Set()).add(operators.get(sources[i].id)!));
      });
      const [best] = [...byValue].sort((a, b) => b[1].size - a[1].size);
      if (best && best[1].size >= quorum) [value, basis] = [best[0], 'agreement'];
    }
    if (value !== null) {
      answers.forEach((a, i) => {
        if (a?.plain === undefined || disagreed.has(sources[i].id) || a.plain === value) return;
        disagreed.set(sources[i].id, `said ${a.plain} wei for ${address}'s balance; the ${basis} shows ${value}`);
      });
    }
    const unsupported = answers.every(
      (a) => !a || (a.proofError instanceof SourceRequestError && isProofUnsupported(a.proofError)),
    );
    const note =
      value === null
        ? unsupported
          ? `no source proved ${address}'s balance and fewer than ${quorum} operators reported one alike: answers were not judged`
          : `no value for ${address}'s balance could be established: answers were not judged`
        : value === 0n
          ? `${address} holds 0 at block ${block}, so a source that answers zero balances looks honest here; pass --address with a funded account to check for it`
          : undefined;
    return {
      check: { block, address, balance: value === null ? null : value.toString(), basis, ...(note ? { note } : {}) },
      disagreed,
    };
  } finally {
    for (const t of transports) t.close();
  }
}
