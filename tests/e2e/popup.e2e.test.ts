// The popup against the real background, quorum engine and devnet (anvil behind fault-injecting sources):
// onboarding both ways, verified balances that failing, lying or colluding sources cannot make wrong or zero,
// the compare view, a correlated outage while a dapp is connected, and sends that reach Activity as confirmed.
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDevnetControl, DEFAULT_ACCOUNTS, TEST_MNEMONIC, TEST_TOKEN_ADDRESS } from '../fixtures/devnet';
import {
  anvilBalance,
  anvilBlockNumber,
  anvilTokenBalance,
  importPhrase,
  PASSWORD,
  POPUP_SIZE,
  readBalance,
  waitForStatus,
} from './popup-helpers/popup-page';
import { type ChromiumSession, launchChromium } from './support/browsers';
import { defaultBehaviour, withColludingZeroSources } from './support/colluding';

const env = inject('accord');
const devnet = connectDevnetControl(env.controlUrl);
const ARTIFACTS = 'test-artifacts/popup';
const ME = DEFAULT_ACCOUNTS[0].address;
const RECIPIENT = DEFAULT_ACCOUNTS[1].address;
const TOKEN = (env.tokenAddress ?? TEST_TOKEN_ADDRESS).toLowerCase();

let anvilUrl: string;

async function restoreSources() {
  for (const source of env.sources) await devnet.setBehaviour(source.id, defaultBehaviour(source.id));
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  anvilUrl = (await devnet.info()).anvilUrl;
  await restoreSources();
});

afterAll(async () => {
  await restoreSources();
});

async function openPopup(session: ChromiumSession, hash = ''): Promise<Page> {
  const page = await session.context.newPage();
  await page.setViewportSize(POPUP_SIZE);
  await page.goto(`${session.popupUrl}${hash}`);
  return page;
}

