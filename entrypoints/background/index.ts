import { createDappSettings } from '@/lib/provider/dapp-settings';
import { startBackground } from '@/lib/wallet/background';
import { createWalletServices } from '@/lib/wallet/services';

// Wiring only.
export default defineBackground(() => {
  // In production builds __ACCORD_DEVNET__ is null and this branch (its name, its loopback URLs) is dropped.
  const devnet = __ACCORD_DEVNET__
    ? {
        chainId: 31337,
        name: 'Local devnet',
        symbol: 'ETH',
        sources: __ACCORD_DEVNET__,
        // Its beacon chain; a beacon source and checkpoint only where `npm start` serves them (tests set their own).
        ...(__ACCORD_DEVNET_CONSENSUS__ ? { consensus: __ACCORD_DEVNET_CONSENSUS__ } : {}),
      }
    : null;
  // The page script that says MetaMask compatibility is off is registered while the setting says so.
  void createDappSettings(browser.storage.local, browser.scripting as never)
    .syncPageScripts()
    .catch((error) => console.warn('Accord: could not register the page script', error));
  startBackground(browser as never, () =>
    createWalletServices({
      devnet,
      platform: {
        indexedDB,
        session: browser.storage.session,
        local: browser.storage.local,
        alarms: browser.alarms,
        windows: browser.windows as never,
        tabs: browser.tabs as never,
        extensionUrl: (path) => browser.runtime.getURL(path as never),
        sendToPages: (message) => browser.runtime.sendMessage(message),
        fetch: (...args) => fetch(...args),
        scripting: browser.scripting as never,
      },
    }),
  );
});
