// The library-dapp suite (support/library-suite.ts) in Firefox ESR: the extension as a temporary add-on,
// driven over WebDriver BiDi. Firefox's background is an event page, not a service worker that can be
// stopped from outside, so the suite's restart step runs in Chromium only.
import { inject } from 'vitest';
import {
  type FirefoxSession,
  importPhraseInFirefox,
  launchFirefox,
  openExtensionPageInFirefox,
} from './support/browsers';
import { firefoxDriver } from './support/drivers';
import { libraryDappSuite } from './support/library-suite';

const env = inject('accord');
let session: FirefoxSession;

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
