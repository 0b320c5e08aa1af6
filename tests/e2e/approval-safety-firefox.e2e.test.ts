// The approval-safety suite (support/approval-safety-suite.ts) in Firefox ESR: the extension as a temporary
// add-on with its event page, driven over WebDriver BiDi.
import { inject } from 'vitest';
import { approvalSafetySuite } from './support/approval-safety-suite';
import { firefoxWallet } from './support/browsers';
import { firefoxPages } from './support/extension-pages';

const wallet = firefoxWallet(inject('accord').firefoxDir);

approvalSafetySuite('Firefox', {
  start: async () => firefoxPages(await wallet.start()),
  stop: () => wallet.stop(),
});
