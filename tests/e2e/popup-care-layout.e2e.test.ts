// Layout and words against a stand-in background (no devnet needed): a long account name, the connect
// approval's checkboxes, Settings' explanation, "Copied", the switch approval's network names, backup reminder.
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { installMockBackground, type MockScenario } from './popup-helpers/mock-background';
import { type StaticServer, serveDirectory } from './popup-helpers/static-server';
import { CHROMIUM_PATH } from './support/browsers';

const env = inject('accord');
const LONG_NAME = 'My very long savings account name!!!!!!';

let browser: Browser;
let context: BrowserContext;
let server: StaticServer;

beforeAll(async () => {
  server = await serveDirectory(env.chromeDir);
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  context = await browser.newContext({ viewport: { width: 360, height: 600 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The stand-in background, with the status patched (a long account name, a pending backup, ...). */
async function open(scenario: MockScenario, hash: string, status: Record<string, unknown> = {}): Promise<Page> {
  const page = await context.newPage();
  await page.addInitScript(installMockBackground, scenario);
  await page.addInitScript(
    (patch) => {
      const runtime = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } })
        .chrome.runtime;
      const send = runtime.sendMessage.bind(runtime);
      runtime.sendMessage = async (message: unknown) => {
        const answer = (await send(message)) as { ok: boolean; result: Record<string, unknown> };
        const method = (message as { method: string }).method;
        if (method !== 'wallet/status' || !answer.result) return answer;
        const accounts = answer.result.accounts as { name: string }[];
        const named = patch.firstName ? [{ ...accounts[0], name: patch.firstName }, ...accounts.slice(1)] : accounts;
        return { ...answer, result: { ...answer.result, ...patch.status, accounts: named } };
      };
    },
    { status, firstName: status.firstName ?? null },
  );
  await page.goto(`${server.url}/popup.html${hash}`);
  return page;
}

const top = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((e) => Math.round(e.getBoundingClientRect().top));

describe('layout and words (mock background)', () => {
  it('a long account name does not push Lock to a second line', async () => {
    const page = await open('confirmed', '#/', { firstName: LONG_NAME });
    await page.getByRole('button', { name: 'Lock' }).waitFor();
    await expect
      .poll(() => page.getByLabel('Account', { exact: true }).locator('option').first().textContent())
      .toBe(LONG_NAME);
    const lock = await page.getByRole('button', { name: 'Lock' }).boundingBox();
    const account = await page.getByLabel('Account', { exact: true }).boundingBox();
    const network = await page.getByLabel('Network', { exact: true }).boundingBox();
    expect(Math.abs(lock!.y + lock!.height / 2 - (account!.y + account!.height / 2))).toBeLessThan(4);
    expect(Math.abs(network!.y - account!.y)).toBeLessThan(4);
    expect(lock!.x + lock!.width).toBeLessThanOrEqual(360);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.close();
  });

  it('the connect approval keeps each checkbox beside its account, even with a long name', async () => {
    const page = await open('confirmed', '#/approval/c1', { firstName: LONG_NAME });
    const box = page.getByRole('checkbox', { name: new RegExp(LONG_NAME.slice(0, 10)) });
    await box.waitFor();
    const label = page.locator('.accounts label').first();
    const boxRect = await box.boundingBox();
    const labelRect = await label.boundingBox();
    expect(labelRect!.y).toBeLessThanOrEqual(boxRect!.y + boxRect!.height);
    expect(labelRect!.x).toBeGreaterThan(boxRect!.x + boxRect!.width - 1);
    await page.close();
  });

  it('the connect approval: the ticked account can be unticked, leaving Approve off until one is ticked', async () => {
    const page = await open('confirmed', '#/approval/c1');
    const first = page.getByRole('checkbox', { name: /^Account 1/ });
    const second = page.getByRole('checkbox', { name: /^Account 2/ });
    const approve = page.getByRole('button', { name: 'Approve', exact: true });
    await first.waitFor();
    expect([await first.isChecked(), await second.isChecked()]).toEqual([true, false]);
    await first.uncheck();
    expect([await first.isChecked(), await second.isChecked()]).toEqual([false, false]);
    await page.getByText('Tick at least one account to share.').waitFor();
    expect(await approve.isDisabled()).toBe(true);
    await second.check();
    expect([await first.isChecked(), await second.isChecked()]).toEqual([false, true]);
    await expect.poll(() => approve.isEnabled()).toBe(true);
    await page.close();
  });

  it('a site asking again for accounts it was given: those are ticked, not the selected account', async () => {
    const page = await open('confirmed', '#/approval/c2');
    const first = page.getByRole('checkbox', { name: /^Account 1/ });
    const second = page.getByRole('checkbox', { name: /^Account 2/ });
    await second.waitFor();
    expect([await first.isChecked(), await second.isChecked()]).toEqual([false, true]);
    await expect.poll(() => page.getByTestId('connect-shared').textContent()).toMatch(/already has 0x7099…79C8/);
    await page.close();
  });

  it('Settings explains strict mode once, not once per network', async () => {
    const page = await open('confirmed', '#/settings');
    await page.getByRole('form', { name: 'Quorum for Ethereum' }).waitFor();
    expect(await page.getByRole('form', { name: /^Quorum for / }).count()).toBe(2);
    expect(await page.getByText(/Strict: dapps get an error/).count()).toBe(1);
    await page.close();
  });

  it('copying the address says Copied', async () => {
    const page = await open('confirmed', '#/');
    await page.getByRole('button', { name: 'Copy address' }).click();
    await page.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
    );
    await page.close();
  });

  it('the switch approval names both networks', async () => {
    const page = await open('confirmed', '#/approval/s1');
    await page.getByText('Switch network?').waitFor();
    await expect
      .poll(() => page.getByText(/^Switch from /).textContent())
      .toBe('Switch from Local devnet to Ethereum (chain 1).');
    await page.close();
  });

  it('a pending backup is on Home and Settings, with a way to it', async () => {
    const page = await open('confirmed', '#/', { backupPending: true });
    await page.getByTestId('backup-reminder').waitFor();
    expect(await page.getByRole('link', { name: 'Back up now' }).getAttribute('href')).toBe('#/phrase');
    await page.goto(`${server.url}/popup.html#/settings`);
    await page.getByTestId('backup-reminder').waitFor();
    expect(await top(page, '[data-testid="backup-reminder"]')).toBeLessThan(await top(page, '#security-heading'));
    await page.close();
  });
});
