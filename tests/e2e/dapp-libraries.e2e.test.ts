// Dapps built on the libraries people use (ethers v6, web3.js v4, viem, wagmi core, and an old-style page
// on window.ethereum alone), bundled from npm and served on loopback, against the built extension in
// Chromium, the real background and the devnet. Every approval is given in Accord's approval window.
import { mkdirSync } from 'node:fs';
import { recoverTypedSignature, SignTypedDataVersion, type TypedDataV1Field } from '@metamask/eth-sig-util';
import type { Page } from 'playwright-core';
import { verifyMessage } from 'viem';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDevnetControl, DEFAULT_ACCOUNTS, TEST_MNEMONIC } from '../fixtures/devnet';
import { type AnvilProcess, startAnvil } from '../fixtures/devnet/anvil';
import { importPhrase } from './popup-helpers/popup-page';
import { type ChromiumSession, launchChromium, terminateServiceWorker } from './support/browsers';
import { E2E_SOURCES } from './support/global-setup';
import { emitTransfers, fundTokenSender, mine } from './support/library-dapps';

const env = inject('accord');
const ARTIFACTS = 'test-artifacts/dapp-libraries';
const ME = DEFAULT_ACCOUNTS[0].address;
const SECOND_CHAIN_ID = 1337;

let session: ChromiumSession;
/** The library page of the running test; its log is printed when the test fails. */
let current: Page | null = null;
let secondChain: AnvilProcess;
let token: string;
let rpcUrl: string;

/** Runs `action`, waits for the approval window it opens and clicks Approve there; returns the action's result. */
async function approve<T>(action: () => Promise<T>, screenshot?: string): Promise<T> {
  const opened = session.context.waitForEvent('page');
  const result = action();
  result.catch(() => {});
  const approval = await opened;
  await approval.waitForURL(/#\/approval\//);
  const button = approval.getByRole('button', { name: 'Approve', exact: true });
  await button.waitFor();
  if (screenshot) await approval.screenshot({ path: `${ARTIFACTS}/${screenshot}.png`, fullPage: true });
  await button.click();
  return result;
}

async function openLibraryPage(name: string, origin = env.dappUrl, query = ''): Promise<Page> {
  const page = await session.context.newPage();
  await page.goto(new URL(`/libraries/${name}${query}`, origin).href);
  current = page;
  page.on('pageerror', (error) => console.log(`[${name}] page error: ${error.message}`));
  await page.waitForFunction(() => window.pageLog?.ready?.length === 1, undefined, { timeout: 60_000 });
  return page;
}

const call = <T>(page: Page, name: string, ...args: unknown[]): Promise<T> =>
  page.evaluate(([fn, list]) => (window.lib[fn as string] as (...a: unknown[]) => unknown)(...(list as unknown[])), [
    name,
    args,
  ] as const) as Promise<T>;

const logOf = <T = unknown>(page: Page, kind: string): Promise<T[]> =>
  page.evaluate((k) => (window.pageLog[k] ?? []) as unknown[], kind) as Promise<T[]>;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  token = env.tokenAddress!;
  rpcUrl = env.sources.find((s) => s.id === 'bravo')!.url;
  await fundTokenSender(rpcUrl, token);
  secondChain = await startAnvil({ chainId: SECOND_CHAIN_ID, mnemonic: TEST_MNEMONIC });
  session = await launchChromium(env.chromeDir);
  const popup = await session.context.newPage();
  await popup.goto(session.popupUrl);
  await importPhrase(popup, TEST_MNEMONIC);
  await popup.getByTestId('balance-native').waitFor({ timeout: 30_000 });
  await popup.close();
});

afterEach(async (context) => {
  if (context.task.result?.state === 'fail' && current && !current.isClosed()) {
    console.log('page log:', JSON.stringify(await current.evaluate(() => window.pageLog).catch(() => null)));
  }
  current = null;
});

afterAll(async () => {
  await session?.close();
  await secondChain?.stop();
});

