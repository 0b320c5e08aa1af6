// The consensus suite (support/consensus-suite.ts) in Chromium: the built extension with its service worker,
// driven through playwright; here the worker can also be stopped, to see it resume from its snapshot.
import { inject } from 'vitest';
import {
  type ChromiumSession,
  importPhraseInChromium,
  launchChromium,
  terminateServiceWorker,
} from './support/browsers';
import { consensusSuite } from './support/consensus-suite';
import { chromiumPages } from './support/extension-pages';

const env = inject('accord');
let session: ChromiumSession;

consensusSuite('Chromium', {
  beaconHost: '127.0.0.13',
  async start() {
    session = await launchChromium(env.chromeDir);
    await importPhraseInChromium(session);
    return chromiumPages(session);
  },
  async stop() {
    await session?.close();
  },
  stopBackground: () => terminateServiceWorker(session),
});
