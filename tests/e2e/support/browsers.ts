// Launches the real built extension in Debian's Chromium (playwright-core) and Firefox ESR
// (puppeteer-core over WebDriver BiDi, temporary add-on).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';
import puppeteer, { type Browser as PuppeteerBrowser } from 'puppeteer-core';
import { TEST_MNEMONIC } from '../../fixtures/devnet';
import { importPhrase, PASSWORD } from '../popup-helpers/popup-page';

export const CHROMIUM_PATH = process.env.ACCORD_CHROMIUM ?? '/usr/lib/chromium/chromium';
export const FIREFOX_PATH = process.env.ACCORD_FIREFOX ?? '/usr/bin/firefox-esr';
export const FIREFOX_ADDON_ID = 'wallet@accord.invalid';

export interface ChromiumSession {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: () => Promise<Worker>;
  popupUrl: string;
  close(): Promise<void>;
}

export async function launchChromium(extensionDir: string): Promise<ChromiumSession> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'accord-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const firstWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(firstWorker.url()).host;
  const serviceWorker = async () => {
    const live = context.serviceWorkers().find((w) => w.url().includes(extensionId));
    return live ?? (await context.waitForEvent('serviceworker'));
  };
  return {
    context,
    extensionId,
    serviceWorker,
    popupUrl: `chrome-extension://${extensionId}/popup.html`,
    async close() {
      await context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Stops the extension's service worker the way the browser does when it goes idle. */
export async function terminateServiceWorker(session: ChromiumSession): Promise<void> {
  const page = await session.context.newPage();
  const cdp = await session.context.newCDPSession(page);
  const { targetInfos } = (await cdp.send('Target.getTargets')) as {
    targetInfos: { targetId: string; type: string; url: string }[];
  };
  const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.includes(session.extensionId));
  if (!worker) throw new Error('Accord service worker is not running');
  await cdp.send('ServiceWorker.enable').catch(() => {});
  await cdp.send('Target.closeTarget', { targetId: worker.targetId });
  await page.close();
}

export interface FirefoxSession {
  browser: PuppeteerBrowser;
  popupUrl: string;
  close(): Promise<void>;
}

export async function launchFirefox(extensionDir: string): Promise<FirefoxSession> {
  const uuid = crypto.randomUUID();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_ADDON_ID]: uuid }),
      'network.proxy.allow_hijacking_localhost': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'app.update.enabled': false,
    },
  });
  await browser.installExtension(extensionDir);
  return {
    browser,
    popupUrl: `moz-extension://${uuid}/popup.html`,
    async close() {
      await browser.close().catch(() => {});
    },
  };
}

export async function openExtensionPageInFirefox(session: FirefoxSession, path = 'popup.html') {
  const page = await session.browser.newPage();
  // Navigations to moz-extension:// never resolve over BiDi; wait for content instead.
  page.goto(session.popupUrl.replace('popup.html', path)).catch(() => {});
  return page;
}

/**
 * Sets a Firefox page's viewport. Puppeteer sends the viewport and a screen orientation together; Firefox
 * ESR 140 knows only the first (the viewport is set, the orientation command is refused).
 */
export async function setFirefoxViewport(
  page: Awaited<ReturnType<typeof openExtensionPageInFirefox>>,
  size: { width: number; height: number },
): Promise<void> {
  await page.setViewport(size).catch((error: Error) => {
    if (!error.message.includes('setScreenOrientationOverride')) throw error;
  });
}

/** Imports the test phrase in the popup and waits until a balance is shown. */
export async function importPhraseInFirefox(firefox: FirefoxSession): Promise<void> {
  const page = await openExtensionPageInFirefox(firefox);
  const link = await page.waitForSelector('::-p-text(Import a recovery phrase)', { timeout: 30_000 });
  await link!.click();
  await page.waitForSelector('textarea');
  await page.type('textarea', TEST_MNEMONIC);
  for (const field of await page.$$('input[type="password"]')) await field.type(PASSWORD);
  await (await page.waitForSelector('button[type="submit"]'))!.click();
  await page.waitForSelector('[data-testid="balance-native"]', { timeout: 90_000 });
  await page.close();
}

/** Imports the test phrase in Chromium's popup and waits until a balance is shown. */
export async function importPhraseInChromium(session: ChromiumSession): Promise<void> {
  const popup = await session.context.newPage();
  await popup.goto(session.popupUrl);
  await importPhrase(popup, TEST_MNEMONIC);
  await popup.getByTestId('balance-native').waitFor({ timeout: 30_000 });
  await popup.close();
}

/** A browser with the extension and the test phrase imported, started and stopped by a suite. */
function walletIn<S extends { close(): Promise<void> }>(
  browserName: string,
  launch: () => Promise<S>,
  importTestPhrase: (session: S) => Promise<void>,
) {
  let session: S | undefined;
  return {
    get session(): S {
      if (!session) throw new Error(`${browserName} is not started`);
      return session;
    },
    async start(): Promise<S> {
      session = await launch();
      await importTestPhrase(session);
      return session;
    },
    async stop(): Promise<void> {
      await session?.close();
    },
  };
}

export const chromiumWallet = (extensionDir: string) =>
  walletIn('Chromium', () => launchChromium(extensionDir), importPhraseInChromium);

export const firefoxWallet = (extensionDir: string) =>
  walletIn('Firefox', () => launchFirefox(extensionDir), importPhraseInFirefox);

export type { Page };
