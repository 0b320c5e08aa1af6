declare const __ACCORD_DEVNET__: { id: string; url: string; operator: string }[] | null;
declare const __ACCORD_DEVNET_BEACON__: import('./lib/consensus/config').ChainConfig | null;
