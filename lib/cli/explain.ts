import { catalogChain } from '../rpc/catalog';
import { createSourceTransport } from '../rpc/transport-http';
import type { SourceConfig } from '../rpc/types';

// When a balance is not confirmed, say why in the sources' own words: "no source answered" is wrong when
// every source answered "block out of range", and "another chain" helps less than naming the chain.

export type ExplainedSource = { url: string; status: string; error?: string };

export function chainName(chainId: number): string {
  const known = catalogChain(chainId);
  return known ? `${known.name} (chain ${chainId})` : `chain ${chainId}`;
}

/** Each source's own chain id (null when it does not say), asked directly. */
async function reportedChains(sources: readonly SourceConfig[], timeoutMs: number): Promise<(number | null)[]> {
  return Promise.all(
    sources.map(async (source) => {
      const transport = createSourceTransport({ url: source.url, timeoutMs });
      try {
        const { result } = await transport.request('eth_chainId', []);
        return typeof result === 'string' && /^0x[0-9a-f]+$/i.test(result) ? Number.parseInt(result, 16) : null;
      } catch {
        return null;
      } finally {
        transport.close();
      }
    }),
  );
}

/** Wrong-chain sources get the chain they serve named in their error. */
export async function nameWrongChains<T extends ExplainedSource>(
  rows: T[],
  configs: readonly SourceConfig[],
  expected: number,
  timeoutMs: number,
): Promise<T[]> {
  const wrong = rows.map((row, i) => (row.status === 'wrong-chain' ? configs[i] : null));
  const targets = wrong.filter((c): c is SourceConfig => c !== null);
  if (!targets.length) return rows;
  const chains = await reportedChains(targets, timeoutMs);
  let next = 0;
  return rows.map((row, i) => {
    if (!wrong[i]) return row;
    const chain = chains[next++];
    const serves = chain === null ? 'another chain' : chainName(chain);
    return { ...row, error: `wrong-chain: answers for ${serves}, not ${chainName(expected)}` };
  });
}

/** Why no value was confirmed, from what the sources said; null when the generic status text is right. */
export function unconfirmedReason(rows: readonly ExplainedSource[], expected: number | null): string | null {
  const failed = rows.filter((r) => r.error && r.status !== 'agree' && r.status !== 'disagree');
  if (!failed.length) return null;
  if (expected !== null && failed.length === rows.length && rows.every((r) => r.status === 'wrong-chain')) {
    const named = [...new Set(rows.map((r) => /answers for (.*), not /.exec(r.error ?? '')?.[1]).filter(Boolean))];
    const serves = named.length === 1 ? named[0] : 'other chains';
    return `every source answers for ${serves}, not ${chainName(expected)}; check --chain-id or the --rpc URLs`;
  }
  const counts = new Map<string, number>();
  for (const row of failed) counts.set(row.error!, (counts.get(row.error!) ?? 0) + 1);
  const [common, count] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  const who = count === rows.length ? `every source (${count})` : `${count} of ${rows.length} sources`;
  return `${who} answered with an error: ${common.replace(/^rpc-error: /, '')}`;
}
