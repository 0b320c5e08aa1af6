// The wallet-care suite (support/wallet-care-suite.ts) in Chromium: the built extension with its service
// worker, driven through playwright.
import { inject } from 'vitest';
import { launchChromium } from './support/browsers';
import { chromiumPages } from './support/extension-pages';
import { walletCareSuite } from './support/wallet-care-suite';

const env = inject('accord');

walletCareSuite('Chromium', {
  async launch() {
    const session = await launchChromium(env.chromeDir);
    return { pages: chromiumPages(session), close: () => session.close() };
  },
});
