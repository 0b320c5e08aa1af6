// The approval-safety suite (support/approval-safety-suite.ts) in Chromium: the built extension with its
// service worker, driven through playwright.
import { inject } from 'vitest';
import { TEST_MNEMONIC } from '../fixtures/devnet';
import { importPhrase } from './popup-helpers/popup-page';
import { approvalSafetySuite } from './support/approval-safety-suite';
import { type ChromiumSession, launchChromium } from './support/browsers';
import { chromiumPages } from './support/extension-pages';

const env = inject('accord');
let session: ChromiumSession;

approvalSafetySuite('Chromium', {
  async start() {
    session = await launchChromium(env.chromeDir);
    const popup = await session.context.newPage();
    await popup.goto(session.popupUrl);
    await importPhrase(popup, TEST_MNEMONIC);
    await popup.getByTestId('balance-native').waitFor({ timeout: 30_000 });
    await popup.close();
    return chromiumPages(session);
  },
  async stop() {
    await session?.close();
  },
});
