// Auto-lock through the whole background: what the person does in the popup pushes the lock back; the
// popup's own polls (marked passive by its store) do not, so a popup left open still locks.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { TEST_MNEMONIC } from '../../tests/fixtures/devnet/accounts';
import { AUTO_LOCK_ALARM } from '../session/auto-lock';
import { startTestBackground, type TestBackground } from '../testing/background';

let bg: TestBackground | undefined;
afterEach(() => bg?.close());

const lockAt = async () => (await fakeBrowser.alarms.get(AUTO_LOCK_ALARM))?.scheduledTime;
const later = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('auto-lock and the popup', () => {
  it('polls leave the lock where it was; a call the person made moves it', async () => {
    bg = await startTestBackground();
    await bg.popup('wallet/importMnemonic', { password: 'correct horse battery', mnemonic: TEST_MNEMONIC });
    await bg.popup('settings/setAutoLock', { minutes: 1 });
    const armed = await lockAt();
    expect(armed).toBeGreaterThan(Date.now());

    await later();
    expect(await bg.poll('wallet/status')).toMatchObject({ unlocked: true });
    expect(await bg.poll('approvals/list')).toEqual([]);
    expect(await lockAt()).toBe(armed);

    await later();
    await bg.popup('wallet/status');
    await expect.poll(lockAt).toBeGreaterThan(armed!);
  });
});
