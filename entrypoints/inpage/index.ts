import { installProvider } from '@/lib/provider/install';

// Runs in the page's own world at document_start (registered in wxt.config.ts), so dapps find
// the provider before their own scripts run.
export default defineUnlistedScript(() => {
  installProvider(window, crypto.randomUUID());
});
