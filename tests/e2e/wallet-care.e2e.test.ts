// Everyday wallet care against the real background and devnet (Chromium): a backup that a closed popup cannot
// skip, secrets behind the password, networks and sources that never change silently, forms whose errors are
// current, and Forgot password without the unlock form around it.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_ACCOUNTS, TEST_MNEMONIC, TEST_TOKEN_ADDRESS } from '../fixtures/devnet';
import { importPhrase, PASSWORD, POPUP_SIZE, waitForStatus } from './popup-helpers/popup-page';
import { type ChromiumSession, launchChromium } from './support/browsers';

const env = inject('accord');
const ME = DEFAULT_ACCOUNTS[0].address;
const TEST_KEY_0 = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const OTHER_KEY = '0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6';
const NEW_PASSWORD = 'a brand new passphrase';

async function openPopup(session: ChromiumSession, hash = ''): Promise<Page> {
  const page = await session.context.newPage();
  await page.setViewportSize(POPUP_SIZE);
  await page.goto(`${session.popupUrl}${hash}`);
  return page;
}

async function pickWords(page: Page, words: string[]): Promise<void> {
  for (const word of words) {
    await page
      .getByRole('group', { name: 'Words to pick' })
      .locator('button:not([disabled])', { hasText: new RegExp(`^${word}$`) })
      .first()
      .click();
  }
}

const alerts = (page: Page) => page.getByRole('alert').allTextContents();

