// Firefox ESR: the same popup, installed as a temporary add-on; import the test phrase, see a verified balance.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TEST_MNEMONIC } from '../fixtures/devnet';
import { PASSWORD } from './popup-helpers/popup-page';
import { type FirefoxSession, launchFirefox, openExtensionPageInFirefox } from './support/browsers';

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
    await page.setViewport({ width: 360, height: 600 });
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
});
