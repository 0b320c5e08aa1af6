// Consensus section of `npm run bench`: what the light client costs. Verifying one sync-committee period
// update and one finality update (recorded mainnet Capella chain, in node), a restarted background's way back
// to a verified head (from its stored snapshot, against syncing from the checkpoint again), and the bytes the
// light client adds to a bundle (lib/consensus minified as the extension bundles it: noble sha256 in place of
// as-sha256, the buffer package; viem left out, the background has it anyway). Then the same in Chromium's
// service worker: the devnet with its beacon fixture (a committee of test keys signing anvil's blocks), the
// time each finality and optimistic update took to check there, and a stopped worker → popup → verified by
// consensus again.
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { MAINNET } from '../../lib/consensus/config';
import { bootstrapFromJson, parseFork, updateFromJson } from '../../lib/consensus/containers';
import { LightClient } from '../../lib/consensus/light-client';
import type { LightClientView, PopupRequestEnvelope } from '../../lib/messages/popup-api';
import type { KeyValueArea } from '../../lib/storage/areas';
import { createLightClients } from '../../lib/wallet/light-clients';
import { importPhrase, waitForStatus } from '../../tests/e2e/popup-helpers/popup-page';
import { type ChromiumSession, launchChromium, terminateServiceWorker } from '../../tests/e2e/support/browsers';
import { startDevnetBeacon } from '../../tests/fixtures/beacon/devnet-beacon';
import { capella, capellaBeaconData } from '../../tests/fixtures/beacon/recorded';
import { startBeaconServer } from '../../tests/fixtures/beacon/server';
import { startDevnet, TEST_MNEMONIC } from '../../tests/fixtures/devnet';
import { type BenchReport, percentile } from './report';

const RUNS = 7;
const options = { config: MAINNET, now: () => Date.parse(capella.at) };

function ms(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

/** One period update (the first after the bootstrap: its committee decoded then) and the finality update. */
function updateTimes() {
  const period: number[] = [];
  const finality: number[] = [];
  const b = capella.bootstrap();
  const updates = capella.updates().map((u) => updateFromJson('update', parseFork(u.version), u.data));
  const f = capella.finality();
  for (let i = 0; i < RUNS; i++) {
    const client = LightClient.fromBootstrap(
      options,
      capella.checkpoint,
      bootstrapFromJson(parseFork(b.version), b.data),
    );
    period.push(ms(() => client.processUpdate(updates[0])));
    for (const update of updates.slice(1)) client.processUpdate(update);
    const update = updateFromJson('finality', parseFork(f.version), f.data);
    finality.push(ms(() => client.processUpdate(update)));
  }
  return { period: period.sort((x, y) => x - y), finality: finality.sort((x, y) => x - y) };
}

function memoryArea(): KeyValueArea {
  const items = new Map<string, unknown>();
  return {
    get: async (keys) =>
      Object.fromEntries(
        (Array.isArray(keys) ? keys : [keys]).filter((k) => items.has(k)).map((k) => [k, items.get(k)]),
      ),
    set: async (values) => {
      for (const [k, v] of Object.entries(values)) items.set(k, structuredClone(v));
    },
    remove: async (keys) => {
      for (const k of Array.isArray(keys) ? keys : [keys]) items.delete(k);
    },
  };
}

/** A fresh service per "worker start": from the checkpoint (empty storage) and from the stored snapshot. */
async function restartTimes() {
  const node = await startBeaconServer({ data: capellaBeaconData() });
  const service = (area: KeyValueArea) =>
    createLightClients({
      area,
      settingsFor: async () => ({
        beaconSources: [{ id: 'recorded', url: node.url, operator: 'recorded' }],
        checkpoint: capella.checkpoint,
        chain: MAINNET,
      }),
      now: options.now,
    });
  const fresh: number[] = [];
  const resumed: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const area = memoryArea();
      let started = performance.now();
      await service(area).head(1);
      fresh.push(performance.now() - started);
      started = performance.now();
      const head = await service(area).head(1);
      resumed.push(performance.now() - started);
      if (!head || !('number' in head)) throw new Error(`no verified head after a restart: ${JSON.stringify(head)}`);
    }
  } finally {
    await node.stop();
  }
  return { fresh: fresh.sort((x, y) => x - y), resumed: resumed.sort((x, y) => x - y) };
}

async function bundleBytes() {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../../lib/consensus/index.ts', import.meta.url))],
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    external: ['viem'],
    alias: { '@chainsafe/as-sha256': fileURLToPath(new URL('../../lib/consensus/pure-sha256.ts', import.meta.url)) },
    inject: [fileURLToPath(new URL('./buffer-global.ts', import.meta.url))],
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  return { bytes: code.length, gzip: gzipSync(code).length };
}

const ROOT = resolve(import.meta.dirname, '../..');
const WORKER_RESTARTS = 5;

/** A popup call made from the popup page, as the popup makes it. */
async function callFromPopup<T>(page: import('playwright-core').Page, method: string, params: unknown): Promise<T> {
  const answer = (await page.evaluate(
    (message) =>
      (
        globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }
      ).chrome.runtime.sendMessage(message),
    {
      type: 'popup:request',
      method,
      params,
    } as PopupRequestEnvelope,
  )) as { ok: boolean; result?: T; error?: { message: string } };
  if (!answer.ok) throw new Error(`${method}: ${answer.error?.message}`);
  return answer.result as T;
}