describe('backup and secrets (Chromium, real background)', () => {
  let session: ChromiumSession;
  beforeAll(async () => {
    session = await launchChromium(env.chromeDir);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('closing the popup on the phrase leaves a reminder until the words are confirmed; the confirm step goes back', async () => {
    const first = await openPopup(session);
    await first.getByRole('link', { name: 'Create a new wallet' }).click();
    await first.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await first.getByLabel('Confirm password').fill(PASSWORD);
    await first.getByRole('button', { name: 'Continue' }).click();
    await first.getByTestId('recovery-phrase').waitFor();
    const words = await first.getByTestId('recovery-phrase').locator('.phrase-word').allTextContents();
    expect(words).toHaveLength(12);
    await first.close(); // a toolbar popup closes whenever the user clicks elsewhere

    // A full tab left on the create address does not offer to create a second wallet over the first.
    const stale = await openPopup(session, '#/onboarding/create');
    await stale.getByText('A wallet already exists in this browser.').waitFor();
    expect(await stale.getByRole('button', { name: 'Continue' }).count()).toBe(0);
    await stale.close();

    const page = await openPopup(session);
    const reminder = page.getByTestId('backup-reminder');
    await reminder.waitFor();
    expect(await reminder.textContent()).toContain('Your recovery phrase is not backed up.');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByTestId('backup-reminder').waitFor();
    await page.getByRole('link', { name: 'Back up now' }).click();

    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Show phrase' }).click();
    await expect.poll(() => alerts(page)).toEqual(['Incorrect password']);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Show phrase' }).click();
    await page.getByTestId('recovery-phrase').waitFor();
    expect(await page.getByTestId('recovery-phrase').locator('.phrase-word').allTextContents()).toEqual(words);

    await page.getByRole('button', { name: 'I wrote it down' }).click();
    await page.getByRole('heading', { name: 'Confirm your phrase' }).waitFor();
    await page.getByRole('button', { name: 'Show the words again' }).click();
    await page.getByTestId('recovery-phrase').waitFor();
    await page.getByRole('button', { name: 'I wrote it down' }).click();
    await pickWords(page, words);
    await page.getByRole('button', { name: 'Finish' }).click();
    await waitForStatus(page, 'verified');
    expect(await page.getByTestId('backup-reminder').count()).toBe(0);
    await page.reload();
    await waitForStatus(page, 'verified');
    expect(await page.getByTestId('backup-reminder').count()).toBe(0);
    await page.close();
  });

  it('Settings exports the key and changes the password, each behind the password', async () => {
    const page = await openPopup(session, '#/settings');
    // The phrase can be shown again at any time (no reminder any more, so it ends with Done).
    await page.getByRole('link', { name: 'Show recovery phrase' }).click();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Show phrase' }).click();
    await page.getByTestId('recovery-phrase').waitFor();
    await page.getByRole('link', { name: 'Done' }).click();

    await page.getByRole('link', { name: 'Export private key' }).click();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Show private key' }).click();
    expect(await page.getByTestId('private-key').textContent()).toMatch(/^0x[0-9a-f]{64}$/);
    await page.getByRole('link', { name: 'Done' }).click();

    await page.getByRole('link', { name: 'Change password' }).click();
    await page.getByLabel('Current password').fill('not the password');
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => alerts(page)).toEqual(['Incorrect password']);
    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed. Use the new one from now on.').waitFor();
    expect(await alerts(page)).toEqual([]);

    await page.goto(`${session.popupUrl}#/`);
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => alerts(page)).toEqual(['Incorrect password']);
    await page.getByLabel('Password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await waitForStatus(page, 'verified');
    await page.close();
  });
});

describe('networks, sources and forms (Chromium, real background)', () => {
  let session: ChromiumSession;
  let page: Page;
  const bravo = () => env.sources.find((s) => s.id === 'bravo')!.url;

  beforeAll(async () => {
    session = await launchChromium(env.chromeDir);
    page = await openPopup(session);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('import: an old checksum error does not stay beside the current problem', async () => {
    await page.getByRole('link', { name: 'Import a recovery phrase' }).click();
    await page.getByLabel('Recovery phrase').fill(Array(12).fill('test').join(' '));
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Confirm password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => alerts(page)).toEqual([expect.stringMatching(/checksum does not match/)]);
    await page.getByLabel('Recovery phrase').fill(Array(11).fill('test').join(' '));
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByText('A recovery phrase has 12, 15, 18, 21 or 24 words.').waitFor();
    expect(await alerts(page)).toEqual([]);
    await page.goto(`${session.popupUrl}#/`);
    await importPhrase(page, TEST_MNEMONIC);
    await waitForStatus(page, 'verified');
    expect(await page.getByTestId('backup-reminder').count()).toBe(0);
  });

  it('adding a network with a known chain id is refused and offers that network; nothing is renamed', async () => {
    await page.goto(`${session.popupUrl}#/networks`);
    await page.getByRole('button', { name: 'Add network' }).click();
    await page.getByLabel('Chain id').fill('31337');
    await page.getByLabel('Network name').fill('Dup devnet');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect
      .poll(() => alerts(page))
      .toEqual([
        'Chain 31337 is already in your networks as Local devnet. Edit Local devnet instead of adding it again.',
      ]);
    const names = await page.getByRole('list', { name: 'Networks' }).locator('strong').allTextContents();
    expect(names).toContain('Local devnet');
    expect(names).not.toContain('Dup devnet');
    await page.getByRole('link', { name: 'Edit the existing network' }).click();
    await page.getByRole('heading', { name: 'Local devnet' }).waitFor();
  });

  it('sources: one spelling per URL, only http(s), a dead address warns, and each message replaces the last', async () => {
    await page.goto(`${session.popupUrl}#/networks/31337`);
    const form = page.getByRole('form', { name: 'Add source' });
    const url = form.getByLabel('Source URL');
    await form.getByLabel('Operator').fill('Me');

    await url.fill('ftp://x');
    await form.getByRole('button', { name: 'Test' }).click();
    await expect
      .poll(() => alerts(page))
      .toEqual(['Test failed: Only http(s) URLs can be sources; ftp is not supported.']);

    await url.fill(bravo());
    await form.getByRole('button', { name: 'Test' }).click();
    await expect.poll(() => form.getByTestId('source-test-result').count()).toBe(1);
    expect(await form.getByTestId('source-test-result').textContent()).toMatch(/^Chain id 31337 \(matches\)/);
    expect(await alerts(page)).toEqual([]);

    for (const spelling of [bravo(), `${bravo()}/`, bravo().replace('http://', 'HTTP://')]) {
      await url.fill(spelling);
      await form.getByRole('button', { name: 'Add source' }).click();
      await expect.poll(() => alerts(page)).toEqual([`${bravo()} is already a source of Local devnet (bravo).`]);
      expect(await form.getByTestId('source-test-result').count()).toBe(0);
    }

    const dead = 'http://127.0.0.1:9';
    await url.fill(dead);
    await form.getByRole('button', { name: 'Add source' }).click();
    await expect.poll(() => alerts(page)).toEqual([expect.stringMatching(/^http:\/\/127\.0\.0\.1:9 did not answer/)]);
    expect(await page.getByTestId('source-127-0-0-1').count()).toBe(0);
    await form.getByRole('button', { name: 'Add anyway' }).click();
    await page.getByTestId('source-127-0-0-1').waitFor();
    expect(await alerts(page)).toEqual([]);
    await page.getByRole('button', { name: 'Remove 127-0-0-1' }).click();
    await expect.poll(() => page.getByTestId('source-127-0-0-1').count()).toBe(0);
  });

  it('k above the enabled operators is explained before saving; the last source cannot be disabled; Home says why', async () => {
    await page.goto(`${session.popupUrl}#/networks/31337`);
    const k = page.getByLabel('Quorum k for Local devnet');
    await k.fill('9');
    await page
      .getByText('k = 9 needs 9 different operators, but only 5 are enabled: nothing could be confirmed.')
      .waitFor();
    expect(await page.getByRole('button', { name: 'Save quorum for Local devnet' }).isDisabled()).toBe(true);
    await k.fill('2');

    const ids = env.sources.map((s) => s.id);
    for (const id of ids.slice(0, -1)) {
      const box = page.getByLabel(`Enabled ${id}`, { exact: true });
      await box.uncheck();
      await expect.poll(() => box.isEnabled()).toBe(true);
      expect(await box.isChecked()).toBe(false);
    }
    const last = ids.at(-1)!;
    const lastBox = page.getByLabel(`Enabled ${last}`, { exact: true });
    await lastBox.click();
    await expect
      .poll(() => alerts(page))
      .toEqual([
        `${last} is the last enabled source of Local devnet; with none, nothing can be read. Enable another source first.`,
      ]);
    await expect.poll(() => lastBox.isChecked()).toBe(true);

    // Only one operator left while k = 2: Home says why nothing is confirmed.
    await page.goto(`${session.popupUrl}#/`);
    const why = page.getByTestId('quorum-unreachable');
    await why.waitFor();
    expect(await why.textContent()).toContain(
      'Local devnet needs 2 operators to agree (k = 2), but only 1 operator is enabled, so no value can be confirmed.',
    );

    await page.goto(`${session.popupUrl}#/networks/31337`);
    for (const id of ids.slice(0, -1)) {
      const box = page.getByLabel(`Enabled ${id}`, { exact: true });
      await box.check();
      await expect.poll(() => box.isEnabled()).toBe(true);
    }
    await page.goto(`${session.popupUrl}#/`);
    await waitForStatus(page, 'verified');
    expect(await page.getByTestId('quorum-unreachable').count()).toBe(0);
  });

  it('send: the current error replaces the old one; -1 must be more than 0; a revert is a sentence; self-send warns; Review names the network', async () => {
    await page.goto(`${session.popupUrl}#/send`);
    await page.getByLabel('To').fill(ME);
    await page.getByTestId('self-send').waitFor();
    await page.getByLabel(/^Amount/).fill('-1');
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByText('The amount must be more than 0.').waitFor();
    expect(await page.getByText('Not a number').count()).toBe(0);

    await page.getByLabel(/^Amount/).fill('999999999');
    await page.getByRole('button', { name: 'Review' }).click();
    await expect.poll(() => alerts(page)).toEqual([expect.stringMatching(/more than the balance/)]);
    await page.getByLabel(/^Amount/).fill('abc');
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByText('Enter the amount as a number, such as 1.5.').waitFor();
    expect(await alerts(page)).toEqual([]);

    // A token transfer the contract would refuse: its revert reason, as a sentence.
    const token = (env.tokenAddress ?? TEST_TOKEN_ADDRESS).toLowerCase();
    const att = await page.getByLabel('Asset').locator('option', { hasText: 'ATT' }).getAttribute('value');
    await page.getByLabel('Asset').selectOption(att!);
    expect(att!.toLowerCase()).toBe(token);
    await page.getByLabel('To').fill(DEFAULT_ACCOUNTS[1].address);
    await page.getByLabel(/^Amount/).fill('999999999999');
    await page.getByRole('button', { name: 'Review' }).click();
    await expect
      .poll(() => alerts(page))
      .toEqual([
        "The contract would refuse this transaction: the amount is more than this account's token balance. Nothing was sent.",
      ]);
    await page.getByLabel('Asset').selectOption('native');

    await page.getByLabel('To').fill(DEFAULT_ACCOUNTS[1].address);
    expect(await page.getByTestId('self-send').count()).toBe(0);
    await page.getByLabel(/^Amount/).fill('0.01');
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Confirm and send' }).waitFor();
    expect(await page.getByTestId('review-network').textContent()).toBe('Local devnet');
    await page.locator('.screen-header').getByRole('button', { name: 'Back' }).click();
    expect(await page.getByLabel(/^Amount/).inputValue()).toBe('0.01');
  });

  it('removes an imported key behind the password; phrase accounts offer no removal', async () => {
    await page.goto(`${session.popupUrl}#/settings`);
    expect(await page.getByRole('link', { name: 'Remove this imported key' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Import a private key' }).click();
    await page.getByLabel('Private key').fill(OTHER_KEY);
    await page.getByRole('button', { name: 'Import' }).click();
    await waitForStatus(page, 'verified');
    const accounts = page.getByLabel('Account', { exact: true }).locator('option');
    await expect.poll(() => accounts.allTextContents()).toEqual(['Account 1', 'Imported 1']);

    await page.goto(`${session.popupUrl}#/settings`);
    await page.getByRole('link', { name: 'Remove this imported key' }).click();
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Remove this key' }).click();
    await expect.poll(() => alerts(page)).toEqual(['Incorrect password']);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Remove this key' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await page.goto(`${session.popupUrl}#/`);
    await expect.poll(() => accounts.allTextContents()).toEqual(['Account 1']);
    // The phrase account's key is still there to export.
    await page.goto(`${session.popupUrl}#/settings/export-key`);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Show private key' }).click();
    expect(await page.getByTestId('private-key').textContent()).toBe(TEST_KEY_0);
  });

  it('forgot password shows only the erase form, without an old unlock error', async () => {
    await page.goto(`${session.popupUrl}#/`);
    await page.getByRole('button', { name: 'Lock' }).click();
    for (let i = 0; i < 4; i++) {
      await page.getByLabel('Password').fill(`wrong password ${i}`);
      await page.getByRole('button', { name: 'Unlock' }).click();
      await expect.poll(() => alerts(page)).toHaveLength(1);
    }
    await page.getByRole('button', { name: 'Forgot password?' }).click();
    await page.getByLabel('Type ERASE to confirm').waitFor();
    expect(await page.getByRole('button', { name: 'Unlock' }).count()).toBe(0);
    expect(await page.getByLabel('Password', { exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Forgot password?' }).count()).toBe(0);
    expect(await alerts(page)).toEqual([]);
    const visible = await page.evaluate(
      () => [...document.querySelectorAll('form')].filter((f) => f.getClientRects().length > 0).length,
    );
    expect(visible).toBe(1);
    await page.getByRole('button', { name: 'Keep my wallet' }).click();
    await page.getByRole('button', { name: 'Unlock' }).waitFor();
    expect(await alerts(page)).toEqual([]);
  });
});
