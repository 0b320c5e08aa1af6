// The typed-data window, transaction previews and a sandboxed page in Firefox ESR: the built extension as a temporary add-on,
// the real background and the devnet, driven over WebDriver BiDi.
import type { Page } from 'puppeteer-core';
import { type Hex, recoverTypedDataAddress, type TypedDataDefinition } from 'viem';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDevnetControl, DEFAULT_ACCOUNTS, TEST_MNEMONIC } from '../fixtures/devnet';
import { PASSWORD } from './popup-helpers/popup-page';
import { type FirefoxSession, launchFirefox, openExtensionPageInFirefox } from './support/browsers';
import {
  allowSwapOneToken,
  approveAndSwapBatch,
  BATCH_PREVIEW,
  CLAIM_PREVIEW,
  claimTransaction,
  PERMIT_SENTENCE,
  permitTypedData,
} from './support/preview-requests';

const env = inject('accord');
const ME = DEFAULT_ACCOUNTS[0].address;
let anvilUrl: string;

let session: FirefoxSession;
let dapp: Page;

type Answer = { result?: unknown; error?: { code: number; message: string } };

async function ask(page: Page, key: string, method: string, params: unknown) {
  await page.evaluate(
    (key, method, params) => {
      const w = window as unknown as {
        __answers?: Record<string, unknown>;
        ethereum: { request(a: unknown): Promise<unknown> };
      };
      w.__answers ??= {};
      const answers = w.__answers;
      w.ethereum
        .request({ method, params })
        .then((result) => {
          answers[key] = { result };
        })
        .catch((error: { code: number; message: string }) => {
          answers[key] = { error: { code: error.code, message: error.message } };
        });
    },
    key,
    method,
    params,
  );
}

async function answer(page: Page, key: string): Promise<Answer> {
  const handle = await page.waitForFunction(
    (k) => (window as unknown as { __answers?: Record<string, unknown> }).__answers?.[k],
    { timeout: 60_000 },
    key,
  );
  return (await handle.jsonValue()) as Answer;
}

