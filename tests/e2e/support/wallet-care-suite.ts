// Everyday wallet care against the real background and devnet, the same steps in Chromium
// (wallet-care.e2e.test.ts) and Firefox (wallet-care-firefox.e2e.test.ts): a backup that a closed popup cannot
// skip, secrets behind the password, networks and sources that never change silently, forms whose errors are
// current, and Forgot password without the unlock form around it.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_ACCOUNTS, TEST_MNEMONIC, TEST_TOKEN_ADDRESS } from '../../fixtures/devnet';
import { PASSWORD, POPUP_SIZE } from '../popup-helpers/popup-page';
import { type AnyPage, type ExtensionBrowser, texts } from './extension-pages';
import {
  alerts,
  button,
  click,
  count,
  field,
  go,
  hasText,
  heading,
  link,
  read,
  reload,
  selectOption,
  setChecked,
  setField,
  shown,
  testIdCount,
  waitForText,
} from './page-targets';
import { accountNames, importPhrase, phraseWords, pickWords, waitForStatus } from './popup-steps';

const ME = DEFAULT_ACCOUNTS[0].address;
const TEST_KEY_0 = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const OTHER_KEY = '0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6';
const NEW_PASSWORD = 'a brand new passphrase';

export interface LaunchedBrowser {
  pages: ExtensionBrowser;
  close(): Promise<void>;
}

export interface WalletCareBrowser {
  /** Launches the browser with the extension and an empty wallet (nothing imported). */
  launch(): Promise<LaunchedBrowser>;
}

