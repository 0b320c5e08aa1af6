import { announceProvider } from '@/lib/provider/announce';
import { AccordProvider } from '@/lib/provider/inpage-provider';

// Runs in the page's own world at document_start (registered in wxt.config.ts), so dapps find
// the provider before their own scripts run.
export default defineUnlistedScript(() => {
  const provider = new AccordProvider({ window });
  const target = window as unknown as { ethereum?: unknown; accord?: unknown };
  Object.defineProperty(target, 'accord', { value: provider, configurable: false, writable: false });
  // Never displace another wallet's window.ethereum; EIP-6963 lets dapps list us beside it.
  if (target.ethereum === undefined) target.ethereum = provider;
  announceProvider(window, provider, crypto.randomUUID());
});