async function approvalWindow(): Promise<Page> {
  for (let i = 0; i < 300; i++) {
    // Over BiDi an extension window may still report about:blank: ask the page itself where it is.
    for (const page of await session.browser.pages()) {
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (href.includes('#/approval/')) return page;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const urls = (await session.browser.pages()).map((p) => p.url());
  throw new Error(`no approval window among ${urls.join(', ')}`);
}

async function approve(page: Page) {
  const button = await page
    .waitForSelector('button.primary[type="submit"]:not([disabled])', { timeout: 30_000 })
    .catch(async () => {
      const state = await page.evaluate(() => ({
        focus: document.hasFocus(),
        body: (document.body.textContent ?? '').slice(0, 200),
      }));
      throw new Error(`Approve never enabled: ${JSON.stringify(state)}`);
    });
  await button!.click();
}

function deepTypedData(levels = 12) {
  const types: Record<string, { name: string; type: string }[]> = {
    EIP712Domain: [
      { name: 'name', type: 'string' },
      { name: 'chainId', type: 'uint256' },
    ],
  };
  for (let i = 0; i < levels; i++) {
    types[`Level${i}`] =
      i === levels - 1 ? [{ name: 'amount', type: 'uint256' }] : [{ name: 'inner', type: `Level${i + 1}` }];
  }
  let message: Record<string, unknown> = { amount: '987654321987654321' };
  for (let i = levels - 2; i >= 0; i--) message = { inner: message };
  return { types, primaryType: 'Level0', domain: { name: 'Deep', chainId: 31337 }, message };
}

beforeAll(async () => {
  anvilUrl = (await connectDevnetControl(env.controlUrl).info()).anvilUrl;
  session = await launchFirefox(env.firefoxDir);
  const popup = await openExtensionPageInFirefox(session);
  const link = await popup.waitForSelector('::-p-text(Import a recovery phrase)', { timeout: 30_000 });
  await link!.click();
  await popup.waitForSelector('textarea');
  await popup.type('textarea', TEST_MNEMONIC);
  for (const field of await popup.$$('input[type="password"]')) await field.type(PASSWORD);
  await (await popup.waitForSelector('button[type="submit"]'))!.click();
  await popup.waitForSelector('[data-testid="balance-native"]', { timeout: 90_000 });
  dapp = await session.browser.newPage();
  await dapp.goto(env.dappUrl);
  await dapp.waitForFunction(() => (window as unknown as { ethereum?: unknown }).ethereum !== undefined);
  await ask(dapp, 'connect', 'eth_requestAccounts', []);
  await approve(await approvalWindow());
  // Accounts come lowercase while MetaMask compatibility is on (the default).
  expect(await answer(dapp, 'connect')).toEqual({ result: [ME.toLowerCase()] });
});

afterAll(async () => {
  await session?.close();
});

describe('approvals in Firefox', () => {
  it('typed data nested 12 deep: every level in the window, signed as shown', async () => {
    const data = deepTypedData();
    // The connect window closes once its queue is empty; this request opens a new one.
    for (let i = 0; i < 100; i++) {
      const hrefs = await Promise.all(
        (await session.browser.pages()).map((p) => p.evaluate(() => location.href).catch(() => '')),
      );
      if (!hrefs.some((h) => h.includes('#/approval/'))) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await ask(dapp, 'deep', 'eth_signTypedData_v4', [ME, data]);
    const window = await approvalWindow();
    await window.waitForSelector('[data-testid="typed-value"]');
    const values = await window.$$eval('[data-testid="typed-value"]', (els) => els.map((e) => e.textContent));
    expect(values).toContain('987654321987654321');
    expect(await window.$$eval('summary', (els) => els.length)).toBe(11);
    await approve(window);
    const signed = await answer(dapp, 'deep');
    const signer = await recoverTypedDataAddress({
      ...(data as unknown as TypedDataDefinition),
      signature: signed.result as Hex,
    });
    expect(signer).toBe(ME);
  });

  it('typed data whose domain types leave out is refused with -32602', async () => {
    const { EIP712Domain: _left, ...types } = deepTypedData(2).types;
    await ask(dapp, 'unhashed', 'eth_signTypedData_v4', [ME, { ...deepTypedData(2), types }]);
    expect(await answer(dapp, 'unhashed')).toMatchObject({
      error: { code: -32602, message: expect.stringContaining('not declared in types.EIP712Domain') },
    });
  });

  it('a sandboxed document of the connected host is refused (its origin is opaque), not treated as the host', async () => {
    const sandboxed = await session.browser.newPage();
    await sandboxed.goto(new URL('/sandboxed.html', env.dappUrl).href);
    expect(await sandboxed.evaluate(() => window.origin)).toBe('null');
    const injected = await sandboxed
      .waitForFunction(() => (window as unknown as { ethereum?: unknown }).ethereum !== undefined, { timeout: 3_000 })
      .then(() => true)
      .catch(() => false);
    // The provider is there (the page could ask), and the request is refused, not answered as the host.
    expect(injected).toBe(true);
    await ask(sandboxed, 'accounts', 'eth_accounts', []);
    expect(await answer(sandboxed, 'accounts')).toMatchObject({ error: { code: 4100 } });
    await ask(dapp, 'accounts', 'eth_accounts', []);
    expect(await answer(dapp, 'accounts')).toEqual({ result: [ME.toLowerCase()] });
    await sandboxed.close();
  });

  it('the window previews a batch (two tokens move), warns of a token the request does not name, and reads a permit', async () => {
    const noWindow = async () => {
      for (let i = 0; i < 150; i++) {
        const hrefs = await Promise.all(
          (await session.browser.pages()).map((p) => p.evaluate(() => location.href).catch(() => '')),
        );
        if (!hrefs.some((h) => h.includes('#/approval/'))) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the approval window stayed open');
    };
    const readPreview = async (page: Page) => {
      const verified = '[data-testid="preview"][data-status="verified"]';
      await page.waitForSelector(verified, { timeout: 30_000 });
      const texts = (selector: string) =>
        page.$$eval(`${verified} [data-testid="${selector}"]`, (els) => els.map((e) => e.textContent));
      return { warnings: await texts('preview-warning'), changes: await texts('preview-change') };
    };
    const reject = async (page: Page) => (await page.waitForSelector('::-p-text(Reject)'))!.click();

    await noWindow();
    await ask(dapp, 'batch', 'wallet_sendCalls', approveAndSwapBatch());
    let approval = await approvalWindow();
    expect(await readPreview(approval)).toEqual(BATCH_PREVIEW);
    await reject(approval);
    expect(await answer(dapp, 'batch')).toMatchObject({ error: { code: 4001 } });

    const allowedAt = await allowSwapOneToken(anvilUrl);
    for (let i = 0; i < 100; i++) {
      const head = await dapp.evaluate(() =>
        (window as unknown as { ethereum: { request(a: unknown): Promise<unknown> } }).ethereum.request({
          method: 'eth_blockNumber',
        }),
      );
      if (BigInt(head as string) >= allowedAt) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await noWindow();
    await ask(dapp, 'claim', 'eth_sendTransaction', claimTransaction());
    approval = await approvalWindow();
    expect(await readPreview(approval)).toEqual(CLAIM_PREVIEW);
    await reject(approval);
    expect(await answer(dapp, 'claim')).toMatchObject({ error: { code: 4001 } });

    // A permit signed as typed data is an approval too: said first, in the token's decimals.
    await noWindow();
    await ask(dapp, 'permit', 'eth_signTypedData_v4', permitTypedData());
    approval = await approvalWindow();
    const permission = await approval.waitForSelector('[data-testid="approval-permission"]', { timeout: 30_000 });
    expect(await permission!.evaluate((e) => e.textContent)).toBe(PERMIT_SENTENCE);
    await reject(approval);
    expect(await answer(dapp, 'permit')).toMatchObject({ error: { code: 4001 } });
  });
});
