// What the user approves is what is signed, in the built extension in Chromium with the real background and
// the devnet: the typed-data window (deep nesting, a domain types leave out), a sandboxed page, and the
// previews of a batch, a call taking an unnamed token and a permit. (The queue, focus, lock, add-network,
// unconfirmed-value and Send-review steps run in both browsers: support/approval-safety-suite.ts.)
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { type Hex, recoverTypedDataAddress, type TypedDataDefinition } from 'viem';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDevnetControl, DEFAULT_ACCOUNTS } from '../fixtures/devnet';
import { type ChromiumSession, importPhraseInChromium, launchChromium } from './support/browsers';
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
const devnet = connectDevnetControl(env.controlUrl);
const ARTIFACTS = 'test-artifacts/approvals';
const ME = DEFAULT_ACCOUNTS[0].address;

let session: ChromiumSession;
let dapp: Page;

type Provider = { request(args: { method: string; params?: unknown }): Promise<unknown> };

/** Twelve nested structs, the innermost holding an amount: signed at every depth, shown at every depth. */
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

/** Calls the page's provider without waiting for the answer; the answer is read later from window.__answers. */
async function ask(page: Page, key: string, method: string, params: unknown) {
  await page.evaluate(
    ({ key, method, params }) => {
      const w = window as unknown as { __answers?: Record<string, unknown> };
      w.__answers ??= {};
      const answers = w.__answers;
      (window as unknown as { ethereum: Provider }).ethereum
        .request({ method, params })
        .then((result) => {
          answers[key] = { result };
        })
        .catch((error: { code: number; message: string }) => {
          answers[key] = { error: { code: error.code, message: error.message } };
        });
    },
    { key, method, params },
  );
}

async function answer(
  page: Page,
  key: string,
): Promise<{ result?: unknown; error?: { code: number; message: string } }> {
  const handle = await page.waitForFunction(
    (k) => (window as unknown as { __answers?: Record<string, unknown> }).__answers?.[k],
    key,
    { timeout: 60_000 },
  );
  return (await handle.jsonValue()) as { result?: unknown; error?: { code: number; message: string } };
}

/**
 * The approval window: the one already open (a request that comes while it is open waits in it), or the
 * one the next request opens.
 */
async function approvalWindow(): Promise<Page> {
  for (let i = 0; i < 300; i++) {
    const open = session.context.pages().find((p) => !p.isClosed() && p.url().includes('#/approval/'));
    if (open) return open;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no approval window');
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  session = await launchChromium(env.chromeDir);
  await importPhraseInChromium(session);
  dapp = await session.context.newPage();
  await dapp.goto(env.dappUrl);
  await dapp.getByTestId('wallet-status').filter({ hasText: 'Accord found' }).waitFor({ timeout: 20_000 });
  await ask(dapp, 'connect', 'eth_requestAccounts', []);
  const approval = await approvalWindow();
  await approval.getByRole('button', { name: 'Approve', exact: true }).click();
  // Accounts come lowercase while MetaMask compatibility is on (the default).
  expect(await answer(dapp, 'connect')).toEqual({ result: [ME.toLowerCase()] });
});

afterAll(async () => {
  await session?.close();
});

