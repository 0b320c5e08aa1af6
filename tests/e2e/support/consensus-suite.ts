// The consensus light client in the built extension, the same steps in Chromium (consensus.e2e.test.ts) and
// Firefox (consensus-firefox.e2e.test.ts). Anvil has no beacon chain, so a fixture serves light-client data
// for anvil's blocks signed by a committee of test keys. On the network screen the user adds the beacon
// source and a checkpoint; home then shows the balance "Verified by Ethereum consensus · block N" (the value
// anvil has at N), or at the finalized block when the network is set to verify there. With the beacon node
// down, or one signature bit of its updates flipped, the light client is refused, the balance falls back to
// the operators' header, and both screens say why.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type DevnetBeacon, startDevnetBeacon } from '../../fixtures/beacon/devnet-beacon';
import { connectDevnetControl, DEFAULT_ACCOUNTS } from '../../fixtures/devnet';
import { anvilBalance } from '../popup-helpers/popup-page';
import { type AnyPage, clickButton, type ExtensionBrowser, fill, tick, waitIn } from './extension-pages';

const ME = DEFAULT_ACCOUNTS[0].address;
const NETWORK = '#/networks/31337';

export interface ConsensusSuiteBrowser {
  /** Launches the browser with the extension and imports TEST_MNEMONIC into the wallet. */
  start(): Promise<ExtensionBrowser>;
  stop(): Promise<void>;
  /** Stops the background (Chromium's service worker); absent where a test cannot force it. */
  stopBackground?(): Promise<void>;
  /** Loopback host of the beacon fixture, apart from every other fixture's. */
  beaconHost: string;
}

type HomeReading = { amount: string; line: string; block: number };

