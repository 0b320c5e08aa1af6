// The consensus suite (support/consensus-suite.ts) in Chromium: the built extension with its service worker,
// driven through playwright; here the worker can also be stopped, to see it resume from its snapshot.
import { inject } from 'vitest';
import { chromiumWallet, terminateServiceWorker } from './support/browsers';
import { consensusSuite } from './support/consensus-suite';
import { chromiumPages } from './support/extension-pages';

const wallet = chromiumWallet(inject('accord').chromeDir);

consensusSuite('Chromium', {
  beaconHost: '127.0.0.13',
  start: async () => chromiumPages(await wallet.start()),
  stop: () => wallet.stop(),
  stopBackground: () => terminateServiceWorker(wallet.session),
});
