import { markMetamaskCompatOff } from '@/lib/provider/inpage-config';

// Registered by the background (scripting.registerContentScripts, MAIN world, document_start) only while
// "Let dapps that look for MetaMask use Accord" is off, so the provider's isMetaMask is false before the
// page's first script runs (lib/provider/inpage-config.ts).
export default defineUnlistedScript(() => {
  markMetamaskCompatOff(window);
});
