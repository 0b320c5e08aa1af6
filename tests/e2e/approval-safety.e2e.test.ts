// The approval-safety suite (support/approval-safety-suite.ts) in Chromium: the built extension with its
// service worker, driven through playwright.
import { inject } from 'vitest';
import { approvalSafetySuite } from './support/approval-safety-suite';
import { type ChromiumSession, importPhraseInChromium, launchChromium } from './support/browsers';
import { chromiumPages } from './support/extension-pages';

const env = inject('accord');
let session: ChromiumSession;

approvalSafetySuite('Chromium', {
  async start() {
    session = await launchChromium(env.chromeDir);
    await importPhraseInChromium(session);
    return chromiumPages(session);
  },
  async stop() {
    await session?.close();
  },
});