export function walletCareSuite(browserName: string, launcher: WalletCareBrowser): void {
  const env = inject('accord');

  async function openPopup(browser: ExtensionBrowser, route = '#/'): Promise<AnyPage> {
    const page = await browser.popup(route);
    await page.setViewport(POPUP_SIZE);
    return page;
  }

  describe(`backup and secrets (${browserName}, real background)`, () => {
    let launched: LaunchedBrowser;
    beforeAll(async () => {
      launched = await launcher.launch();
    });
    afterAll(async () => {
      await launched?.close();
    });

    it('closing the popup on the phrase leaves a reminder until the words are confirmed; the confirm step goes back', async () => {
      const first = await openPopup(launched.pages);
      await click(first, link('Create a new wallet'));
      await setField(first, 'Password', PASSWORD);
      await setField(first, 'Confirm password', PASSWORD);
      await click(first, button('Continue'));
      const words = await phraseWords(first);
      expect(words).toHaveLength(12);
      await first.close(); // a toolbar popup closes whenever the user clicks elsewhere

      // A full tab left on the create address does not offer to create a second wallet over the first.
      const stale = await openPopup(launched.pages, '#/onboarding/create');
      await waitForText(stale, 'A wallet already exists in this browser.');
      expect(await count(stale, button('Continue'))).toBe(0);
      await stale.close();

      const page = await openPopup(launched.pages);
      const [reminder] = await texts(page, 'backup-reminder');
      expect(reminder).toContain('Your recovery phrase is not backed up.');
      await click(page, link('Settings'));
      await shown(page, heading('Settings'));
      await texts(page, 'backup-reminder');
      await click(page, link('Back up now'));

      await setField(page, 'Password', 'not the password');
      await click(page, button('Show phrase'));
      await expect.poll(() => alerts(page)).toEqual(['Incorrect password']);
      await setField(page, 'Password', PASSWORD);
      await click(page, button('Show phrase'));
      expect(await phraseWords(page)).toEqual(words);

      await click(page, button('I wrote it down'));
      await shown(page, heading('Confirm your phrase'));
      await click(page, button('Show the words again'));
      expect(await phraseWords(page)).toEqual(words);
      await click(page, button('I wrote it down'));
      await pickWords(page, words);
      await click(page, button('Finish'));
      await waitForStatus(page, 'verified');
      expect(await testIdCount(page, 'backup-reminder')).toBe(0);
      await reload(page);
      await waitForStatus(page, 'verified');
      expect(await testIdCount(page, 'backup-reminder')).toBe(0);
      await page.close();
    });

    it('Settings exports the key and changes the password, each behind the password', async () => {
      const page = await openPopup(launched.pages, '#/settings');
      // The phrase can be shown again at any time (no reminder any more, so it ends with Done).
      await click(page, link('Show recovery phrase'));
      await setField(page, 'Password', PASSWORD);
      await click(page, button('Show phrase'));
      expect(await phraseWords(page)).toHaveLength(12);
      await click(page, link('Done'));

      await click(page, link('Export private key'));
      await setField(page, 'Password', PASSWORD);
      await click(page, button('Show private key'));
      expect(await texts(page, 'private-key')).toEqual([expect.stringMatching(/^0x[0-9a-f]{64}$/)]);
      await click(page, link('Done'));

      await click(page, link('Change password'));
      await setField(page, 'Current password', 'not the password');
      await setField(page, 'New password', NEW_PASSWORD);
      await setField(page, 'Confirm new password', NEW_PASSWORD);
      await click(page, button('Change password'));
      await expect.poll(() => alerts(page)).toEqual(['Incorrect password']);
      await setField(page, 'Current password', PASSWORD);
      await click(page, button('Change password'));
      await waitForText(page, 'Password changed. Use the new one from now on.');
      expect(await alerts(page)).toEqual([]);

      await go(page, '#/');
      await click(page, button('Lock'));
      await setField(page, 'Password', PASSWORD);
      await click(page, button('Unlock'));
      await expect.poll(() => alerts(page)).toEqual(['Incorrect password']);
      await setField(page, 'Password', NEW_PASSWORD);
      await click(page, button('Unlock'));
      await waitForStatus(page, 'verified');
      await page.close();
    });
  });

  describe(`networks, sources and forms (${browserName}, real background)`, () => {
    let launched: LaunchedBrowser;
    let page: AnyPage;
    const bravo = () => env.sources.find((s) => s.id === 'bravo')!.url;

    beforeAll(async () => {
      launched = await launcher.launch();
      page = await openPopup(launched.pages);
    });
    afterAll(async () => {
      await launched?.close();
    });

    it('import: an old checksum error does not stay beside the current problem', async () => {
      await click(page, link('Import a recovery phrase'));
      await setField(page, 'Recovery phrase', Array(12).fill('test').join(' '));
      await setField(page, 'Password', PASSWORD);
      await setField(page, 'Confirm password', PASSWORD);
      await click(page, button('Import'));
      await expect.poll(() => alerts(page)).toEqual([expect.stringMatching(/checksum does not match/)]);
      await setField(page, 'Recovery phrase', Array(11).fill('test').join(' '));
      await click(page, button('Import'));
      await waitForText(page, 'A recovery phrase has 12, 15, 18, 21 or 24 words.');
      expect(await alerts(page)).toEqual([]);
      await go(page, '#/');
      await importPhrase(page, TEST_MNEMONIC);
      await waitForStatus(page, 'verified');
      expect(await testIdCount(page, 'backup-reminder')).toBe(0);
    });

    it('adding a network with a known chain id is refused and offers that network; nothing is renamed', async () => {
      await go(page, '#/networks');
      await click(page, button('Add network'));
      await setField(page, 'Chain id', '31337');
      await setField(page, 'Network name', 'Dup devnet');
      await click(page, button('Add'));
      await expect
        .poll(() => alerts(page))
        .toEqual([
          'Chain 31337 is already in your networks as Local devnet. Edit Local devnet instead of adding it again.',
        ]);
      const names = await page.evaluate(
        () => [...document.querySelectorAll('ul[aria-label="Networks"] strong')].map((e) => e.textContent ?? ''),
        undefined,
      );
      expect(names).toContain('Local devnet');
      expect(names).not.toContain('Dup devnet');
      await click(page, link('Edit the existing network'));
      await shown(page, heading('Local devnet'));
    });

    it('sources: one spelling per URL, only http(s), a dead address warns, and each message replaces the last', async () => {
      await go(page, '#/networks/31337');
      const form = 'form[aria-label="Add source"]';
      await setField(page, 'Operator', 'Me', form);

      await setField(page, 'Source URL', 'ftp://x', form);
      await click(page, button('Test', form));
      await expect
        .poll(() => alerts(page))
        .toEqual(['Test failed: Only http(s) URLs can be sources; ftp is not supported.']);

      await setField(page, 'Source URL', bravo(), form);
      await click(page, button('Test', form));
      expect(await texts(page, 'source-test-result')).toEqual([
        'Chain id 31337 (matches), but this is already a source of Local devnet (bravo).',
      ]);
      expect(await alerts(page)).toEqual([]);

      for (const spelling of [
        bravo(),
        `${bravo()}/`,
        bravo().replace('http://', 'HTTP://'),
        `${bravo().toUpperCase()}/`,
      ]) {
        await setField(page, 'Source URL', spelling, form);
        await click(page, button('Add source', form));
        await expect.poll(() => alerts(page)).toEqual([`${bravo()} is already a source of Local devnet (bravo).`]);
        expect(await testIdCount(page, 'source-test-result')).toBe(0);
      }

      const dead = 'http://127.0.0.1:9';
      await setField(page, 'Source URL', dead, form);
      await click(page, button('Add source', form));
      await expect.poll(() => alerts(page)).toEqual([expect.stringMatching(/^http:\/\/127\.0\.0\.1:9 did not answer/)]);
      expect(await testIdCount(page, 'source-127-0-0-1')).toBe(0);
      await click(page, button('Add anyway', form));
      await texts(page, 'source-127-0-0-1');
      expect(await alerts(page)).toEqual([]);
      expect(await texts(page, 'source-test-result')).toEqual([`Added ${dead} (Me).`]);
      // Removing asks once more: Keep leaves it, Remove removes it.
      await click(page, button('Remove 127-0-0-1'));
      await click(page, button('Keep'));
      expect(await testIdCount(page, 'source-127-0-0-1')).toBe(1);
      await click(page, button('Remove 127-0-0-1'));
      await click(page, button('Yes, remove 127-0-0-1'));
      await expect.poll(() => testIdCount(page, 'source-127-0-0-1')).toBe(0);
    });

    it('k above the enabled operators is explained before saving; the last source cannot be disabled; Home says why', async () => {
      await go(page, '#/networks/31337');
      await setField(page, 'Quorum k for Local devnet', '9');
      await waitForText(page, 'k = 9 needs 9 different operators, but only 5 are enabled: nothing could be confirmed.');
      expect((await read(page, button('Save quorum for Local devnet'))).disabled).toBe(true);
      await setField(page, 'Quorum k for Local devnet', '2');

      const ids = env.sources.map((s) => s.id);
      const box = async (id: string) => {
        const { checked, disabled } = await read(page, field(`Enabled ${id}`));
        return { checked, disabled };
      };
      for (const id of ids.slice(0, -1)) {
        await setChecked(page, `Enabled ${id}`, false);
        await expect.poll(() => box(id)).toEqual({ checked: false, disabled: false });
      }
      const last = ids.at(-1)!;
      await click(page, field(`Enabled ${last}`));
      await expect
        .poll(() => alerts(page))
        .toEqual([
          `${last} is the last enabled source of Local devnet; with none, nothing can be read. Enable another source first.`,
        ]);
      await expect.poll(() => box(last)).toEqual({ checked: true, disabled: false });

      // Only one operator left while k = 2: Home says why nothing is confirmed.
      await go(page, '#/');
      expect(await texts(page, 'quorum-unreachable')).toEqual([
        expect.stringContaining(
          'Local devnet needs 2 operators to agree (k = 2), but only 1 operator is enabled, so no value can be confirmed.',
        ),
      ]);

      await go(page, '#/networks/31337');
      for (const id of ids.slice(0, -1)) {
        await setChecked(page, `Enabled ${id}`, true);
        await expect.poll(() => box(id)).toEqual({ checked: true, disabled: false });
      }
      await go(page, '#/');
      await waitForStatus(page, 'verified');
      expect(await testIdCount(page, 'quorum-unreachable')).toBe(0);
    });

    it('send: the current error replaces the old one; -1 must be more than 0; a revert is a sentence; self-send warns; Review names the network', async () => {
      await go(page, '#/send');
      await setField(page, 'To', ME);
      await texts(page, 'self-send');
      await setField(page, /^Amount/, '-1');
      await click(page, button('Review'));
      await waitForText(page, 'The amount must be more than 0.');
      expect(await hasText(page, 'Not a number')).toBe(false);

      await setField(page, /^Amount/, '999999999');
      await click(page, button('Review'));
      await expect.poll(() => alerts(page)).toEqual([expect.stringMatching(/more than the balance/)]);
      await setField(page, /^Amount/, 'abc');
      await click(page, button('Review'));
      await waitForText(page, 'Enter the amount as a number, such as 1.5.');
      expect(await alerts(page)).toEqual([]);

      // A token transfer the contract would refuse: its revert reason, as a sentence.
      const token = (env.tokenAddress ?? TEST_TOKEN_ADDRESS).toLowerCase();
      const att = (await read(page, field('Asset'))).options.find((o) => o.text.includes('ATT'))?.value;
      expect(att?.toLowerCase()).toBe(token);
      await selectOption(page, 'Asset', att!);
      await setField(page, 'To', DEFAULT_ACCOUNTS[1].address);
      await setField(page, /^Amount/, '999999999999');
      await click(page, button('Review'));
      await expect
        .poll(() => alerts(page))
        .toEqual([
          "The contract would refuse this transaction: the amount is more than this account's token balance. Nothing was sent.",
        ]);
      await selectOption(page, 'Asset', 'native');

      await setField(page, 'To', DEFAULT_ACCOUNTS[1].address);
      expect(await testIdCount(page, 'self-send')).toBe(0);
      // Use maximum: the balance less the fee, which the review then accepts.
      await setField(page, /^Amount/, '');
      await click(page, button('Use maximum'));
      await expect.poll(async () => Number((await read(page, field(/^Amount/))).value)).toBeGreaterThan(1000);
      expect(await alerts(page)).toEqual([]);
      await click(page, button('Review'));
      await shown(page, button('Confirm and send'));
      await click(page, button('Back', '.screen-header'));
      await setField(page, /^Amount/, '0.01');
      await click(page, button('Review'));
      await shown(page, button('Confirm and send'));
      expect(await texts(page, 'review-network')).toEqual(['Local devnet']);
      await click(page, button('Back', '.screen-header'));
      expect((await read(page, field(/^Amount/))).value).toBe('0.01');
    });

    it('a popup left open on Home polls without holding auto-lock back; a click pushes it back', async () => {
      await go(page, '#/');
      await waitForStatus(page, 'verified');
      const lockAt = () =>
        page.evaluate(async () => {
          type Alarms = { alarms: { get(name: string): Promise<{ scheduledTime: number } | undefined> } };
          const scope = globalThis as unknown as { browser?: Alarms; chrome?: Alarms };
          const api = (scope.browser ?? scope.chrome)!;
          return (await api.alarms.get('accord-autolock'))?.scheduledTime ?? null;
        }, undefined);
      const armed = await lockAt();
      expect(armed).toEqual(expect.any(Number));
      // Home re-reads its balances every 4 s: two or more polls go by, and nobody touches the popup.
      await new Promise((resolve) => setTimeout(resolve, 10_500));
      expect(await lockAt()).toBe(armed);
      await click(page, link('Activity'));
      await expect.poll(lockAt).toBeGreaterThan(armed!);
    });

    it('removes an imported key behind the password; phrase accounts offer no removal', async () => {
      await go(page, '#/settings');
      await shown(page, heading('Settings'));
      expect(await count(page, link('Remove this imported key'))).toBe(0);
      await click(page, link('Import a private key'));
      await setField(page, 'Private key', OTHER_KEY);
      await click(page, button('Import'));
      await waitForStatus(page, 'verified');
      await expect.poll(() => accountNames(page)).toEqual(['Account 1', 'Imported 1']);

      await go(page, '#/settings');
      await click(page, link('Remove this imported key'));
      await setField(page, 'Password', 'not the password');
      await click(page, button('Remove this key'));
      await expect.poll(() => alerts(page)).toEqual(['Incorrect password']);
      await setField(page, 'Password', PASSWORD);
      await click(page, button('Remove this key'));
      await shown(page, heading('Settings'));
      await go(page, '#/');
      await expect.poll(() => accountNames(page)).toEqual(['Account 1']);
      // The phrase account's key is still there to export.
      await go(page, '#/settings/export-key');
      await setField(page, 'Password', PASSWORD);
      await click(page, button('Show private key'));
      expect(await texts(page, 'private-key')).toEqual([TEST_KEY_0]);
    });

    it('forgot password shows only the erase form, without an old unlock error', async () => {
      await go(page, '#/');
      await click(page, button('Lock'));
      for (let i = 0; i < 4; i++) {
        await setField(page, 'Password', `wrong password ${i}`);
        await click(page, button('Unlock'));
        await expect.poll(() => alerts(page)).toHaveLength(1);
      }
      await click(page, button('Forgot password?'));
      await shown(page, field('Type ERASE to confirm'));
      expect(await count(page, button('Unlock'))).toBe(0);
      expect(await count(page, field('Password'))).toBe(0);
      expect(await page.evaluate(() => document.querySelectorAll('input[type="password"]').length, undefined)).toBe(0);
      expect(await count(page, button('Forgot password?'))).toBe(0);
      expect(await alerts(page)).toEqual([]);
      const visible = await page.evaluate(
        () => [...document.querySelectorAll('form')].filter((f) => f.getClientRects().length > 0).length,
        undefined,
      );
      expect(visible).toBe(1);
      await click(page, button('Keep my wallet'));
      await shown(page, button('Unlock'));
      expect(await alerts(page)).toEqual([]);
    });
  });
}
