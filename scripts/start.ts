// `npm start`: builds the development extension against the local devnet (real anvil behind five
// sources: three honest operators, one reporting zero balances, one down, and a beacon node serving
// light-client data for anvil's blocks signed by test keys), serves the demo dapp, and opens Chromium
// with Accord loaded. Ctrl-C stops everything.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startDevnetBeacon } from '../tests/fixtures/beacon/devnet-beacon';
import { serveDapp } from '../tests/fixtures/dapp/server';
import { startDevnet } from '../tests/fixtures/devnet';
import { DEFAULT_DEVNET_PORTS, DEFAULT_DEVNET_SOURCES } from './devnet-build-config';
import { ensureBrowsers } from './ensure-browsers.js';

const ROOT = resolve(import.meta.dirname, '..');
const CHROMIUM = process.env.ACCORD_CHROMIUM ?? '/usr/lib/chromium/chromium';
const DAPP_PORT = 18700;
/** Beside the sources (127.0.0.2–6). */
const BEACON = { host: '127.0.0.7', port: 18610 };

async function main() {
  ensureBrowsers(['chromium']);
  const behaviours: Record<string, 'honest' | 'zero' | 'down'> = { zero: 'zero', down: 'down' };
  const devnet = await startDevnet({
    anvilPort: DEFAULT_DEVNET_PORTS.anvil,
    deployToken: true,
    sources: DEFAULT_DEVNET_SOURCES.map((source, i) => ({
      id: source.id,
      operator: source.operator,
      behaviour: behaviours[source.id] ?? 'honest',
      port: DEFAULT_DEVNET_PORTS.firstSource + i,
      host: new URL(source.url).hostname,
    })),
  });
  const honest = devnet.sourceList.find((s) => s.behaviour === 'honest')!;
  const beacon = await startDevnetBeacon({ ...BEACON, rpcUrl: honest.url });
  const dapp = await serveDapp({ port: DAPP_PORT });
  console.log('Building the development extension (Local devnet preconfigured, with its beacon node)...');
  const wxt = resolve(ROOT, 'node_modules/.bin/wxt');
  execFileSync(wxt, ['build', '--mode', 'development'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ACCORD_DEVNET_BEACON: JSON.stringify({ url: beacon.url, checkpoint: beacon.checkpoint() }) },
  });
  const extensionDir = resolve(ROOT, '.output/chrome-mv3-dev');

  const headed = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  const userDataDir = mkdtempSync(join(tmpdir(), 'accord-start-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: !headed,
    viewport: headed ? null : { width: 1200, height: 800 },
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  const popupUrl = `chrome-extension://${extensionId}/popup.html`;
  const walletPage = await context.newPage();
  await walletPage.goto(popupUrl);
  const dappPage = await context.newPage();
  await dappPage.goto(dapp.url);

  console.log('\nAccord is ready.');
  console.log(`  anvil:        ${devnet.anvilUrl}`);
  for (const source of devnet.sourceList) {
    console.log(`  source ${source.id.padEnd(8)} ${source.url}  (${source.operator}, ${source.behaviour})`);
  }
  console.log(`  beacon API:   ${beacon.url}  (light-client data for anvil's blocks, signed by test keys)`);
  console.log(
    `  checkpoint:   ${beacon.checkpoint()}  (both preconfigured: Networks → Local devnet → Ethereum consensus)`,
  );
  console.log(`  demo dapp:    ${dapp.url}`);
  console.log(`  wallet:       ${popupUrl}`);
  console.log(`  control API:  ${devnet.controlUrl}  (POST /<method> with a JSON array of arguments, e.g.`);
  console.log(`                curl -d '["zero","honest"]' ${devnet.controlUrl}/setBehaviour)`);
  console.log('  Test account: import the phrase "test test test test test test test test test test test junk"');

  if (!headed) {
    const chainId = await dappPage.evaluate(() =>
      (window as unknown as { ethereum: { request(a: { method: string }): Promise<string> } }).ethereum.request({
        method: 'eth_chainId',
      }),
    );
    const screenshotDir = resolve(ROOT, 'test-artifacts');
    mkdirSync(screenshotDir, { recursive: true });
    const screenshot = join(screenshotDir, 'start-wallet.png');
    await walletPage.setViewportSize({ width: 360, height: 600 });
    await walletPage.screenshot({ path: screenshot });
    console.log(`\nNo display found, so Chromium runs headless.`);
    console.log(`  The demo dapp asked the wallet for eth_chainId and got ${chainId}.`);
    console.log(`  Wallet screenshot: ${screenshot}`);
  }
  console.log('\nPress Ctrl-C to stop.');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping...');
    await context.close().catch(() => {});
    rmSync(userDataDir, { recursive: true, force: true });
    await dapp.stop();
    await beacon.stop();
    await devnet.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  context.on('close', stop);
}

main().catch((error) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
