// Firefox ESR: a closed popup cannot skip the backup, and Forgot password shows only the erase form.
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PASSWORD } from './popup-helpers/popup-page';
import { type FirefoxSession, launchFirefox, openExtensionPageInFirefox } from './support/browsers';

const env = inject('accord');

async function open(session: FirefoxSession, hash = ''): Promise<Page> {
  const page = await openExtensionPageInFirefox(session, `popup.html${hash}`);
  await page.setViewport({ width: 360, height: 600 });
  return page;
}

async function click(page: Page, text: string): Promise<void> {
  await (await page.waitForSelector(`::-p-text(${text})`, { timeout: 30_000 }))!.click();
}

async function typePassword(page: Page, password: string): Promise<void> {
  const field = await page.waitForSelector('input[type="password"]');
  await field!.click({ clickCount: 3 });
  await field!.type(password);
}

const alertTexts = (page: Page) => page.$$eval('[role="alert"]', (list) => list.map((e) => e.textContent ?? ''));

describe('Firefox: backup and forgot password', () => {
  let session: FirefoxSession;
  beforeAll(async () => {
    session = await launchFirefox(env.firefoxDir);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('a popup closed on the phrase reopens to the reminder; confirming the words ends it', async () => {
    const first = await open(session);
    await click(first, 'Create a new wallet');
    const passwords = await first.$$('input[type="password"]');
    for (const field of passwords) await field.type(PASSWORD);
    await click(first, 'Continue');
    await first.waitForSelector('[data-testid="recovery-phrase"]', { timeout: 30_000 });
    const words = await first.$$eval('[data-testid="recovery-phrase"] .phrase-word', (list) =>
      list.map((e) => e.textContent ?? ''),
    );
    expect(words).toHaveLength(12);
    await first.close();

    const page = await open(session);
    await page.waitForSelector('[data-testid="backup-reminder"]', { timeout: 30_000 });
    await click(page, 'Back up now');
    await typePassword(page, PASSWORD);
    await click(page, 'Show phrase');
    await page.waitForSelector('[data-testid="recovery-phrase"]');
    await click(page, 'I wrote it down');
    for (const word of words) {
      await page.evaluate((w) => {
        const chip = [...document.querySelectorAll<HTMLButtonElement>('.word-chips button:not([disabled])')].find(
          (b) => b.textContent === w,
        );
        chip?.click();
      }, word);
    }
    await click(page, 'Finish');
    await page.waitForSelector('[data-testid="confirmation-native"][data-status="verified"]', { timeout: 90_000 });
    expect(await page.$('[data-testid="backup-reminder"]')).toBeNull();
  });

  it('a known chain id is refused with the network to edit; a source URL in another spelling is a duplicate', async () => {
    const page = await open(session, '#/networks');
    await click(page, 'Add network');
    await (await page.waitForSelector('input[inputmode="numeric"]'))!.type('31337');
    const name = await page.waitForSelector('::-p-aria(Network name)');
    await name!.type('Dup devnet');
    await (await page.waitForSelector('form[aria-label="Add network"] button[type="submit"]'))!.click();
    await page.waitForSelector('[role="alert"]');
    expect(await alertTexts(page)).toEqual([
      'Chain 31337 is already in your networks as Local devnet. Edit Local devnet instead of adding it again.',
    ]);
    await click(page, 'Edit the existing network');
    await page.waitForSelector('form[aria-label="Add source"]');
    const bravo = env.sources.find((s) => s.id === 'bravo')!.url;
    await (await page.waitForSelector('::-p-aria(Source URL)'))!.type(`${bravo.toUpperCase()}/`);
    await (await page.waitForSelector('::-p-aria(Operator)'))!.type('Me');
    await (await page.waitForSelector('form[aria-label="Add source"] button[type="submit"]'))!.click();
    await page.waitForFunction(() => document.querySelector('[role="alert"]')?.textContent?.includes('already'));
    expect(await alertTexts(page)).toEqual([`${bravo} is already a source of Local devnet (bravo).`]);
  });

  it('Forgot password shows only the erase form, without the old unlock error', async () => {
    const page = await open(session);
    await click(page, 'Lock');
    await typePassword(page, 'not the password');
    await click(page, 'Unlock');
    await page.waitForSelector('[role="alert"]');
    expect(await alertTexts(page)).toEqual(['Incorrect password']);
    await click(page, 'Forgot password?');
    await page.waitForSelector('::-p-text(Erase wallet)');
    expect(await alertTexts(page)).toEqual([]);
    const visibleForms = await page.$$eval('form', (list) => list.filter((f) => f.getClientRects().length > 0).length);
    expect(visibleForms).toBe(1);
    expect(await page.$('input[type="password"]')).toBeNull();
  });
});
