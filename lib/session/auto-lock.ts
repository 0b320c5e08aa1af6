// Idle auto-lock through the alarms API: alarms outlive a stopped service worker and wake it, timers do not.

export const AUTO_LOCK_ALARM = 'accord-autolock';
export const DEFAULT_AUTO_LOCK_MINUTES = 15;
export const MIN_AUTO_LOCK_MINUTES = 1;
export const MAX_AUTO_LOCK_MINUTES = 24 * 60;

/** The part of browser.alarms used here. */
export interface AlarmsLike {
  create(name: string, info: { when?: number; delayInMinutes?: number; periodInMinutes?: number }): unknown;
  clear(name: string): Promise<unknown>;
}

export interface AutoLockTimer {
  /** (Re)schedules the lock for the given epoch ms; replaces any earlier schedule. */
  arm(lockAt: number): Promise<void>;
  disarm(): Promise<void>;
  owns(alarmName: string): boolean;
}

export function createAutoLockTimer(alarms: AlarmsLike, name = AUTO_LOCK_ALARM): AutoLockTimer {
  return {
    async arm(lockAt) {
      await alarms.create(name, { when: lockAt });
    },
    async disarm() {
      await alarms.clear(name);
    },
    owns(alarmName) {
      return alarmName === name;
    },
  };
}

export function isValidAutoLockMinutes(minutes: unknown): minutes is number {
  return (
    typeof minutes === 'number' &&
    Number.isInteger(minutes) &&
    minutes >= MIN_AUTO_LOCK_MINUTES &&
    minutes <= MAX_AUTO_LOCK_MINUTES
  );
}
