// The popup's screens at popup size (360×600) and in a full tab, against a mock background: nothing overflows
// sideways, every control has an accessible name, the main paths work from the keyboard. Screenshots go to
// test-artifacts/. The real background is exercised in popup.e2e.test.ts.
import { mkdirSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { installMockBackground, type MockScenario } from './popup-helpers/mock-background';
import { type StaticServer, serveDirectory } from './popup-helpers/static-server';
import { CHROMIUM_PATH } from './support/browsers';

const env = inject('accord');
const ARTIFACTS = 'test-artifacts/popup-layout';
const UNNAMED = /^\s*- (button|link|textbox|combobox|checkbox|spinbutton|radio)(\s+\[[^\]]*\])*:?\s*$/m;

let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await serveDirectory(env.chromeDir);
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(scenario: MockScenario, hash = '#/', size = { width: 360, height: 600 }): Promise<Page> {
  const page = await browser.newPage({ viewport: size });
  await page.addInitScript(installMockBackground, scenario);
  await page.goto(`${server.url}/popup.html${hash}`);
  return page;
}

async function checkScreen(page: Page, name: string) {
  await page.waitForLoadState('networkidle');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name} overflows sideways`).toBeLessThanOrEqual(0);
  const tree = await page.locator('body').ariaSnapshot();
  expect(tree, `${name} has a control without an accessible name`).not.toMatch(UNNAMED);
  await page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
}

describe('popup screens at 360×600 (mock background)', () => {
  const screens: [string, MockScenario, string, string | RegExp][] = [
    ['welcome', 'fresh', '#/', 'Create a new wallet'],
    ['unlock', 'locked', '#/', 'Unlock'],
    ['home', 'confirmed', '#/', 'Confirmed by 5 of 7 sources · block 123'],
    ['home-verified', 'verified', '#/', 'Verified at block 123 (header agreed by 4 of 4 operators)'],
    ['compare-verified', 'verified', '#/compare/native', 'proof failed'],
    ['home-unavailable', 'unavailable', '#/', 'Unavailable — last confirmed 9,999.998765 ETH, 3 min ago'],
    ['compare', 'confirmed', '#/compare/native', 'ETH across sources'],
    ['send', 'confirmed', '#/send', 'Review'],
    ['activity', 'confirmed', '#/activity', 'Pending'],
    ['networks', 'confirmed', '#/networks', 'Add network'],
    ['network-detail', 'confirmed', '#/networks/31337', 'Add source'],
    ['sites', 'confirmed', '#/sites', 'Revoke'],
    ['settings', 'confirmed', '#/settings', 'Lock automatically after'],
    ['approval-transaction', 'confirmed', '#/approval/tx1', 'transfer'],
    ['approval-connect', 'confirmed', '#/approval/c1', 'Accounts to share'],
    ['approval-typed-data', 'confirmed', '#/approval/t1', 'Ether Mail'],
    ['approval-locked', 'locked', '#/approval/tx1', 'Accord is locked: approving unlocks it.'],
    ['approval-personal-sign', 'confirmed', '#/approval/p1', 'Nonce: 42'],
    ['approval-switch-chain', 'confirmed', '#/approval/s1', 'Switch network?'],
    ['approval-add-chain', 'confirmed', '#/approval/a1', '(does not match)'],
    ['approval-watch-asset', 'confirmed', '#/approval/w1', 'Add this token?'],
    ['onboarding-create', 'fresh', '#/onboarding/create', 'Confirm password'],
    ['onboarding-import-phrase', 'fresh', '#/onboarding/import-phrase', 'Recovery phrase'],
  ];

  for (const [name, scenario, hash, expectText] of screens) {
    it(name, async () => {
      const page = await open(scenario, hash);
      await page.getByText(expectText).first().waitFor();
      await checkScreen(page, name);
      await page.close();
    });
  }

  it('compare highlights the disagreeing source and shows the dead one as an error', async () => {
    const page = await open('confirmed', '#/compare/native');
    const zero = page.getByTestId('compare-row-zero');
    await expect.poll(() => zero.getAttribute('data-status')).toBe('disagree');
    expect(await zero.getByTestId('compare-status').textContent()).toBe('disagrees');
    expect(await zero.getAttribute('class')).toContain('source-highlight');
    expect(await page.getByTestId('compare-row-down').getByTestId('compare-status').textContent()).toMatch(/^error/);
    expect(await page.getByTestId('compare-row-bravo').getByTestId('compare-status').textContent()).toBe('agrees');
    expect(await page.getByRole('img', { name: /Latency history of bravo: 20 samples/ }).count()).toBe(1);
    await page.close();
  });

  it('the approval buttons are named exactly Approve and Reject', async () => {
    const page = await open('confirmed', '#/approval/c1');
    await page.getByRole('checkbox', { name: /Account 1/ }).waitFor();
    expect(await page.getByRole('checkbox', { name: /Account 1/ }).isChecked()).toBe(true);
    expect(await page.getByRole('button', { name: 'Approve', exact: true }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Reject', exact: true }).count()).toBe(1);
    await page.close();
  });
});

describe('keyboard', () => {
  it('reaches the compare view from a balance and sends from the keyboard alone', async () => {
    const page = await open('confirmed', '#/');
    await page.getByTestId('balance-native').waitFor();
    let found = false;
    for (let i = 0; i < 25 && !found; i++) {
      await page.keyboard.press('Tab');
      found = await page.evaluate(
        () => document.activeElement?.getAttribute('aria-label') === 'Compare sources for ETH',
      );
    }
    expect(found).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByText('ETH across sources').waitFor();

    await page.goto(`${server.url}/popup.html#/send`);
    await page.getByLabel('To').focus();
    await page.keyboard.type('0x70997970C51812dc3A010C7d01b50e0d17dc79C8');
    await page.keyboard.press('Tab');
    await page.keyboard.type('1');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Confirm and send' }).waitFor();
    await page.close();
  });

  it('rejects a bad checksum before asking the background', async () => {
    const page = await open('confirmed', '#/send');
    await page.getByLabel('To').fill('0x70997970C51812dc3A010C7d01b50e0d17dc79c8');
    await page.getByLabel(/Amount/).fill('1');
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByText('The address checksum does not match').waitFor();
    const calls = await page.evaluate(() => (window as unknown as { __mockCalls: { method: string }[] }).__mockCalls);
    expect(calls.some((c) => c.method === 'send/prepare')).toBe(false);
    await page.close();
  });
});

describe('full tab', () => {
  it('home at 1280×800 keeps a readable column', async () => {
    const page = await open('confirmed', '#/', { width: 1280, height: 800 });
    await page.getByTestId('balance-native').waitFor();
    const width = await page.evaluate(() => document.getElementById('root')!.getBoundingClientRect().width);
    expect(width).toBeLessThanOrEqual(560);
    await checkScreen(page, 'home-full-tab');
    await page.close();
  });
});
