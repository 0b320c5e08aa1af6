// EIP-6963: announce Accord and answer every later request for providers.
export const ACCORD_RDNS = 'wallet.accord';

export interface Eip6963ProviderInfo {
  uuid: string;
  name: string;
  icon: string;
  rdns: string;
}

export const ACCORD_ICON =
  'data:image/svg+xml;base64,' +
  btoa(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#4338ca"/>' +
      '<circle cx="12.2" cy="16" r="7" fill="none" stroke="#fff" stroke-width="2.2"/>' +
      '<circle cx="19.8" cy="16" r="7" fill="none" stroke="#fff" stroke-width="2.2"/></svg>',
  );

export function announceProvider(window: Window, provider: unknown, uuid: string): Eip6963ProviderInfo {
  const info: Eip6963ProviderInfo = Object.freeze({ uuid, name: 'Accord', icon: ACCORD_ICON, rdns: ACCORD_RDNS });
  const announce = () =>
    window.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail: Object.freeze({ info, provider }) }));
  announce();
  window.addEventListener('eip6963:requestProvider', announce);
  return info;
}
