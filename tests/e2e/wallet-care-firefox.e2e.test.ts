// The wallet-care suite (support/wallet-care-suite.ts) in Firefox ESR: the extension as a temporary add-on
// with its event page, driven over WebDriver BiDi.
import { inject } from 'vitest';
import { launchFirefox } from './support/browsers';
import { firefoxPages } from './support/extension-pages';
import { walletCareSuite } from './support/wallet-care-suite';

const env = inject('accord');

walletCareSuite('Firefox', {
  async launch() {
    const session = await launchFirefox(env.firefoxDir);
    return { pages: firefoxPages(session), close: () => session.close() };
  },
});
