// The approval-safety suite (support/approval-safety-suite.ts) in Chromium: the built extension with its
// service worker, driven through playwright.
import { inject } from 'vitest';
import { approvalSafetySuite } from './support/approval-safety-suite';
import { chromiumWallet } from './support/browsers';
import { chromiumPages } from './support/extension-pages';

const wallet = chromiumWallet(inject('accord').chromeDir);

approvalSafetySuite('Chromium', {
  start: async () => chromiumPages(await wallet.start()),
  stop: () => wallet.stop(),
});
