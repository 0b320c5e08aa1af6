import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ATTEMPTS_KEY, createAttemptLimiter, MAX_DELAY_MS, retryDelayMs } from './attempts';
import { TooManyAttemptsError } from './errors';

beforeEach(() => {
  fakeBrowser.reset();
});

describe('password attempt delay', () => {
  it('grows after three failures and is capped', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map(retryDelayMs)).toEqual([0, 0, 0, 1_000, 2_000, 4_000, 8_000]);
    expect(retryDelayMs(40)).toBe(MAX_DELAY_MS);
  });

  it('persists in storage.local and a clock set back does not extend it', async () => {
    let now = 1_000_000;
    const limiter = createAttemptLimiter(fakeBrowser.storage.local, () => now);
    for (let i = 0; i < 5; i++) await limiter.recordFailure();
    expect(await fakeBrowser.storage.local.get(ATTEMPTS_KEY)).toEqual({ [ATTEMPTS_KEY]: { count: 5, lastAt: now } });
    await expect(limiter.check()).rejects.toThrow(TooManyAttemptsError);
    now -= 10 * 60_000;
    await expect(limiter.check()).rejects.toMatchObject({ retryAfterMs: 4_000 });
    now += 10 * 60_000 + 4_000;
    await expect(limiter.check()).resolves.toBeUndefined();
    await limiter.reset();
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });
});
