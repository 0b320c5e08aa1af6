export function ensureBrowsers(which?: ('chromium' | 'firefox-esr')[]): void;
