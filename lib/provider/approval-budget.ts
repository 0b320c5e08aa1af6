// The approval queue's storage budget: how big a request is, and which requests of the site holding the most
// give way so another site's request fits (approvals.ts).
import type { ApprovalRecord } from './approval-contract';

export const sizeOf = (record: ApprovalRecord) => new TextEncoder().encode(JSON.stringify(record)).length;

export type RoomLimits = {
  siteOf(origin: string): string;
  budgetBytes: number;
  maxTotal: number;
  /** A request being answered now: never evicted. */
  busy(id: string): boolean;
};

/**
 * Room for `fresh` within the budget: if it does not fit, the site holding the most gives way (its oldest
 * requests first), but only to a site that then holds less than it did. Returns the records to evict.
 */
export function makeRoom(
  pending: ApprovalRecord[],
  fresh: ApprovalRecord,
  size: number,
  limits: RoomLimits,
): ApprovalRecord[] | null {
  const { siteOf, budgetBytes, maxTotal, busy } = limits;
  const sizes = new Map(pending.map((r) => [r.id, sizeOf(r)]));
  const usage = new Map<string, number>();
  for (const r of pending) usage.set(siteOf(r.origin), (usage.get(siteOf(r.origin)) ?? 0) + sizes.get(r.id)!);
  const mine = siteOf(fresh.origin);
  let total = [...sizes.values()].reduce((a, b) => a + b, 0);
  let count = pending.length;
  const evicted: ApprovalRecord[] = [];
  const left = [...pending];
  while (total + size > budgetBytes || count + 1 > maxTotal) {
    const [biggest, held] = [...usage.entries()].filter(([site]) => site !== mine).sort((a, b) => b[1] - a[1])[0] ?? [
      null,
      0,
    ];
    if (biggest === null || held <= (usage.get(mine) ?? 0) + size) return null;
    const oldest = left.find((r) => siteOf(r.origin) === biggest && !busy(r.id));
    if (!oldest) return null;
    left.splice(left.indexOf(oldest), 1);
    evicted.push(oldest);
    usage.set(biggest, held - sizes.get(oldest.id)!);
    total -= sizes.get(oldest.id)!;
    count--;
  }
  return evicted;
}
