// The library-dapp suite, run in Chromium (dapp-libraries.e2e.test.ts) and Firefox
// (dapp-libraries-firefox.e2e.test.ts): pages built on ethers v6, web3.js v4, viem, wagmi core and an
// old-style window.ethereum page, served on loopback, against the built extension and the devnet. Every
// approval is given in Accord's approval window.
import { mkdirSync } from 'node:fs';
import { recoverTypedSignature, SignTypedDataVersion, type TypedDataV1Field } from '@metamask/eth-sig-util';
import { verifyMessage } from 'viem';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDevnetControl, DEFAULT_ACCOUNTS, TEST_MNEMONIC } from '../../fixtures/devnet';
import { type AnvilProcess, startAnvil } from '../../fixtures/devnet/anvil';
import type { Driver, DriverPage } from './drivers';
import { E2E_SOURCES } from './global-setup';
import { emitTransfers, fundTokenSender, mine } from './library-dapps';

const ME = DEFAULT_ACCOUNTS[0].address;
const SECOND_CHAIN_ID = 1337;

export interface LibrarySuiteBrowser {
  /** Launches the browser with the extension and imports TEST_MNEMONIC into the wallet. */
  start(): Promise<Driver>;
  stop(): Promise<void>;
  /** Stops the background the way the browser does when idle (Chromium's service worker). */
  restartBackground?(): Promise<void>;
  /** Turns "Let dapps that look for MetaMask use Accord" on or off in the popup's Settings. */
  setMetamaskCompat?(enabled: boolean): Promise<void>;
}

