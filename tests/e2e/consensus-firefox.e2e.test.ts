// The consensus suite (support/consensus-suite.ts) in Firefox ESR: the extension as a temporary add-on with
// its event page, driven over WebDriver BiDi.
import { inject } from 'vitest';
import { firefoxWallet } from './support/browsers';
import { consensusSuite } from './support/consensus-suite';
import { firefoxPages } from './support/extension-pages';

const wallet = firefoxWallet(inject('accord').firefoxDir);

consensusSuite('Firefox', {
  beaconHost: '127.0.0.19',
  start: async () => firefoxPages(await wallet.start()),
  stop: () => wallet.stop(),
});
