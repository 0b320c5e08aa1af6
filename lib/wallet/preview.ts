// A transaction's (or a batch's) preview for its approval: simulated by the network's quorum client over proven state, with
// the symbol and decimals of every token it moves read through the same verified path.
import type { Address, Hex, TransactionPreview } from '../messages/popup-api';
import type { PreparedDappTransaction } from '../provider/backend';
import type { QuorumClient } from '../rpc/quorum';

type ReadToken = (chainId: number, address: Address) => Promise<{ symbol: string; decimals: number } | null>;

export async function previewTransaction(
  client: Pick<QuorumClient, 'simulate'>,
  prepared: PreparedDappTransaction,
  readToken: ReadToken,
): Promise<TransactionPreview> {
  // Simulated with the gas it needs, not the limit to be signed: a limit too low is then a warning, not a
  // preview that could not be computed.
  const preview = await previewTransactions(
    client,
    { chainId: prepared.chainId, from: prepared.from, calls: [prepared] },
    readToken,
  );
  return preview.status === 'verified' ? { ...preview, gasLimit: prepared.gas } : preview;
}

/** A batch (EIP-5792 calls) sent one after another by one account: simulated in order over one state. */
export async function previewTransactions(
  client: Pick<QuorumClient, 'simulate'>,
  batch: {
    chainId: number;
    from: Address;
    calls: readonly { to: Address | null; value: string; data: Hex }[];
  },
  readToken: ReadToken,
): Promise<TransactionPreview> {
  if (batch.calls.some((call) => !call.to)) {
    return { status: 'unavailable', reason: 'contract deployments are not simulated' };
  }
  let simulation: Awaited<ReturnType<QuorumClient['simulate']>>;
  try {
    simulation = await client.simulate(
      batch.calls.map((call) => ({
        from: batch.from,
        to: call.to ?? undefined,
        value: BigInt(call.value),
        data: call.data,
      })),
    );
  } catch (error) {
    return { status: 'unavailable', reason: `could not simulate: ${(error as Error).message}` };
  }
  if (simulation.status !== 'verified') return simulation;
  const addresses = [...new Set(simulation.effects.map((e) => e.token.toLowerCase() as Address))];
  const tokens: Record<string, { symbol: string; decimals: number }> = {};
  await Promise.all(
    addresses.map(async (address) => {
      const token = await readToken(batch.chainId, address);
      if (token) tokens[address] = { symbol: token.symbol, decimals: token.decimals };
    }),
  );
  return { ...simulation, tokens };
}