export function consensusSuite(browserName: string, launcher: ConsensusSuiteBrowser): void {
  const env = inject('accord');
  const devnet = connectDevnetControl(env.controlUrl);
  let browser: ExtensionBrowser;
  let beacon: DevnetBeacon;
  let anvilUrl: string;

  beforeAll(async () => {
    anvilUrl = (await devnet.info()).anvilUrl;
    const honest = env.sources.find((s) => s.id === 'bravo')!;
    beacon = await startDevnetBeacon({ host: launcher.beaconHost, rpcUrl: honest.url });
    browser = await launcher.start();
  });

  afterAll(async () => {
    await launcher.stop();
    await beacon?.stop();
  });

  /** Opens the popup at `route`, runs `steps` there, and closes it. */
  async function at<T>(route: string, steps: (page: AnyPage) => Promise<T>): Promise<T> {
    const page = await browser.popup(route);
    try {
      return await steps(page);
    } finally {
      await page.close();
    }
  }

  /** Home's native balance once it is verified with a line matching `match`. */
  function homeLine(match: RegExp): Promise<HomeReading> {
    return at('#/', (page) =>
      waitIn(
        page,
        (pattern) => {
          const line = document.querySelector('[data-testid="confirmation-native"][data-status="verified"]');
          const text = line?.textContent ?? '';
          const block = /block (\d+)/.exec(text);
          if (!block || !new RegExp(pattern).test(text)) return null;
          const amount = document.querySelector('[data-testid="balance-native"]')?.textContent ?? '';
          return { amount, line: text, block: Number(block[1]) };
        },
        match.source,
        `a verified balance whose line matches ${match}`,
        90_000,
      ),
    );
  }

  /** The light client's status line and facts on the network screen, once `accept` takes them. */
  function lightClient(accept: RegExp): Promise<{ status: string; facts: string }> {
    return at(NETWORK, (page) =>
      waitIn(
        page,
        (pattern) => {
          const card = document.querySelector('[data-testid="light-client-status"]');
          const status = card?.querySelector('[role="status"]')?.textContent ?? '';
          if (!new RegExp(pattern).test(status)) return null;
          return { status, facts: card?.querySelector('dl')?.textContent ?? '' };
        },
        accept.source,
        `the light client's status matching ${accept}`,
        60_000,
      ),
    );
  }

  async function setCheckpoint(root: string) {
    await at(NETWORK, async (page) => {
      await fill(page, 'Checkpoint block root', root);
      await clickButton(page, 'Save checkpoint');
      // Saved: the field shows the stored (lower-case) root once the network is read back.
      await waitIn(
        page,
        (expected) => {
          const label = [...document.querySelectorAll('label')].find((l) =>
            l.textContent?.trim().startsWith('Checkpoint block root'),
          );
          const input = label?.htmlFor ? (document.getElementById(label.htmlFor) as HTMLInputElement) : null;
          const saved = [...document.querySelectorAll('[role="alert"]')].map((e) => e.textContent).join(' ');
          return input?.value === expected && !saved ? true : null;
        },
        root,
        'the checkpoint saved',
      );
    });
  }

  async function verifyAt(choice: 'Newest signed block' | 'Finalized block') {
    await at(NETWORK, async (page) => {
      await tick(page, choice);
      await waitIn(
        page,
        (label) => {
          const found = [...document.querySelectorAll('label')].find((l) => l.textContent?.trim().startsWith(label));
          const box = found?.htmlFor ? (document.getElementById(found.htmlFor) as HTMLInputElement) : null;
          return box?.checked && !box.disabled ? true : null;
        },
        choice,
        `"${choice}" chosen`,
      );
    });
  }

  describe(`consensus light client on the devnet (${browserName})`, () => {
    it('a beacon source and checkpoint set on the network screen: the balance is verified by Ethereum consensus', async () => {
      await at(NETWORK, async (page) => {
        await fill(page, 'Beacon API URL', beacon.url);
        await fill(page, 'Beacon operator', 'Devnet beacon');
        await clickButton(page, 'Add beacon source');
        await waitIn(
          page,
          (url) =>
            document.querySelector('ul[aria-label="Beacon sources"]')?.textContent?.includes(url) ? true : null,
          beacon.url,
          'the beacon source listed',
        );
      });
      await setCheckpoint(beacon.checkpoint());

      const reading = await homeLine(/^Verified by Ethereum consensus · block \d+$/);
      expect(reading.amount).toBe(await anvilBalance(anvilUrl, ME, reading.block));
      expect(beacon.requests.some((path) => path.includes('/light_client/bootstrap/'))).toBe(true);

      const { facts } = await lightClient(/^Running · verified block \d+$/);
      expect(facts).toMatch(/Participation512 of 512 signed/);
    });

    it('set to verify at the finalized block: the balance at the block the committee finalized, saying so', async () => {
      await devnet.mine(2);
      await verifyAt('Finalized block');
      const reading = await homeLine(/^Verified by Ethereum consensus · finalized block \d+$/);
      expect(reading.amount).toBe(await anvilBalance(anvilUrl, ME, reading.block));
      const { facts } = await lightClient(/^Running · verified block \d+$/);
      // Finality only moves forward, and the fixture finalizes the block before anvil's latest.
      const finalized = Number(/Finalizedslot \d+ · block (\d+)/.exec(facts)?.[1]);
      const optimistic = Number(/Optimistic headslot \d+ · block (\d+)/.exec(facts)?.[1]);
      expect(reading.block).toBeLessThanOrEqual(finalized);
      expect(reading.block).toBeLessThan(optimistic);

      await verifyAt('Newest signed block');
      await homeLine(/^Verified by Ethereum consensus · block \d+$/);
    });

    if (launcher.stopBackground) {
      const stopBackground = launcher.stopBackground;
      it('a stopped background resumes from its stored snapshot: verified by consensus again, no new bootstrap', async () => {
        const before = beacon.requests.length;
        await stopBackground();
        const reading = await homeLine(/^Verified by Ethereum consensus · block \d+$/);
        expect(reading.amount).toBe(await anvilBalance(anvilUrl, ME, reading.block));
        // The snapshot answers at once; the worker then advances from it, behind the read.
        const asked = () => beacon.requests.slice(before);
        await expect
          .poll(() => asked().some((path) => path.includes('/light_client/optimistic_update')), { timeout: 30_000 })
          .toBe(true);
        expect(asked().some((path) => path.includes('/light_client/bootstrap/'))).toBe(false);
      });
    }

    it('with the beacon node down, a new checkpoint cannot start: the balance falls back and says why', async () => {
      const checkpoint = await beacon.newCheckpoint();
      beacon.setMode('down');
      await setCheckpoint(checkpoint);
      const reading = await homeLine(
        /^Verified against the operators' header at block \d+ \(header agreed by \d+ of \d+ operators\), not by Ethereum consensus: the light client failed: no beacon source answered/,
      );
      expect(reading.amount).toBe(await anvilBalance(anvilUrl, ME, reading.block));
    });

    it('with one signature bit of the updates flipped, the update is refused and both screens say why', async () => {
      beacon.setMode('tamper-signature');
      await setCheckpoint(await beacon.newCheckpoint());
      const reading = await homeLine(
        /not by Ethereum consensus: the light client failed: sync committee signature does not (decode|verify)/,
      );
      expect(reading.line).toMatch(/^Verified against the operators' header at block \d+/);
      const { status } = await lightClient(/^Not verifying: sync committee signature/);
      expect(status).toMatch(
        /^Not verifying: sync committee signature does not (decode|verify).*\(check: signature\)$/,
      );
    });
  });
}
