// The consensus suite (support/consensus-suite.ts) in Firefox ESR: the extension as a temporary add-on with
// its event page, driven over WebDriver BiDi.
import { inject } from 'vitest';
import { type FirefoxSession, importPhraseInFirefox, launchFirefox } from './support/browsers';
import { consensusSuite } from './support/consensus-suite';
import { firefoxPages } from './support/extension-pages';

const env = inject('accord');
let session: FirefoxSession;

consensusSuite('Firefox', {
  beaconHost: '127.0.0.19',
  async start() {
    session = await launchFirefox(env.firefoxDir);
    await importPhraseInFirefox(session);
    return firefoxPages(session);
  },
  async stop() {
    await session?.close();
  },
});