describe('approvals in Chromium', () => {
  it('typed data nested 12 deep: every level in the window (collapsed, one click away), signed as shown', async () => {
    const data = deepTypedData();
    // Let the connect window close first: this request opens a window of its own.
    await expect
      .poll(() => session.context.pages().filter((p) => p.url().includes('#/approval/')).length, { timeout: 15_000 })
      .toBe(0);
    await ask(dapp, 'deep', 'eth_signTypedData_v4', [ME, JSON.stringify(data)]);
    const approval = await approvalWindow();
    const approve = approval.getByRole('button', { name: 'Approve', exact: true });
    await approve.waitFor();
    // Approve is held back a moment after the window shows.
    expect(await approve.isDisabled()).toBe(true);
    const deepest = approval.getByTestId('typed-value').filter({ hasText: '987654321987654321' });
    expect(await deepest.count()).toBe(1);
    expect(await deepest.isVisible()).toBe(false);
    // Open every collapsed level: the innermost amount shows.
    for (let i = 0; i < 11; i++) {
      const closed = approval.locator('details:not([open]) > summary').first();
      if ((await closed.count()) === 0) break;
      await closed.click();
    }
    expect(await deepest.isVisible()).toBe(true);
    expect(await approval.locator('summary').count()).toBe(11);
    await approval.screenshot({ path: `${ARTIFACTS}/typed-data-deep.png`, fullPage: true });
    await approve.click();
    const signed = await answer(dapp, 'deep');
    const signer = await recoverTypedDataAddress({
      ...(data as unknown as TypedDataDefinition),
      signature: signed.result as Hex,
    });
    expect(signer).toBe(ME);
  });

  it('typed data whose domain types leave out is refused with -32602 and no window', async () => {
    const { EIP712Domain: _left, ...types } = deepTypedData(2).types;
    const pagesBefore = session.context.pages().length;
    await ask(dapp, 'unhashed', 'eth_signTypedData_v4', [ME, { ...deepTypedData(2), types }]);
    expect(await answer(dapp, 'unhashed')).toEqual({
      error: {
        code: -32602,
        message: expect.stringContaining(
          'domain.name is not declared in types.EIP712Domain, so it would not be signed',
        ),
      },
    });
    expect(session.context.pages().length).toBe(pagesBefore);
  });

  it('a sandboxed document of a connected host gets no accounts (opaque origin refused)', async () => {
    const sandboxed = await session.context.newPage();
    await sandboxed.goto(new URL('/sandboxed.html', env.dappUrl).href);
    expect(await sandboxed.evaluate(() => window.origin)).toBe('null');
    const injected = await sandboxed
      .waitForFunction(() => (window as unknown as { ethereum?: unknown }).ethereum !== undefined, undefined, {
        timeout: 3_000,
      })
      .then(() => true)
      .catch(() => false);
    // The provider is there (the page could ask), and the request is refused, not answered as the host.
    expect(injected).toBe(true);
    await ask(sandboxed, 'accounts', 'eth_accounts', []);
    expect(await answer(sandboxed, 'accounts')).toMatchObject({ error: { code: 4100 } });
    // The connected host's own page still has its account.
    await ask(dapp, 'accounts', 'eth_accounts', []);
    expect(await answer(dapp, 'accounts')).toEqual({ result: [ME.toLowerCase()] });
    await sandboxed.close();
  });

  it('the window previews a batch (two tokens move), warns of a token the request does not name, and reads a permit', async () => {
    const readPreview = async (approval: Page) => {
      const preview = approval.locator('[data-testid="preview"][data-status="verified"]');
      await preview.waitFor({ timeout: 30_000 });
      return {
        warnings: await preview.getByTestId('preview-warning').allTextContents(),
        changes: await preview.getByTestId('preview-change').allTextContents(),
      };
    };
    await expect
      .poll(() => session.context.pages().filter((p) => p.url().includes('#/approval/')).length, { timeout: 15_000 })
      .toBe(0);
    await ask(dapp, 'batch', 'wallet_sendCalls', approveAndSwapBatch());
    let approval = await approvalWindow();
    expect(await readPreview(approval)).toEqual(BATCH_PREVIEW);
    await approval.screenshot({ path: `${ARTIFACTS}/preview-batch.png`, fullPage: true });
    await approval.getByRole('button', { name: 'Reject', exact: true }).click();
    expect(await answer(dapp, 'batch')).toMatchObject({ error: { code: 4001 } });

    const allowedAt = await allowSwapOneToken((await devnet.info()).anvilUrl);
    await expect
      .poll(
        async () => {
          const head = await dapp.evaluate(() =>
            (window as unknown as { ethereum: Provider }).ethereum.request({ method: 'eth_blockNumber' }),
          );
          return BigInt(head as string) >= allowedAt;
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    await expect
      .poll(() => session.context.pages().filter((p) => p.url().includes('#/approval/')).length, { timeout: 15_000 })
      .toBe(0);
    await ask(dapp, 'claim', 'eth_sendTransaction', claimTransaction());
    approval = await approvalWindow();
    expect(await readPreview(approval)).toEqual(CLAIM_PREVIEW);
    await approval.screenshot({ path: `${ARTIFACTS}/preview-unnamed-token.png`, fullPage: true });
    await approval.getByRole('button', { name: 'Reject', exact: true }).click();
    expect(await answer(dapp, 'claim')).toMatchObject({ error: { code: 4001 } });

    // A permit signed as typed data is an approval too: said first, in the token's decimals.
    await expect
      .poll(() => session.context.pages().filter((p) => p.url().includes('#/approval/')).length, { timeout: 15_000 })
      .toBe(0);
    await ask(dapp, 'permit', 'eth_signTypedData_v4', permitTypedData());
    approval = await approvalWindow();
    expect(await approval.getByTestId('approval-permission').textContent({ timeout: 30_000 })).toBe(PERMIT_SENTENCE);
    await approval.getByRole('button', { name: 'Reject', exact: true }).click();
    expect(await answer(dapp, 'permit')).toMatchObject({ error: { code: 4001 } });
  });
});
