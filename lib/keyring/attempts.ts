import type { KeyValueArea } from '../storage/areas';
import { TooManyAttemptsError } from './errors';

// Failed password attempts, kept in storage.local (not secret) so restarting the worker does not reset
// the delay. Three free tries, then 1 s, 2 s, 4 s ... up to 5 minutes between tries.

export const ATTEMPTS_KEY = 'accord:passwordFailures';
const FREE_ATTEMPTS = 3;
const BASE_DELAY_MS = 1_000;
export const MAX_DELAY_MS = 5 * 60_000;

interface FailureRecord {
  count: number;
  lastAt: number;
}

export function retryDelayMs(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(BASE_DELAY_MS * 2 ** (failures - FREE_ATTEMPTS), MAX_DELAY_MS);
}

export interface AttemptLimiter {
  /** Throws TooManyAttemptsError while the delay after the last failure runs. */
  check(): Promise<void>;
  recordFailure(): Promise<void>;
  reset(): Promise<void>;
}

export function createAttemptLimiter(area: KeyValueArea, now: () => number): AttemptLimiter {
  async function read(): Promise<FailureRecord> {
    const value = (await area.get(ATTEMPTS_KEY))[ATTEMPTS_KEY] as Partial<FailureRecord> | undefined;
    const count = Number.isSafeInteger(value?.count) && value!.count! > 0 ? value!.count! : 0;
    const lastAt = typeof value?.lastAt === 'number' ? value.lastAt : 0;
    return { count, lastAt };
  }
  return {
    async check() {
      const { count, lastAt } = await read();
      const delayMs = retryDelayMs(count);
      // Capped by the delay itself, so a clock set back cannot lock the user out for longer.
      const waitMs = Math.min(lastAt + delayMs - now(), delayMs);
      if (waitMs > 0) throw new TooManyAttemptsError(waitMs, count);
    },
    async recordFailure() {
      const { count } = await read();
      await area.set({ [ATTEMPTS_KEY]: { count: count + 1, lastAt: now() } satisfies FailureRecord });
    },
    async reset() {
      await area.remove(ATTEMPTS_KEY);
    },
  };
}
