import { fileURLToPath } from 'node:url';
import { defineConfig } from 'wxt';
import { devnetConsensusForBuild, devnetSourcesForBuild } from './scripts/devnet-build-config';

/**
 * @chainsafe/ssz and @lodestar/params call Node's `Buffer` without importing it; the worker has none. Each
 * of their modules that does gets an import of the `buffer` package instead (scoped: no global is set).
 */
const sszBuffer = {
  name: 'accord-ssz-buffer',
  transform(code: string, id: string) {
    if (!/[\\/](@chainsafe[\\/]ssz|@lodestar[\\/]params)[\\/]/.test(id)) return null;
    if (!/(?<![\w.])Buffer\.\w/.test(code) || /import \{ Buffer \}/.test(code)) return null;
    return { code: `import { Buffer } from 'buffer';\n${code}`, map: null };
  },
};

// Production builds carry no loopback sources; development builds embed the local devnet.
export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  vite: (env) => ({
    define: {
      __ACCORD_DEVNET__: JSON.stringify(env.mode === 'production' ? null : devnetSourcesForBuild()),
      __ACCORD_DEVNET_CONSENSUS__: JSON.stringify(env.mode === 'production' ? null : devnetConsensusForBuild()),
    },
    // as-sha256 compiles WebAssembly at import, which the MV3 CSP refuses: the same API over noble's sha256.
    resolve: {
      alias: [
        {
          find: /^@chainsafe\/as-sha256$/,
          replacement: fileURLToPath(new URL('./lib/consensus/pure-sha256.ts', import.meta.url)),
        },
      ],
    },
    plugins: [sszBuffer],
  }),
  manifest: ({ browser }) => ({
    name: 'Accord',
    description: 'Ethereum wallet that cross-checks several RPC sources before it believes a value.',
    // scripting: the MAIN-world script that tells pages MetaMask compatibility is off (inpage-config.ts).
    permissions: ['storage', 'alarms', 'scripting'],
    // A registered content script runs only where the extension holds host permissions; the content
    // scripts above already run on every http(s) page (the same install warning in Chrome).
    host_permissions: ['http://*/*', 'https://*/*'],
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