/** Opens the popup and returns ms from navigation until the native balance is verified by consensus. */
async function popupUntilConsensus(
  session: ChromiumSession,
): Promise<{ ms: number; page: import('playwright-core').Page }> {
  const page = await session.context.newPage();
  await page.goto(session.popupUrl);
  await page.waitForFunction(
    () =>
      document
        .querySelector('[data-testid="confirmation-native"][data-status="verified"]')
        ?.textContent?.startsWith('Verified by Ethereum consensus'),
    undefined,
    { polling: 'raf', timeout: 60_000 },
  );
  return { ms: await page.evaluate(() => performance.now()), page };
}

/**
 * Check time of the finality update the worker took since it started (the fixture's optimistic update
 * attests the same slot, so the light client skips it as nothing new).
 */
async function workerCheckTimes(page: import('playwright-core').Page): Promise<LightClientView['checkMs']> {
  let view: LightClientView | null = null;
  for (let i = 0; i < 100; i++) {
    view = await callFromPopup<LightClientView>(page, 'consensus/status', { chainId: 31337 });
    if (view.checkMs.finality !== undefined) return view.checkMs;
    await page.waitForTimeout(100);
  }
  throw new Error(`the worker never reported its update check times: ${JSON.stringify(view)}`);
}

/** The built development extension in Chromium, on the devnet with its beacon fixture. */
async function serviceWorkerTimes() {
  const devnet = await startDevnet({
    sources: [
      { id: 'alpha', operator: 'Alpha Cloud', behaviour: 'honest' },
      { id: 'bravo', operator: 'Bravo Hosting', behaviour: 'honest' },
      { id: 'charlie', operator: 'Charlie Nodes', behaviour: 'honest' },
    ],
  });
  const sources = devnet.sourceList.map(({ id, url, operator }) => ({ id, url, operator }));
  execFileSync(
    join(ROOT, 'node_modules/.bin/wxt'),
    ['build', '-c', 'scripts/bench/wxt.bench.config.ts', '--mode', 'development'],
    {
      cwd: ROOT,
      env: { ...process.env, ACCORD_DEVNET: JSON.stringify(sources) },
      stdio: 'pipe',
    },
  );
  const beacon = await startDevnetBeacon({ host: '127.0.0.13', rpcUrl: sources[1].url });
  const session = await launchChromium(join(ROOT, '.output/bench/chrome-mv3-dev'));
  const finality: number[] = [];
  const restarts: number[] = [];
  try {
    const setup = await session.context.newPage();
    await setup.goto(session.popupUrl);
    await importPhrase(setup, TEST_MNEMONIC);
    await waitForStatus(setup, 'verified');
    await callFromPopup(setup, 'consensus/addSource', { chainId: 31337, url: beacon.url, operator: 'Devnet beacon' });
    await callFromPopup(setup, 'consensus/setCheckpoint', { chainId: 31337, checkpoint: beacon.checkpoint() });
    await setup.close();
    const first = await popupUntilConsensus(session);
    await first.page.close();
    for (let i = 0; i < WORKER_RESTARTS; i++) {
      await terminateServiceWorker(session);
      const { ms, page } = await popupUntilConsensus(session);
      restarts.push(ms);
      const checked = await workerCheckTimes(page);
      finality.push(checked.finality!);
      await page.close();
    }
    return {
      first: first.ms,
      restarts: restarts.sort((x, y) => x - y),
      finality: finality.sort((x, y) => x - y),
    };
  } finally {
    await session.close();
    await beacon.stop();
    await devnet.stop();
  }
}

export async function benchConsensus(): Promise<BenchReport> {
  const updates = updateTimes();
  const restart = await restartTimes();
  const bundle = await bundleBytes();
  const worker = await serviceWorkerTimes();
  const row = (label: string, sorted: number[]) =>
    sorted.length === 0
      ? [label, '—', '—']
      : [label, percentile(sorted, 0.5).toFixed(1), Math.max(...sorted).toFixed(1)];
  return {
    tables: [
      {
        title: `Light client verification (node, recorded mainnet Capella chain, ${RUNS} runs)`,
        headers: ['measure', 'p50 ms', 'max ms'],
        rows: [
          row('one sync-committee period update (signature, branches, next committee)', updates.period),
          row('one finality update', updates.finality),
          row(
            'background start, empty storage → verified head (bootstrap + 6 periods + finality + optimistic)',
            restart.fresh,
          ),
          row('background restart, stored snapshot → verified head', restart.resumed),
        ],
      },
      {
        title: `In Chromium's service worker (built development extension, devnet beacon fixture: 512 test keys sign anvil's blocks, Electra; ${WORKER_RESTARTS} worker stops)`,
        headers: ['measure', 'p50 ms', 'max ms'],
        rows: [
          row('one finality update checked in the worker (signature, branches)', worker.finality),
          row('worker stopped → popup opened → balance verified by consensus (snapshot restored)', worker.restarts),
          ['first popup after the checkpoint is set → verified by consensus (bootstrap)', worker.first.toFixed(1), '—'],
        ],
      },
      {
        title: 'Bytes the light client adds (lib/consensus as bundled for the background, minified, viem excluded)',
        headers: ['size', 'gzip'],
        rows: [[`${(bundle.bytes / 1024).toFixed(1)} KB`, `${(bundle.gzip / 1024).toFixed(1)} KB`]],
      },
    ],
    notes: [
      'The first table is measured in node on recorded mainnet data (the devnet fixture serves no period updates).',
      "Its restart rows use the wallet's light-client service over a loopback beacon node serving the recorded data.",
      'Worker rows: check times are what the light client recorded around each update it accepted in the worker;',
      'the popup rows run from navigation start until the line reads "Verified by Ethereum consensus".',
    ],
  };
}
