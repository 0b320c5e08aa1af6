// The library-dapp suite (support/library-suite.ts) in Firefox ESR: the extension as a temporary add-on,
// driven over WebDriver BiDi. Firefox's background is an event page, not a service worker that can be
// stopped from outside, so the suite's restart step runs in Chromium only.
import { inject } from 'vitest';
import { TEST_MNEMONIC } from '../fixtures/devnet';
import { PASSWORD } from './popup-helpers/popup-page';
import { type FirefoxSession, launchFirefox, openExtensionPageInFirefox } from './support/browsers';
import { firefoxDriver } from './support/drivers';
import { libraryDappSuite } from './support/library-suite';

const env = inject('accord');
let session: FirefoxSession;

/** Imports the test phrase in the popup and waits until a balance is shown. */
export async function importPhraseInFirefox(firefox: FirefoxSession): Promise<void> {
  const page = await openExtensionPageInFirefox(firefox);
  const link = await page.waitForSelector('::-p-text(Import a recovery phrase)', { timeout: 30_000 });
  await link!.click();
  await page.waitForSelector('textarea');
  await page.type('textarea', TEST_MNEMONIC);
  for (const field of await page.$$('input[type="password"]')) await field.type(PASSWORD);
  await (await page.waitForSelector('button[type="submit"]'))!.click();
  await page.waitForSelector('[data-testid="balance-native"]', { timeout: 90_000 });
  await page.close();
}

libraryDappSuite('Firefox', {
  async start() {
    session = await launchFirefox(env.firefoxDir);
    await importPhraseInFirefox(session);
    return firefoxDriver(session);
  },
  async stop() {
    await session?.close();
  },
  async setMetamaskCompat(enabled) {
    const popup = await openExtensionPageInFirefox(session, 'popup.html#/settings');
    const selector = '[data-testid="metamask-compat"]';
    await popup.waitForSelector(`${selector}:not([disabled])`, { timeout: 30_000 });
    if ((await popup.$eval(selector, (box) => (box as HTMLInputElement).checked)) !== enabled)
      await popup.click(selector);
    await popup.waitForSelector(`${selector}${enabled ? ':checked' : ':not(:checked)'}:not([disabled])`);
    await popup.close();
  },
});
