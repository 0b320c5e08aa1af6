import { startRelay } from '@/lib/provider/relay';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_start',
  allFrames: false,
  main() {
    startRelay({ window, runtime: browser.runtime as never, settings: browser.storage.local });
  },
});
