// A transaction's preview for its approval: simulated by the network's quorum client over proven state, with
// the symbol and decimals of every token it moves read through the same verified path.
import type { Address, TransactionPreview } from '../messages/popup-api';
import type { PreparedDappTransaction } from '../provider/backend';
import type { QuorumClient } from '../rpc/quorum';

type ReadToken = (chainId: number, address: Address) => Promise<{ symbol: string; decimals: number } | null>;

export async function previewTransaction(
  client: Pick<QuorumClient, 'simulate'>,
  prepared: PreparedDappTransaction,
  readToken: ReadToken,
): Promise<TransactionPreview> {
  if (!prepared.to) return { status: 'unavailable', reason: 'contract deployments are not simulated' };
  let simulation: Awaited<ReturnType<QuorumClient['simulate']>>;
  try {
    simulation = await client.simulate({
      from: prepared.from,
      to: prepared.to,
      value: BigInt(prepared.value),
      data: prepared.data,
      gas: BigInt(prepared.gas),
    });
  } catch (error) {
    return { status: 'unavailable', reason: `could not simulate: ${(error as Error).message}` };
  }
  if (simulation.status !== 'verified') return simulation;
  const addresses = [...new Set(simulation.effects.map((e) => e.token.toLowerCase() as Address))];
  const tokens: Record<string, { symbol: string; decimals: number }> = {};
  await Promise.all(
    addresses.map(async (address) => {
      const token = await readToken(prepared.chainId, address);
      if (token) tokens[address] = { symbol: token.symbol, decimals: token.decimals };
    }),
  );
  return { ...simulation, tokens };
}
