declare const __ACCORD_DEVNET__: { id: string; url: string; operator: string }[] | null;
declare const __ACCORD_DEVNET_CONSENSUS__: import('./lib/messages/popup-api').ConsensusSettings | null;