export function libraryDappSuite(browserName: string, browser: LibrarySuiteBrowser): void {
  const env = inject('accord');
  const artifacts = `test-artifacts/dapp-libraries/${browserName.toLowerCase()}`;
  let driver: Driver;
  let secondChain: AnvilProcess;
  let token: string;
  let rpcUrl: string;
  let current: DriverPage | null = null;

  async function openLibraryPage(name: string, origin = env.dappUrl, query = ''): Promise<DriverPage> {
    const page = await driver.newPage(new URL(`/libraries/${name}${query}`, origin).href);
    current = page;
    await page.waitForFunction(() => window.pageLog?.ready?.length === 1, undefined);
    return page;
  }

  const call = <T>(page: DriverPage, name: string, ...args: unknown[]): Promise<T> =>
    page.evaluate(([fn, list]) => (window.lib[fn as string] as (...a: unknown[]) => unknown)(...(list as unknown[])), [
      name,
      args,
    ] as const) as Promise<T>;

  const logOf = <T = unknown>(page: DriverPage, kind: string): Promise<T[]> =>
    page.evaluate((k) => (window.pageLog[k] ?? []) as unknown[], kind) as Promise<T[]>;

  const shot = (name: string) => `${artifacts}/${name}.png`;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    token = env.tokenAddress!;
    rpcUrl = env.sources.find((s) => s.id === 'bravo')!.url;
    await fundTokenSender(rpcUrl, token);
    secondChain = await startAnvil({ chainId: SECOND_CHAIN_ID, mnemonic: TEST_MNEMONIC });
    driver = await browser.start();
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && current) {
      console.log('page log:', JSON.stringify(await current.evaluate(() => window.pageLog, null).catch(() => null)));
    }
    current = null;
  });

  afterAll(async () => {
    await browser.stop();
    await secondChain?.stop();
  });

  describe(`library dapps in ${browserName}`, () => {
    it('the demo dapp (viem, EIP-6963): connect → personal_sign → typed data v4 → send 0.1 ETH', async () => {
      // Its own origin (localhost, not 127.0.0.1), so the connect below is asked for in this browser.
      const url = new URL(env.dappUrl);
      url.hostname = 'localhost';
      const page = await driver.newPage(url.href);
      current = page;
      const text = (id: string) =>
        page.evaluate((testId) => document.querySelector(`[data-testid="${testId}"]`)?.textContent ?? '', id);
      const click = (id: string) =>
        page.evaluate((testId) => {
          document.querySelector<HTMLButtonElement>(`[data-testid="${testId}"]`)?.click();
        }, id);
      await expect.poll(() => text('wallet-status'), { timeout: 20_000 }).toContain('Accord found');
      await driver.approve(() => click('connect'), { screenshot: shot('demo-connect') });
      await expect.poll(() => text('accounts'), { timeout: 20_000 }).toBe(ME);
      await driver.approve(() => click('personal-sign'));
      await expect.poll(() => text('signature-valid'), { timeout: 20_000 }).toBe('valid');
      await driver.approve(() => click('sign-typed-data'), { screenshot: shot('demo-typed-data') });
      await expect.poll(() => text('typed-signature-valid'), { timeout: 20_000 }).toBe('valid');
      await driver.approve(() => click('send-transaction'), { screenshot: shot('demo-transaction') });
      await expect.poll(() => text('tx-status'), { timeout: 60_000 }).toBe('success');
      expect(await text('last-error')).toBe('');
      await page.close();
    });

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
        null,
      );
      expect(announced).toMatchObject({ name: 'Accord', rdns: 'wallet.accord' });

      const accounts = await driver.approve(() => call<string[]>(page, 'enable'), {
        screenshot: shot('legacy-connect'),
      });
      expect(accounts).toEqual([ME.toLowerCase()]);
      const signed = await driver.approve(() =>
        call<Record<string, unknown>>(page, 'signAndRecover', 'Sign in, old dapp'),
      );
      expect(signed).toEqual({ account: ME.toLowerCase(), recovered: ME.toLowerCase(), verified: true });
      const typed = await driver.approve(
        () => call<{ account: string; data: TypedDataV1Field[]; signature: string }>(page, 'signTypedV1'),
        { expectText: /Lucky number/, screenshot: shot('legacy-typed-data-v1') },
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
      const fresh = (i: number) => `0x${(0xabc000 + i).toString(16).padStart(40, '0')}`;
      let i = 0;
      try {
        for (const source of E2E_SOURCES) await control.setBehaviour(source.id, 'down');
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
        .poll(async () => (await logOf<unknown[]>(page, 'events')).map((e) => e[0]), { timeout: 20_000 })
        .toEqual(['connect', 'disconnect', 'connect']);
      await page.close();
    });

    it('with "Let dapps that look for MetaMask use Accord" off: no isMetaMask, checksummed accounts', async (context) => {
      if (!browser.setMetamaskCompat) return context.skip();
      const atLoad = (page: DriverPage) => page.evaluate(() => (window as { atLoad?: unknown }).atLoad, null);
      await browser.setMetamaskCompat(false);
      const page = await openLibraryPage('legacy');
      // The page's first inline script already saw it: no later correction.
      expect(await atLoad(page)).toEqual({ isMetaMask: false });
      expect(await page.evaluate(() => (window.ethereum as { isMetaMask?: boolean }).isMetaMask, null)).toBe(false);
      expect(await call(page, 'accounts')).toEqual([ME]);
      await browser.setMetamaskCompat(true);
      await page.reload();
      await page.waitForFunction(() => window.pageLog?.ready?.length === 1, undefined);
      expect(await atLoad(page)).toEqual({ isMetaMask: true });
      expect(await page.evaluate(() => (window.ethereum as { isMetaMask?: boolean }).isMetaMask, null)).toBe(true);
      expect(await call(page, 'accounts')).toEqual([ME.toLowerCase()]);
      await page.close();
    });

    it('ethers v6 BrowserProvider: each Transfer event delivered exactly once, and provider.on("block")', async () => {
      const page = await openLibraryPage('ethers');
      await call(page, 'watch', token);
      // ethers reports blocks after the first it polled: mine until it reported one (its filter is live then).
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
      // More blocks, seen by the page: a duplicate delivery would have happened by then.
      const top = await mine(rpcUrl, 2);
      await expect.poll(async () => Math.max(...(await logOf<number>(page, 'blocks'))), { timeout: 60_000 }).toBe(top);
      const transfers = await logOf<{ tx: string; value: string }>(page, 'transfers');
      expect(transfers.map((t) => t.tx)).toEqual(sent.map((s) => s.hash));
      expect(transfers.map((t) => t.value)).toEqual(['1', '2', '3']);
      // A method Accord does not serve: ethers recognises MetaMask's wording as an unsupported operation.
      expect(await call(page, 'unsupported', 'eth_signTransaction')).toEqual({
        code: 'UNSUPPORTED_OPERATION',
        operation: 'eth_signTransaction',
      });
      expect(await logOf(page, 'errors')).toEqual([]);
      await page.close();
    });

    it('web3.js v4: newBlockHeaders and logs subscriptions (also across a background restart where the browser has one)', async () => {
      const page = await openLibraryPage('web3');
      await call(page, 'subscribe', token);
      const sent = await emitTransfers(rpcUrl, token, 2);
      await expect.poll(async () => (await logOf(page, 'logs')).length, { timeout: 60_000 }).toBe(2);
      const heads = await logOf<{ number: number }>(page, 'heads');
      expect(heads.map((h) => h.number)).toEqual(expect.arrayContaining(sent.map((s) => s.blockNumber)));
      expect(await logOf(page, 'logs')).toEqual(
        sent.map((s) => ({ tx: s.hash, index: expect.any(Number), removed: false })),
      );

      if (browser.restartBackground) await browser.restartBackground();
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
      // viem creates its filters on its first poll (1 s); transfers before that would predate them.
      await page.evaluate(() => new Promise((r) => setTimeout(r, 2_500)), null);
      const sent = await emitTransfers(rpcUrl, token, 2);
      await expect.poll(async () => (await logOf(page, 'transfers')).length, { timeout: 60_000 }).toBe(2);
      expect((await logOf<{ tx: string }>(page, 'transfers')).map((t) => t.tx)).toEqual(sent.map((s) => s.hash));

      expect(await call(page, 'capabilities')).toEqual({ 31337: { atomic: { status: 'unsupported' } } });
      const result = await driver.approve(
        () => call<Record<string, unknown>>(page, 'sendCalls', DEFAULT_ACCOUNTS[1].address, token),
        { expectText: /Call 2 of 2/, screenshot: shot('viem-send-calls') },
      );
      expect(result).toMatchObject({ status: 'success', statusCode: 200, receipts: 2 });
      // A method Accord does not serve: viem maps it to its own error type (4200), as for MetaMask.
      expect(await call(page, 'unsupported', 'eth_signTransaction')).toEqual({
        name: 'UnsupportedProviderMethodError',
        code: 4200,
      });
      expect(await logOf(page, 'errors')).toEqual([]);
      await page.close();
    });

    it('wagmi injected connector: connect, sign, switch to a chain added with one URL, reconnect after reload', async () => {
      const query = `?rpc=${encodeURIComponent(rpcUrl)}&second=${encodeURIComponent(secondChain.url)}&secondId=${SECOND_CHAIN_ID}`;
      const page = await openLibraryPage('wagmi', env.secondDappUrl, query);
      const connected = await driver.approve(() => call<Record<string, unknown>>(page, 'connect'), {
        screenshot: shot('wagmi-connect'),
      });
      expect(connected).toMatchObject({ status: 'connected', chainId: 31337 });
      expect(String(connected.address).toLowerCase()).toBe(ME.toLowerCase());

      const { signature } = await driver.approve(() =>
        call<{ signature: `0x${string}` }>(page, 'sign', 'Hello from wagmi'),
      );
      expect(await verifyMessage({ address: ME, message: 'Hello from wagmi', signature })).toBe(true);

      // Accord does not know chain 1337: wagmi adds it with its one RPC URL, and the approval says what that
      // means and links to the network's screen; following the link approves and the window goes there.
      const switched = await driver.approve(() => call<Record<string, unknown>>(page, 'switchChain', SECOND_CHAIN_ID), {
        expectText: /cannot be confirmed[\s\S]*add sources from other operators/,
        screenshot: shot('wagmi-add-chain'),
        via: {
          link: 'approval-add-sources',
          href: `#/networks/${SECOND_CHAIN_ID}`,
          landsOn: new RegExp(`Chain id ${SECOND_CHAIN_ID}`),
          screenshot: shot('wagmi-add-chain-network'),
        },
      });
      expect(switched).toMatchObject({ status: 'connected', chainId: SECOND_CHAIN_ID });

      await page.reload();
      await page.waitForFunction(() => window.pageLog?.ready?.length === 1, undefined);
      expect(await call(page, 'reconnect')).toMatchObject({ status: 'connected', chainId: SECOND_CHAIN_ID });
      expect(await logOf(page, 'errors')).toEqual([]);
      await page.close();
    });
  });
}
