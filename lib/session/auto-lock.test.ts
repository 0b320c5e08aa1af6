import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { AUTO_LOCK_ALARM, createAutoLockTimer, isValidAutoLockMinutes } from './auto-lock';
import { createUnlockSession, UNLOCK_SESSION_KEY } from './unlock-session';

beforeEach(() => {
  fakeBrowser.reset();
});

describe('auto-lock timer', () => {
  it('arms one alarm at the lock time, re-arms by replacing it, and disarms', async () => {
    const timer = createAutoLockTimer(fakeBrowser.alarms);
    await timer.arm(1_000_000);
    await timer.arm(2_000_000);
    const alarms = await fakeBrowser.alarms.getAll();
    expect(alarms).toEqual([expect.objectContaining({ name: AUTO_LOCK_ALARM, scheduledTime: 2_000_000 })]);
    expect(timer.owns(AUTO_LOCK_ALARM)).toBe(true);
    expect(timer.owns('accord-rebroadcast')).toBe(false);
    await timer.disarm();
    expect(await fakeBrowser.alarms.getAll()).toEqual([]);
  });

  it('accepts whole minutes from 1 to 1440', () => {
    expect([1, 15, 1440].every(isValidAutoLockMinutes)).toBe(true);
    expect([0, -1, 1441, 2.5, Number.NaN, '15'].some(isValidAutoLockMinutes)).toBe(false);
  });
});

describe('unlock session', () => {
  it('reads back what it wrote, ignores malformed values, clears', async () => {
    const session = createUnlockSession(fakeBrowser.storage.session);
    expect(await session.read()).toBeNull();
    await session.write({ v: 1, dataKey: 'AAAA', lockAt: 5 });
    expect(await session.read()).toEqual({ v: 1, dataKey: 'AAAA', lockAt: 5 });
    await fakeBrowser.storage.session.set({ [UNLOCK_SESSION_KEY]: { v: 2, dataKey: 1 } });
    expect(await session.read()).toBeNull();
    await session.clear();
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });
});
