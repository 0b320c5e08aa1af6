// The settings/* handlers through the popup contract, over the whole background (fake browser APIs).
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { TEST_MNEMONIC } from '../../../tests/fixtures/devnet';
import { METAMASK_COMPAT_KEY } from '../../provider/dapp-settings';
import { COMPAT_OFF_SCRIPT } from '../../provider/inpage-config';
import { importAndConnect, startTestBackground, type TestBackground } from '../../testing/background';
import { ALICE } from '../../testing/provider-fakes';

const DAPP = 'https://dapp.example';
let background: TestBackground | null = null;

afterEach(() => {
  background?.close();
  background = null;
});

const accountsEvents = (b: TestBackground) =>
  b.tabs.sent
    .map((s) => s.message as { event?: string; data?: unknown })
    .filter((m) => m.event === 'accountsChanged')
    .map((m) => m.data);

describe('settings/setMetamaskCompat', () => {
  it('stores the setting, registers the page script while it is off, and tells connected pages their accounts again', async () => {
    background = await startTestBackground();
    await importAndConnect(background, {
      mnemonic: TEST_MNEMONIC,
      password: 'pw-123456789',
      origin: DAPP,
      accounts: [ALICE],
    });
    expect(await background.popup('settings/dapps')).toEqual({ metamaskCompat: true });
    expect(await background.dapp(DAPP, 'eth_accounts')).toEqual({ result: [ALICE.toLowerCase()] });
    background.tabs.sent.length = 0;

    expect(await background.popup('settings/setMetamaskCompat', { enabled: false })).toEqual({ metamaskCompat: false });
    expect(await fakeBrowser.storage.local.get(METAMASK_COMPAT_KEY)).toEqual({ [METAMASK_COMPAT_KEY]: false });
    expect([...background.scripting.registered.values()]).toEqual([
      expect.objectContaining({
        id: COMPAT_OFF_SCRIPT.id,
        js: [COMPAT_OFF_SCRIPT.file],
        world: 'MAIN',
        runAt: 'document_start',
      }),
    ]);
    await expect.poll(() => accountsEvents(background!)).toEqual([[ALICE]]);
    expect(await background.dapp(DAPP, 'eth_accounts')).toEqual({ result: [ALICE] });

    // Off again changes nothing; on unregisters the script and lowercases the accounts again.
    await background.popup('settings/setMetamaskCompat', { enabled: false });
    expect(background.scripting.registered.size).toBe(1);
    expect(await background.popup('settings/setMetamaskCompat', { enabled: true })).toEqual({ metamaskCompat: true });
    expect(background.scripting.registered.size).toBe(0);
    await expect.poll(() => accountsEvents(background!).at(-1)).toEqual([ALICE.toLowerCase()]);
    expect(await background.dapp(DAPP, 'eth_accounts')).toEqual({ result: [ALICE.toLowerCase()] });
  });

  it('refuses anything but true or false, and changes nothing', async () => {
    background = await startTestBackground();
    await expect(
      background.popup('settings/setMetamaskCompat', { enabled: 'no' as unknown as boolean }),
    ).rejects.toThrow(/true or false/);
    expect(await background.popup('settings/dapps')).toEqual({ metamaskCompat: true });
    expect(background.scripting.registered.size).toBe(0);
  });
});
