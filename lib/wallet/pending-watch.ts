// After a send, look for its receipt soon instead of waiting for the next one-minute rebroadcast alarm,
// so Activity shows "confirmed" within seconds. The checks back off and stop; the alarm covers the rest
// (and a stopped service worker, whose timers are gone).
export interface PendingWatchParameters {
  /** Checks receipts and re-sends what is still pending on the chain (transactions.rebroadcastPending). */
  check(chainId: number): Promise<void>;
  delaysMs?: number[];
}

export function createPendingWatch({
  check,
  delaysMs = [1_500, 3_000, 6_000, 12_000, 24_000],
}: PendingWatchParameters) {
  const watching = new Set<number>();
  return function watch(chainId: number): void {
    if (watching.has(chainId)) return;
    watching.add(chainId);
    let step = 0;
    const next = () => {
      if (step >= delaysMs.length) {
        watching.delete(chainId);
        return;
      }
      setTimeout(async () => {
        step++;
        await check(chainId).catch(() => {});
        next();
      }, delaysMs[step]);
    };
    next();
  };
}