describe('onboarding: create a wallet (Chromium)', () => {
  let session: ChromiumSession;
  beforeAll(async () => {
    session = await launchChromium(env.chromeDir);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('shows the phrase, confirms it by picking the words in order, and lands on home', async () => {
    const page = await openPopup(session);
    await page.getByRole('link', { name: 'Create a new wallet' }).click();
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Confirm password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Continue' }).click();
    const phrase = page.getByTestId('recovery-phrase');
    await phrase.waitFor();
    const words = await phrase.locator('.phrase-word').allTextContents();
    expect(words).toHaveLength(12);
    await page.getByRole('button', { name: 'I wrote it down' }).click();
    // A wrong first pick is refused.
    const wrong = words.find((w) => w !== words[0]);
    if (wrong) {
      await page
        .getByRole('group', { name: 'Words to pick' })
        .getByRole('button', { name: wrong, exact: true })
        .first()
        .click();
      await page.getByText('That is not word 1').waitFor();
    }
    for (const word of words) {
      await page
        .getByRole('group', { name: 'Words to pick' })
        .locator('button:not([disabled])', { hasText: new RegExp(`^${word}$`) })
        .first()
        .click();
    }
    await page.getByRole('button', { name: 'Finish' }).click();
    const reading = await waitForStatus(page, 'verified');
    expect(reading.amount).toBe('0 ETH');
    await page.close();
  });

  it('renames the selected account in Settings; the account switcher shows the new name', async () => {
    const page = await openPopup(session, '#/settings');
    const name = page.getByLabel('Name of the selected account');
    await name.fill('   ');
    expect(await page.getByRole('button', { name: 'Rename' }).isDisabled()).toBe(true);
    await name.fill('Savings');
    await page.getByRole('button', { name: 'Rename' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Rename' }).isDisabled()).toBe(true);
    await page.getByRole('link', { name: 'Home' }).click();
    await expect
      .poll(() => page.getByLabel('Account', { exact: true }).locator('option:checked').textContent())
      .toBe('Savings');
    await page.close();
  });

  it('a forgotten password: the wallet is erased only after typing ERASE, then can be restored', async () => {
    const page = await openPopup(session);
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByRole('button', { name: 'Forgot password?' }).click();
    const erase = page.getByRole('button', { name: 'Erase wallet' });
    expect(await erase.isDisabled()).toBe(true);
    await page.getByLabel('Type ERASE to confirm').fill('erase');
    expect(await erase.isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Keep my wallet' }).click();
    await page.getByLabel('Password').waitFor();

    await page.getByRole('button', { name: 'Forgot password?' }).click();
    await page.getByLabel('Type ERASE to confirm').fill('ERASE');
    await erase.click();
    await page.getByRole('link', { name: 'Create a new wallet' }).waitFor();
    await importPhrase(page, TEST_MNEMONIC);
    const reading = await waitForStatus(page, 'verified');
    expect(reading.amount).not.toBe('0 ETH');
    await page.close();
  });
});

describe('balances through the quorum (Chromium)', () => {
  let session: ChromiumSession;
  let popup: Page;

  beforeAll(async () => {
    session = await launchChromium(env.chromeDir);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('imports a phrase and shows a confirmed, correct balance; the zero source disagrees, the down one errs', async () => {
    popup = await openPopup(session);
    await importPhrase(popup, TEST_MNEMONIC);
    const reading = await waitForStatus(popup, 'verified');
    // Alpha Cloud's three endpoints are one operator: four operators answer the head probe, all agree.
    expect(reading.line).toMatch(/^Verified at block \d+ \(header agreed by 4 of 4 operators\)$/);
    expect(reading.amount).toBe(await anvilBalance(anvilUrl, ME, reading.block!));
    const token = await waitForStatus(popup, 'verified', { asset: TOKEN });
    expect(token.amount).toBe(await anvilTokenBalance(anvilUrl, TOKEN, ME, token.block!));
    await popup.screenshot({ path: `${ARTIFACTS}/home.png` });

    await popup.getByRole('link', { name: 'Compare sources for ETH' }).click();
    await popup.getByText('ETH across sources').waitFor();
    await expect
      .poll(() => popup.getByTestId('compare-row-zero').getAttribute('data-status'), { timeout: 30_000 })
      .toBe('disagree');
    expect(await popup.getByTestId('compare-row-zero').getByTestId('compare-answer').textContent()).toMatch(/^0 ETH/);
    expect(await popup.getByTestId('compare-row-down').getAttribute('data-status')).toMatch(/^(error|timeout)$/);
    for (const id of ['alpha-1', 'bravo', 'charlie']) {
      await expect
        .poll(() => popup.getByTestId(`compare-row-${id}`).getAttribute('data-status'), { timeout: 30_000 })
        .toBe('agree');
    }
    await popup.screenshot({ path: `${ARTIFACTS}/compare.png`, fullPage: true });
    await popup.getByRole('link', { name: 'Back' }).click();
  });

  it('two fast colluding zero sources and slower honest ones: the true balance, verified; the pair’s proofs fail', async () => {
    await withColludingZeroSources(env, async () => {
      await popup.goto(`${session.popupUrl}#/`);
      await devnet.mine(1);
      const head = Number(await anvilBlockNumber(anvilUrl));
      const reading = await waitForStatus(popup, 'verified', { accept: (r) => (r.block ?? 0) >= head });
      expect(reading.amount).toBe(await anvilBalance(anvilUrl, ME, reading.block!));
      expect(reading.amount).not.toMatch(/^0 /);
      await popup.getByRole('link', { name: 'Compare sources for ETH' }).click();
      await popup.getByText('ETH across sources').waitFor();
      for (const id of ['zero', 'bravo']) {
        await expect
          .poll(() => popup.getByTestId(`compare-row-${id}`).getAttribute('data-status'), { timeout: 30_000 })
          .toBe('disagree');
      }
      // The honest sources are never the ones called out (Compare's audit reaches the ones the read did not ask).
      await expect
        .poll(() => popup.getByTestId('compare-row-charlie').getAttribute('data-status'), { timeout: 30_000 })
        .toBe('agree');
      // Each source's own proof beside its plain answer: the honest ones' check, the pair's fail, the dead one none.
      const proofs = { 'alpha-1': 'valid', 'alpha-2': 'valid', 'alpha-3': 'valid', charlie: 'valid', zero: 'invalid' };
      for (const [id, proof] of Object.entries({ ...proofs, bravo: 'invalid', down: 'none' })) {
        await expect
          .poll(() => popup.getByTestId(`compare-row-${id}`).getAttribute('data-proof'), { timeout: 30_000 })
          .toBe(proof);
      }
      await popup.screenshot({ path: `${ARTIFACTS}/compare-colluding.png`, fullPage: true });
      await popup.getByRole('link', { name: 'Back' }).click();
    });
  });

  it('with all but one source disabled the balance is Unconfirmed, never Confirmed', async () => {
    await popup.goto(`${session.popupUrl}#/networks/31337`);
    const keep = 'bravo';
    for (const source of env.sources.filter((s) => s.id !== keep)) {
      const box = popup.getByLabel(`Enabled ${source.id}`, { exact: true });
      await box.uncheck();
      await expect.poll(() => box.isEnabled()).toBe(true);
      expect(await box.isChecked()).toBe(false);
    }
    await popup.goto(`${session.popupUrl}#/`);
    const reading = await waitForStatus(popup, 'unconfirmed');
    expect(reading.line).toBe('Unconfirmed: 1 source');
    for (let i = 0; i < 8; i++) {
      await popup.waitForTimeout(500);
      expect((await readBalance(popup)).status).toBe('unconfirmed');
    }
    await popup.screenshot({ path: `${ARTIFACTS}/home-unconfirmed.png` });
    await popup.goto(`${session.popupUrl}#/networks/31337`);
    for (const source of env.sources.filter((s) => s.id !== keep)) {
      const box = popup.getByLabel(`Enabled ${source.id}`, { exact: true });
      await box.check();
      await expect.poll(() => box.isEnabled()).toBe(true);
      expect(await box.isChecked()).toBe(true);
    }
    await popup.goto(`${session.popupUrl}#/`);
    await waitForStatus(popup, 'verified');
  });

  it('with every source down it shows Unavailable and the last confirmed value, never 0; then recovers', async () => {
    await popup.goto(`${session.popupUrl}#/`);
    const before = await waitForStatus(popup, 'verified');
    for (const source of env.sources) await devnet.setBehaviour(source.id, 'down');
    const down = await waitForStatus(popup, 'unavailable', { timeoutMs: 90_000 });
    expect(down.line).toMatch(/^Unavailable — last confirmed [\d,.]+ ETH, (just now|\d+ min ago)$/);
    expect(down.line).toContain(before.amount);
    expect(down.amount).not.toMatch(/^0 /);
    // Home says why: no source answers.
    const notice = popup.getByTestId('quorum-unreachable');
    await expect
      .poll(() => notice.textContent(), { timeout: 60_000 })
      .toMatch(/^No answer from any of its \d+ sources/);
    await popup.screenshot({ path: `${ARTIFACTS}/home-unavailable.png` });
    await restoreSources();
    const after = await waitForStatus(popup, 'verified', { timeoutMs: 90_000 });
    expect(after.amount).toBe(await anvilBalance(anvilUrl, ME, after.block!));
    await expect.poll(() => notice.count(), { timeout: 30_000 }).toBe(0);
  });

  it('sends ETH and an ERC-20; Activity reaches confirmed and the balances change', async () => {
    await popup.goto(`${session.popupUrl}#/`);
    const eth = await waitForStatus(popup, 'verified');
    const att = await waitForStatus(popup, 'verified', { asset: TOKEN });

    await popup.getByRole('link', { name: 'Send', exact: true }).click();
    await popup.getByLabel('To').fill(RECIPIENT);
    await popup.getByLabel(/^Amount/).fill('1.5');
    await popup.getByRole('button', { name: 'Review' }).click();
    await popup.getByRole('button', { name: 'Confirm and send' }).click();
    await popup.getByRole('list', { name: 'Transactions' }).waitFor();
    const ethItem = popup.locator('[data-testid^="activity-0x"]').first();
    await expect.poll(() => ethItem.getAttribute('data-status'), { timeout: 100_000 }).toBe('confirmed');
    expect(await ethItem.textContent()).toContain('Sent 1.5 ETH');
    await popup.screenshot({ path: `${ARTIFACTS}/activity.png` });

    await popup.goto(`${session.popupUrl}#/send?asset=${TOKEN}`);
    const attOption = await popup.getByLabel('Asset').locator('option', { hasText: 'ATT' }).getAttribute('value');
    await popup.getByLabel('Asset').selectOption(attOption!);
    await popup.getByLabel('To').fill(RECIPIENT);
    await popup.getByLabel(/^Amount/).fill('10');
    await popup.getByRole('button', { name: 'Review' }).click();
    await popup.getByRole('button', { name: 'Confirm and send' }).click();
    const tokenItem = popup.locator('[data-testid^="activity-0x"]', { hasText: 'ATT' }).first();
    await expect.poll(() => tokenItem.getAttribute('data-status'), { timeout: 100_000 }).toBe('confirmed');
    expect(await tokenItem.textContent()).toContain('Sent 10 ATT');

    await popup.goto(`${session.popupUrl}#/`);
    const ethAfter = await waitForStatus(popup, 'verified', { accept: (r) => r.amount !== eth.amount });
    expect(ethAfter.amount).toBe(await anvilBalance(anvilUrl, ME, ethAfter.block!));
    const attAfter = await waitForStatus(popup, 'verified', { asset: TOKEN, accept: (r) => r.amount !== att.amount });
    expect(attAfter.amount).toBe(await anvilTokenBalance(anvilUrl, TOKEN, ME, attAfter.block!));
    const units = (s: string) => Number(s.replace(/[^\d.]/g, ''));
    expect(units(att.amount) - units(attAfter.amount)).toBeCloseTo(10, 6);
  }, 300_000);

  it('correlated outage: one operator loses all three sources; the popup stays confirmed, the dapp reads and sends', async () => {
    const dapp = await session.context.newPage();
    await dapp.goto(env.dappUrl);
    await dapp.getByTestId('connect').waitFor({ state: 'visible' });
    await expect.poll(() => dapp.getByTestId('connect').isEnabled()).toBe(true);
    const connectWindow = session.context.waitForEvent('page');
    await dapp.getByTestId('connect').click();
    const approval = await connectWindow;
    await approval.waitForURL(/#\/approval\//);
    await approval.setViewportSize(POPUP_SIZE);
    await approval.getByRole('button', { name: 'Approve', exact: true }).waitFor();
    await approval.screenshot({ path: `${ARTIFACTS}/approval-connect.png` });
    expect(await approval.getByRole('checkbox', { name: /Account 1/ }).isChecked()).toBe(true);
    await approval.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect.poll(() => dapp.getByTestId('accounts').textContent(), { timeout: 30_000 }).toContain(ME);

    await popup.goto(`${session.popupUrl}#/`);
    await waitForStatus(popup, 'verified');
    await devnet.setOperatorBehaviour('Alpha Cloud', 'down');
    await devnet.mine(1);
    const deadline = Date.now() + 8_000;
    while (Date.now() < deadline) {
      const reading = await readBalance(popup);
      expect(reading.status, reading.line).toBe('verified');
      await popup.waitForTimeout(400);
    }
    const during = await waitForStatus(popup, 'verified');
    expect(during.amount).toBe(await anvilBalance(anvilUrl, ME, during.block!));
    await popup.screenshot({ path: `${ARTIFACTS}/home-alpha-down.png` });
    await popup.getByRole('link', { name: 'Compare sources for ETH' }).click();
    const alpha = popup.getByTestId('compare-row-alpha-1');
    await expect.poll(() => alpha.getAttribute('data-status'), { timeout: 30_000 }).toMatch(/^(error|timeout|stale)$/);
    // Compare asks every source (only while it is open): the honest ones show up as agreeing.
    for (const id of ['bravo', 'charlie']) {
      await expect
        .poll(() => popup.getByTestId(`compare-row-${id}`).getAttribute('data-status'), { timeout: 30_000 })
        .toBe('agree');
    }
    await popup.waitForTimeout(6_000); // a few polls, so the latency charts have points
    await popup.screenshot({ path: `${ARTIFACTS}/compare-alpha-down.png`, fullPage: true });
    await popup.getByRole('link', { name: 'Back' }).click();

    await dapp.getByTestId('get-balance').click();
    await expect.poll(() => dapp.getByTestId('balance').getAttribute('data-wei'), { timeout: 30_000 }).toMatch(/^\d+$/);
    expect(await dapp.getByTestId('last-error').textContent()).toBe('');

    const txWindow = session.context.waitForEvent('page');
    await dapp.getByTestId('send-transaction').click();
    const txApproval = await txWindow;
    await txApproval.waitForURL(/#\/approval\//);
    await txApproval.setViewportSize(POPUP_SIZE);
    await txApproval.getByRole('button', { name: 'Approve', exact: true }).waitFor();
    // The preview joins the shown request: simulated here, over state proven against the agreed header.
    const preview = txApproval.locator('[data-testid="preview"][data-status="verified"]');
    await preview.waitFor({ timeout: 30_000 });
    expect(await preview.getByTestId('preview-change').allTextContents()).toEqual(['You send 0.1 ETH']);
    expect(await preview.getByTestId('preview-basis').textContent()).toMatch(
      /^Simulated here · Verified at block \d+ \(header agreed by \d of \d operators\) · uses 21,000 gas$/,
    );
    await txApproval.screenshot({ path: `${ARTIFACTS}/approval-transaction.png`, fullPage: true });
    await txApproval.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect.poll(() => dapp.getByTestId('tx-status').textContent(), { timeout: 60_000 }).toBe('success');
    await devnet.setOperatorBehaviour('Alpha Cloud', 'honest');
    await dapp.close();
  });
});