describe('library dapps in Chromium', () => {
  it('a legacy page: isMetaMask, enable(), sendAsync, personal_ecRecover equals eth_accounts[0], eth_signTypedData v1', async () => {
    const page = await openLibraryPage('legacy');
    const probe = await call<Record<string, unknown>>(page, 'probe');
    expect(probe).toEqual({
      isMetaMask: true,
      unlocked: true,
      clientVersion: expect.any(String),
      listening: true,
      syncing: false,
    });
    // EIP-6963 still names Accord, never MetaMask.
    const announced = await page.evaluate(
      () =>
        new Promise((resolve) => {
          window.addEventListener('eip6963:announceProvider', (e) => resolve((e as CustomEvent).detail.info), {
            once: true,
          });
          window.dispatchEvent(new Event('eip6963:requestProvider'));
        }),
    );
    expect(announced).toMatchObject({ name: 'Accord', rdns: 'wallet.accord' });

    const accounts = await approve(() => call<string[]>(page, 'enable'), 'legacy-connect');
    expect(accounts).toEqual([ME.toLowerCase()]);
    const signed = await approve(() =>
      call<Record<string, unknown>>(page, 'signAndRecover', 'Sign in to the old dapp'),
    );
    expect(signed).toEqual({ account: ME.toLowerCase(), recovered: ME.toLowerCase(), verified: true });
    const typed = await approve(
      () => call<{ account: string; data: TypedDataV1Field[]; signature: string }>(page, 'signTypedV1'),
      'legacy-typed-data-v1',
    );
    expect(typed.account).toBe(ME.toLowerCase());
    expect(recoverTypedSignature({ ...typed, version: SignTypedDataVersion.V1 })).toBe(ME.toLowerCase());

    const batch = await call<{ error: unknown; responses: unknown[] }>(page, 'batch');
    expect(batch).toEqual({
      error: null,
      responses: [
        { id: 101, jsonrpc: '2.0', result: '0x7a69' },
        { id: 102, jsonrpc: '2.0', result: '31337' },
        {
          id: 103,
          jsonrpc: '2.0',
          error: { code: 4200, message: 'The method "eth_no_such_method" does not exist / is not available.' },
        },
      ],
    });
    expect(await logOf(page, 'errors')).toEqual([]);
    await page.close();
  });

  it('a page hears disconnect (4901) when every source is down and connect when they are back', async () => {
    const control = connectDevnetControl(env.controlUrl);
    const page = await openLibraryPage('legacy');
    await expect
      .poll(() => logOf(page, 'events'), { timeout: 20_000 })
      .toContainEqual(['connect', { chainId: '0x7a69' }]);
    const sources = env.sources.map((s) => s.id);
    const fresh = (i: number) => `0x${(0xabc000 + i).toString(16).padStart(40, '0')}`;
    let i = 0;
    try {
      for (const id of sources) await control.setBehaviour(id, 'down');
      await expect
        .poll(async () => (await call<{ error?: number }>(page, 'balance', fresh(i++))).error, { timeout: 60_000 })
        .toBe(-32603);
      await expect.poll(() => logOf(page, 'events'), { timeout: 20_000 }).toContainEqual(['disconnect', 4901]);
    } finally {
      for (const source of E2E_SOURCES) await control.setBehaviour(source.id, source.behaviour);
    }
    await expect
      .poll(async () => (await call<{ result?: string }>(page, 'balance', fresh(i++))).result, { timeout: 90_000 })
      .toBe('0x0');
    await expect
      .poll(async () => (await logOf(page, 'events')).map((e) => (e as unknown[])[0]), { timeout: 20_000 })
      .toEqual(['connect', 'disconnect', 'connect']);
    await page.close();
  });

  it('with "Let dapps that look for MetaMask use Accord" off: no isMetaMask, checksummed accounts', async () => {
    const popup = await session.context.newPage();
    await popup.goto(`${session.popupUrl}#/settings`);
    const toggle = popup.getByTestId('metamask-compat');
    await expect.poll(() => toggle.isChecked(), { timeout: 20_000 }).toBe(true);
    await toggle.click();
    await expect.poll(() => toggle.isChecked()).toBe(false);
    const page = await openLibraryPage('legacy');
    await expect.poll(() => page.evaluate(() => (window.ethereum as { isMetaMask?: boolean }).isMetaMask)).toBe(false);
    expect(await call(page, 'accounts')).toEqual([ME]);
    await toggle.click();
    await expect.poll(() => toggle.isChecked()).toBe(true);
    await page.reload();
    await page.waitForFunction(() => window.pageLog?.ready?.length === 1);
    await expect.poll(() => page.evaluate(() => (window.ethereum as { isMetaMask?: boolean }).isMetaMask)).toBe(true);
    expect(await call(page, 'accounts')).toEqual([ME.toLowerCase()]);
    await page.close();
    await popup.close();
  });

  it('ethers v6 BrowserProvider: each Transfer event delivered exactly once, and provider.on("block")', async () => {
    const page = await openLibraryPage('ethers');
    await call(page, 'watch', token);
    // ethers reports blocks after the first it polled: mine until it has reported one (its filter is live then).
    await expect
      .poll(
        async () => {
          await mine(rpcUrl, 1);
          return (await logOf(page, 'blocks')).length;
        },
        { timeout: 60_000, interval: 2_000 },
      )
      .toBeGreaterThan(0);
    const sent = await emitTransfers(rpcUrl, token, 3);
    await expect.poll(async () => (await logOf(page, 'transfers')).length, { timeout: 60_000 }).toBe(3);
    // A few more blocks, seen by the page: any duplicate delivery would have happened by then.
    const top = await mine(rpcUrl, 2);
    await expect.poll(async () => Math.max(...(await logOf<number>(page, 'blocks'))), { timeout: 60_000 }).toBe(top);
    const transfers = await logOf<{ tx: string; value: string }>(page, 'transfers');
    expect(transfers.map((t) => t.tx)).toEqual(sent.map((s) => s.hash));
    expect(transfers.map((t) => t.value)).toEqual(['1', '2', '3']);
    expect(await logOf(page, 'errors')).toEqual([]);
    await page.close();
  });

  it('web3.js v4: newBlockHeaders and logs subscriptions, still delivered after the service worker restarts', async () => {
    const page = await openLibraryPage('web3');
    await call(page, 'subscribe', token);
    const sent = await emitTransfers(rpcUrl, token, 2);
    await expect.poll(async () => (await logOf(page, 'logs')).length, { timeout: 60_000 }).toBe(2);
    const heads = await logOf<{ number: number }>(page, 'heads');
    expect(heads.map((h) => h.number)).toEqual(expect.arrayContaining(sent.map((s) => s.blockNumber)));
    expect(await logOf(page, 'logs')).toEqual(
      sent.map((s) => ({ tx: s.hash, index: expect.any(Number), removed: false })),
    );

    await terminateServiceWorker(session);
    const after = await emitTransfers(rpcUrl, token, 1);
    await expect.poll(async () => (await logOf(page, 'logs')).length, { timeout: 90_000 }).toBe(3);
    expect((await logOf<{ tx: string }>(page, 'logs'))[2].tx).toBe(after[0].hash);
    const numbers = (await logOf<{ number: number }>(page, 'heads')).map((h) => h.number);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(await logOf(page, 'errors')).toEqual([]);
    await page.close();
  });

  it('viem: watchContractEvent, watchPendingTransactions without error, sendCalls reaching success', async () => {
    const page = await openLibraryPage('viem');
    await call(page, 'watch', token);
    await page.waitForTimeout(2_500); // viem creates its filters on its first poll (1 s)
    const sent = await emitTransfers(rpcUrl, token, 2);
    await expect.poll(async () => (await logOf(page, 'transfers')).length, { timeout: 60_000 }).toBe(2);
    expect((await logOf<{ tx: string }>(page, 'transfers')).map((t) => t.tx)).toEqual(sent.map((s) => s.hash));

    expect(await call(page, 'capabilities')).toEqual({ 31337: { atomic: { status: 'unsupported' } } });
    const result = await approve(
      () => call<Record<string, unknown>>(page, 'sendCalls', DEFAULT_ACCOUNTS[1].address, token),
      'viem-send-calls',
    );
    expect(result).toMatchObject({ status: 'success', statusCode: 200, receipts: 2 });
    expect(await logOf(page, 'errors')).toEqual([]);
    await page.close();
  });

  it('wagmi injected connector: connect, sign, switch to a chain added with one URL, reconnect after reload', async () => {
    const query = `?rpc=${encodeURIComponent(rpcUrl)}&second=${encodeURIComponent(secondChain.url)}&secondId=${SECOND_CHAIN_ID}`;
    const page = await openLibraryPage('wagmi', env.secondDappUrl, query);
    const connected = await approve(() => call<Record<string, unknown>>(page, 'connect'), 'wagmi-connect');
    expect(connected).toMatchObject({ status: 'connected', chainId: 31337 });
    expect(String(connected.address).toLowerCase()).toBe(ME.toLowerCase());

    const { signature } = await approve(() => call<{ signature: `0x${string}` }>(page, 'sign', 'Hello from wagmi'));
    expect(await verifyMessage({ address: ME, message: 'Hello from wagmi', signature })).toBe(true);

    // The wallet does not know chain 1337: wagmi adds it with its one RPC URL, then switches.
    const opened = session.context.waitForEvent('page');
    const switched = call<Record<string, unknown>>(page, 'switchChain', SECOND_CHAIN_ID);
    const approval = await opened;
    await approval.getByRole('button', { name: 'Approve', exact: true }).waitFor();
    await expect
      .poll(() => approval.getByTestId('approval-unconfirmable').textContent())
      .toMatch(/cannot be confirmed.*add sources from other operators/);
    await approval.screenshot({ path: `${ARTIFACTS}/wagmi-add-chain.png`, fullPage: true });
    await approval.getByRole('button', { name: 'Approve', exact: true }).click();
    expect(await switched).toMatchObject({ status: 'connected', chainId: SECOND_CHAIN_ID });

    await page.reload();
    await page.waitForFunction(() => window.pageLog?.ready?.length === 1);
    expect(await call(page, 'reconnect')).toMatchObject({ status: 'connected', chainId: SECOND_CHAIN_ID });
    expect(await logOf(page, 'errors')).toEqual([]);
    await page.close();
  });
});
