// The approval-safety suite (support/approval-safety-suite.ts) in Firefox ESR: the extension as a temporary
// add-on with its event page, driven over WebDriver BiDi.
import { inject } from 'vitest';
import { approvalSafetySuite } from './support/approval-safety-suite';
import { type FirefoxSession, importPhraseInFirefox, launchFirefox } from './support/browsers';
import { firefoxPages } from './support/extension-pages';

const env = inject('accord');
let session: FirefoxSession;

approvalSafetySuite('Firefox', {
  async start() {
    session = await launchFirefox(env.firefoxDir);
    await importPhraseInFirefox(session);
    return firefoxPages(session);
  },
  async stop() {
    await session?.close();
  },
});
