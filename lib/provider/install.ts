// What the inpage script does in the page's world: create the provider, expose it as window.accord,
// as window.ethereum only when no other wallet took that name, and announce it with EIP-6963.
import { announceProvider, type Eip6963ProviderInfo } from './announce';
import { AccordProvider } from './inpage-provider';

export function installProvider(window: Window, uuid: string): { provider: AccordProvider; info: Eip6963ProviderInfo } {
  const provider = new AccordProvider({ window });
  const target = window as unknown as { ethereum?: unknown; accord?: unknown };
  Object.defineProperty(target, 'accord', { value: provider, configurable: false, writable: false });
  // Never displace another wallet's window.ethereum; EIP-6963 lets dapps list us beside it.
  if (target.ethereum === undefined) target.ethereum = provider;
  const info = announceProvider(window, provider, uuid);
  return { provider, info };
}
