// Firefox ESR: the same popup, installed as a temporary add-on; import the test phrase, see a verified balance,
// and keep the true one while two colluding sources answer zero first.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { formatAmount } from '../../lib/state/format';
import { callRpc, DEFAULT_ACCOUNTS, TEST_MNEMONIC } from '../fixtures/devnet';
import { PASSWORD } from './popup-helpers/popup-page';
import { type FirefoxSession, launchFirefox, openExtensionPageInFirefox, setFirefoxViewport } from './support/browsers';
import { withColludingZeroSources } from './support/colluding';
import { fromPuppeteer, waitIn } from './support/extension-pages';

const env = inject('accord');

describe('Firefox', () => {
  let session: FirefoxSession;
  beforeAll(async () => {
    mkdirSync('test-artifacts/popup', { recursive: true });
    session = await launchFirefox(env.firefoxDir);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('imports a phrase and shows a verified balance', async () => {
    const page = await openExtensionPageInFirefox(session);
    await setFirefoxViewport(page, { width: 360, height: 600 });
    const link = await page.waitForSelector('::-p-text(Import a recovery phrase)', { timeout: 30_000 });
    await link!.click();
    await page.waitForSelector('textarea');
    await page.type('textarea', TEST_MNEMONIC);
    const passwords = await page.$$('input[type="password"]');
    expect(passwords).toHaveLength(2);
    for (const field of passwords) await field.type(PASSWORD);
    await (await page.waitForSelector('button[type="submit"]'))!.click();
    const line = await page.waitForSelector('[data-testid="confirmation-native"][data-status="verified"]', {
      timeout: 90_000,
    });
    expect(await line!.evaluate((el) => el.textContent)).toMatch(
      /^Verified at block \d+ \(header agreed by \d of \d operators\)$/,
    );
    const amount = await page.$eval('[data-testid="balance-native"]', (el) => el.textContent);
    expect(amount).toMatch(/^[\d,]+(\.\d+)? ETH$/);
    expect(amount).not.toBe('0 ETH');
    await page.screenshot({ path: 'test-artifacts/popup/firefox-home.png' });
  });

  it('two colluding zero sources answering first: the balance stays the true one, verified', async () => {
    await withColludingZeroSources(env, async (devnet, anvilUrl) => {
      await devnet.mine(1);
      const head = Number(await callRpc(anvilUrl, 'eth_blockNumber', []));
      const page = await openExtensionPageInFirefox(session);
      await setFirefoxViewport(page, { width: 360, height: 600 });
      // Polled through evaluate: Firefox's extension pages refuse the script waitForFunction injects.
      await waitIn(
        fromPuppeteer(page),
        (minimum) => {
          const el = document.querySelector('[data-testid="confirmation-native"][data-status="verified"]');
          return Number(/block (\d+)/.exec(el?.textContent ?? '')?.[1] ?? -1) >= minimum ? true : null;
        },
        head,
        `a verified balance at block ${head} or later`,
        60_000,
      );
      const line = await page.$eval('[data-testid="confirmation-native"]', (el) => el.textContent ?? '');
      const block = Number(/block (\d+)/.exec(line)![1]);
      const amount = await page.$eval('[data-testid="balance-native"]', (el) => el.textContent);
      const wei = (await callRpc(anvilUrl, 'eth_getBalance', [
        DEFAULT_ACCOUNTS[0].address,
        `0x${block.toString(16)}`,
      ])) as string;
      expect(amount).toBe(formatAmount(BigInt(wei).toString(), 18, 'ETH'));
      expect(amount).not.toMatch(/^0 /);
    });
  });
});
