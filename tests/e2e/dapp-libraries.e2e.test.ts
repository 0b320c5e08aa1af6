// Library dapps (ethers v6, web3.js v4, viem, wagmi core, an old-style page) in Chromium; the suite itself
// is in support/library-suite.ts and runs in Firefox too.
import { inject } from 'vitest';
import {
  type ChromiumSession,
  importPhraseInChromium,
  launchChromium,
  terminateServiceWorker,
} from './support/browsers';
import { chromiumDriver } from './support/drivers';
import { libraryDappSuite } from './support/library-suite';

const env = inject('accord');
let session: ChromiumSession;

libraryDappSuite('Chromium', {
  async start() {
    session = await launchChromium(env.chromeDir);
    await importPhraseInChromium(session);
    return chromiumDriver(session);
  },
  async stop() {
    await session?.close();
  },
  restartBackground: () => terminateServiceWorker(session),
  async setMetamaskCompat(enabled) {
    const popup = await session.context.newPage();
    await popup.goto(`${session.popupUrl}#/settings`);
    const toggle = popup.getByTestId('metamask-compat');
    await toggle.waitFor();
    await popup.waitForFunction(
      () => !document.querySelector<HTMLInputElement>('[data-testid="metamask-compat"]')?.disabled,
    );
    if ((await toggle.isChecked()) !== enabled) await toggle.click();
    await popup.waitForFunction((want) => {
      const box = document.querySelector<HTMLInputElement>('[data-testid="metamask-compat"]');
      return box?.checked === want && !box.disabled;
    }, enabled);
    await popup.close();
  },
});
