import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPendingWatch } from './pending-watch';

afterEach(() => vi.useRealTimers());

describe('pending watch', () => {
  it('checks a chain a few times with growing pauses, once per chain at a time', async () => {
    vi.useFakeTimers();
    const checks: number[] = [];
    const watch = createPendingWatch({ check: async (id) => void checks.push(id), delaysMs: [10, 20, 40] });
    watch(1);
    watch(1);
    watch(2);
    await vi.advanceTimersByTimeAsync(10);
    expect(checks).toEqual([1, 2]);
    await vi.advanceTimersByTimeAsync(100);
    expect(checks).toEqual([1, 2, 1, 2, 1, 2]);
    watch(1);
    await vi.advanceTimersByTimeAsync(10);
    expect(checks.filter((id) => id === 1)).toHaveLength(4);
  });
});
