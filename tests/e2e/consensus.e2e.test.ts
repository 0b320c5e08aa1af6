// The consensus light client in the built extension (Chromium): on the devnet, whose beacon data a fixture
// serves for anvil's blocks signed by a committee of test keys, the popup's network screen takes a beacon
// source and a checkpoint, and home shows the balance "Verified by Ethereum consensus · block N" (the value
// anvil has at N). With the beacon node down, or with one signature bit of its updates flipped, the light
// client is refused, the balance falls back to the operators' header, and both screens say why.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type DevnetBeacon, startDevnetBeacon } from '../fixtures/beacon/devnet-beacon';
import { connectDevnetControl, DEFAULT_ACCOUNTS, TEST_MNEMONIC } from '../fixtures/devnet';
import { anvilBalance, importPhrase, POPUP_SIZE, waitForStatus } from './popup-helpers/popup-page';
import { type ChromiumSession, launchChromium, terminateServiceWorker } from './support/browsers';

const env = inject('accord');
const devnet = connectDevnetControl(env.controlUrl);
const ME = DEFAULT_ACCOUNTS[0].address;
/** Apart from the recorded-data beacon host (127.0.0.12) and the devnet's sources. */
const BEACON_HOST = '127.0.0.13';

let session: ChromiumSession;
let beacon: DevnetBeacon;
let page: Page;
let anvilUrl: string;

beforeAll(async () => {
  anvilUrl = (await devnet.info()).anvilUrl;
  const honest = env.sources.find((s) => s.id === 'bravo')!;
  beacon = await startDevnetBeacon({ host: BEACON_HOST, rpcUrl: honest.url });
  session = await launchChromium(env.chromeDir);
  page = await session.context.newPage();
  await page.setViewportSize(POPUP_SIZE);
  await page.goto(session.popupUrl);
  await importPhrase(page, TEST_MNEMONIC);
  await waitForStatus(page, 'verified');
});

afterAll(async () => {
  await session?.close();
  await beacon?.stop();
});

async function setCheckpoint(root: string) {
  await page.goto(`${session.popupUrl}#/networks/31337`);
  const field = page.getByLabel('Checkpoint block root');
  await field.fill(root);
  await page.getByRole('button', { name: 'Save checkpoint' }).click();
  await expect.poll(() => field.inputValue()).toBe(root);
}

async function homeLine(match: RegExp) {
  await page.goto(`${session.popupUrl}#/`);
  return waitForStatus(page, 'verified', { accept: (r) => match.test(r.line), timeoutMs: 90_000 });
}

async function lightClientStatus(): Promise<string> {
  await page.goto(`${session.popupUrl}#/networks/31337`);
  const status = page.getByTestId('light-client-status').getByRole('status');
  await status.waitFor();
  return (await status.textContent()) ?? '';
}

describe('consensus light client on the devnet (Chromium)', () => {
  it('a beacon source and checkpoint set on the network screen: the balance is verified by Ethereum consensus', async () => {
    await page.goto(`${session.popupUrl}#/networks/31337`);
    await page.getByLabel('Beacon API URL').fill(beacon.url);
    await page.getByLabel('Beacon operator').fill('Devnet beacon');
    await page.getByRole('button', { name: 'Add beacon source' }).click();
    await page.getByRole('list', { name: 'Beacon sources' }).getByText(beacon.url).waitFor();
    await setCheckpoint(beacon.checkpoint());

    const reading = await homeLine(/^Verified by Ethereum consensus · block \d+$/);
    expect(reading.block).not.toBeNull();
    expect(reading.amount).toBe(await anvilBalance(anvilUrl, ME, reading.block!));
    expect(beacon.requests.some((path) => path.includes('/light_client/bootstrap/'))).toBe(true);

    await expect.poll(lightClientStatus, { timeout: 30_000 }).toMatch(/^Running · verified block \d+$/);
    const facts = await page.getByTestId('light-client-status').locator('dl').textContent();
    expect(facts).toMatch(/Participation512 of 512 signed/);
  });

  it('a stopped service worker resumes from its stored snapshot: verified by consensus again, no new bootstrap', async () => {
    const before = beacon.requests.length;
    await terminateServiceWorker(session);
    // A fresh popup document: its balances come from the restarted worker, not from the page's last view.
    await page.goto('about:blank');
    const reading = await homeLine(/^Verified by Ethereum consensus · block \d+$/);
    expect(reading.amount).toBe(await anvilBalance(anvilUrl, ME, reading.block!));
    const asked = beacon.requests.slice(before);
    expect(asked.some((path) => path.includes('/light_client/optimistic_update'))).toBe(true);
    expect(asked.some((path) => path.includes('/light_client/bootstrap/'))).toBe(false);
  });

  it('with the beacon node down, a new checkpoint cannot start: the balance falls back and says why', async () => {
    const checkpoint = await beacon.newCheckpoint();
    beacon.setMode('down');
    await setCheckpoint(checkpoint);
    const reading = await homeLine(
      /^Verified against the operators' header at block \d+ \(header agreed by \d+ of \d+ operators\), not by Ethereum consensus: the light client failed: no beacon source answered/,
    );
    expect(reading.amount).toBe(await anvilBalance(anvilUrl, ME, reading.block!));
  });

  it('with one signature bit of the updates flipped, the update is refused and both screens say why', async () => {
    beacon.setMode('tamper-signature');
    await setCheckpoint(await beacon.newCheckpoint());
    const reading = await homeLine(
      /not by Ethereum consensus: the light client failed: sync committee signature does not (decode|verify)/,
    );
    expect(reading.line).toMatch(/^Verified against the operators' header at block \d+/);
    await expect
      .poll(lightClientStatus, { timeout: 30_000 })
      .toMatch(/^Not verifying: sync committee signature does not (decode|verify).*\(check: signature\)$/);
  });
});
