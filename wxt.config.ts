import { defineConfig } from 'wxt';
import { devnetSourcesForBuild } from './scripts/devnet-build-config';

// Production builds carry no loopback sources; development builds embed the local devnet.
export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  vite: (env) => ({
    define: {
      __ACCORD_DEVNET__: JSON.stringify(env.mode === 'production' ? null : devnetSourcesForBuild()),
    },
  }),
  manifest: ({ browser }) => ({
    name: 'Accord',
    description: 'Ethereum wallet that cross-checks several RPC sources before it believes a value.',
    permissions: ['storage', 'alarms'],
    action: { default_title: 'Accord' },
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'wallet@accord.invalid', strict_min_version: '128.0' } } }
      : {}),
  }),
});
