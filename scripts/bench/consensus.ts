// Consensus section of `npm run bench`: what the light client costs. Verifying one sync-committee period
// update and one finality update (recorded mainnet Capella chain, in node), a restarted background's way back
// to a verified head (from its stored snapshot, against syncing from the checkpoint again), and the bytes the
// light client adds to a bundle (lib/consensus minified as the extension bundles it: noble sha256 in place of
// as-sha256, the buffer package; viem left out, the background has it anyway).
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { MAINNET } from '../../lib/consensus/config';
import { bootstrapFromJson, parseFork, updateFromJson } from '../../lib/consensus/containers';
import { LightClient } from '../../lib/consensus/light-client';
import type { KeyValueArea } from '../../lib/storage/areas';
import { createLightClients } from '../../lib/wallet/light-clients';
import { capella, capellaBeaconData } from '../../tests/fixtures/beacon/recorded';
import { startBeaconServer } from '../../tests/fixtures/beacon/server';
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

export async function benchConsensus(): Promise<BenchReport> {
  const updates = updateTimes();
  const restart = await restartTimes();
  const bundle = await bundleBytes();
  const row = (label: string, sorted: number[]) => [
    label,
    percentile(sorted, 0.5).toFixed(1),
    Math.max(...sorted).toFixed(1),
  ];
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
        title: 'Bytes the light client adds (lib/consensus as bundled for the background, minified, viem excluded)',
        headers: ['size', 'gzip'],
        rows: [[`${(bundle.bytes / 1024).toFixed(1)} KB`, `${(bundle.gzip / 1024).toFixed(1)} KB`]],
      },
    ],
    notes: [
      'Measured in node; the service worker runs the same code (TOOLCHAIN.md measured an update at 11–17 ms in Chromium).',
      "The restart rows use the wallet's light-client service over a loopback beacon node serving the recorded data.",
    ],
  };
}
