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
    // The inpage provider is an unlisted script injected into the page's MAIN world before the page runs.
    content_scripts: [
      { matches: ['http://*/*', 'https://*/*'], js: ['inpage.js'], run_at: 'document_start', world: 'MAIN' },
    ],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'wallet@accord.invalid',
              strict_min_version: '128.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
