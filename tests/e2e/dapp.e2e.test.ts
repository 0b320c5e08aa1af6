// A real dapp page (viem over the EIP-1193 provider it found through EIP-6963 with mipd) against the built
// extension in Chromium, the real background and the devnet (anvil behind fault-injecting sources).
// Every approval is given in the approval window the background opens, with its Approve/Reject buttons.
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { callRpc, DEFAULT_ACCOUNTS, TEST_MNEMONIC } from '../fixtures/devnet';
import { type AnvilProcess, startAnvil } from '../fixtures/devnet/anvil';
import {
  type ChromiumSession,
  importPhraseInChromium,
  launchChromium,
  terminateServiceWorker,
} from './support/browsers';
import { withColludingZeroSources } from './support/colluding';

const env = inject('accord');
const ARTIFACTS = 'test-artifacts/dapp';
const ME = DEFAULT_ACCOUNTS[0].address;
const SECOND_CHAIN_ID = 1337;

let session: ChromiumSession;
let dapp: Page;
let secondChain: AnvilProcess;

/**
 * Runs `action`, waits for the approval window it opens, and clicks `button` there. Returns the origin the
 * window named (read before the click: the window closes itself once answered).
 */
async function answerApproval(action: () => Promise<void>, button: 'Approve' | 'Reject', screenshot?: string) {
  const opened = session.context.waitForEvent('page');
  await action();
  const approval = await opened;
  await approval.waitForURL(/#\/approval\//);
  const target = approval.getByRole('button', { name: button, exact: true });
  await target.waitFor();
  if (screenshot) await approval.screenshot({ path: `${ARTIFACTS}/${screenshot}.png`, fullPage: true });
  const origin = await approval.getByTestId('approval-origin').textContent();
  await target.click();
  // One window serves the approval queue: let it close, so the next request opens a window again.
  await approval.waitForEvent('close', { timeout: 10_000 }).catch(() => {});
  return { origin };
}

const text = (page: Page, id: string) => page.getByTestId(id).textContent();

async function openDapp(url: string): Promise<Page> {
  const page = await session.context.newPage();
  await page.goto(url);
  await page.getByTestId('wallet-status').filter({ hasText: 'Accord found' }).waitFor({ timeout: 20_000 });
  return page;
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  secondChain = await startAnvil({ chainId: SECOND_CHAIN_ID, mnemonic: TEST_MNEMONIC });
  session = await launchChromium(env.chromeDir);
  await importPhraseInChromium(session);
});

afterAll(async () => {
  await session?.close();
  await secondChain?.stop();
});

describe('a dapp built on viem and mipd (Chromium)', () => {
  it('finds Accord through EIP-6963 and connects after approval in the window', async () => {
    dapp = await openDapp(env.dappUrl);
    expect(await text(dapp, 'wallets')).toContain('Accord (wallet.accord)');
    const { origin } = await answerApproval(() => dapp.getByTestId('connect').click(), 'Approve', 'connect');
    expect(origin).toBe(new URL(env.dappUrl).origin);
    await expect.poll(() => text(dapp, 'accounts'), { timeout: 20_000 }).toBe(ME);
    await dapp.getByTestId('get-chain-id').click();
    await expect.poll(() => text(dapp, 'chain-id')).toBe('31337');
  });

  it('personal_sign and signTypedData_v4 signatures verify on the page', async () => {
    await answerApproval(() => dapp.getByTestId('personal-sign').click(), 'Approve', 'personal-sign');
    await expect.poll(() => text(dapp, 'signature-valid'), { timeout: 20_000 }).toBe('valid');
    await answerApproval(() => dapp.getByTestId('sign-typed-data').click(), 'Approve', 'typed-data');
    await expect.poll(() => text(dapp, 'typed-signature-valid'), { timeout: 20_000 }).toBe('valid');
  });

  it('sends 0.1 ETH and sees the receipt', async () => {
    await answerApproval(() => dapp.getByTestId('send-transaction').click(), 'Approve', 'transaction');
    await expect.poll(() => text(dapp, 'tx-hash'), { timeout: 20_000 }).toMatch(/^0x[0-9a-f]{64}$/);
    await expect.poll(() => text(dapp, 'tx-status'), { timeout: 60_000 }).toBe('success');
    expect(await text(dapp, 'last-error')).toBe('');
  });

  it('two colluding sources answering 0 first cannot give the dapp a zero balance: it gets the proven one', async () => {
    await withColludingZeroSources(env, async (_devnet, anvilUrl) => {
      const truth = BigInt(await callRpc<string>(anvilUrl, 'eth_getBalance', [ME, 'latest']));
      // Reads are pinned to the agreed head, which may trail the node by a refresh: ask until it caught up.
      const seen: bigint[] = [];
      await expect
        .poll(
          async () => {
            await dapp.getByTestId('balance').evaluate((el) => el.removeAttribute('data-wei'));
            await dapp.getByTestId('get-balance').click();
            await dapp.locator('[data-testid="balance"][data-wei]').waitFor({ timeout: 10_000 });
            seen.push(BigInt((await dapp.getByTestId('balance').getAttribute('data-wei'))!));
            return seen[seen.length - 1];
          },
          { timeout: 30_000, interval: 500 },
        )
        .toBe(truth);
      expect(seen.every((wei) => wei > 0n)).toBe(true);
      expect(await text(dapp, 'last-error')).toBe('');
    });
  });

  it('rejecting gives 4001, and so does closing the approval window', async () => {
    await answerApproval(() => dapp.getByTestId('personal-sign').click(), 'Reject');
    await expect.poll(() => text(dapp, 'last-error'), { timeout: 20_000 }).toMatch(/^4001: /);

    const opened = session.context.waitForEvent('page');
    await dapp.getByTestId('personal-sign').click();
    const approval = await opened;
    await approval.getByRole('button', { name: 'Approve', exact: true }).waitFor();
    await approval.close();
    await expect.poll(() => text(dapp, 'last-error'), { timeout: 20_000 }).toMatch(/^4001: .*window was closed/);
  });

  it('a second origin gets no accounts and 4100 on signing', async () => {
    const other = await openDapp(env.secondDappUrl);
    const result = await other.evaluate(async (address) => {
      const provider = window.dapp!.provider;
      const accounts = await provider.request({ method: 'eth_accounts' });
      const code = await provider
        .request({ method: 'personal_sign', params: ['0x48656c6c6f', address] })
        .then(() => 'signed')
        .catch((error: { code: number }) => error.code);
      return { accounts, code };
    }, ME);
    expect(result).toEqual({ accounts: [], code: 4100 });
    await other.close();
  });

  it('a request pending while the service worker restarts still completes', async () => {
    const opened = session.context.waitForEvent('page');
    await dapp.getByTestId('message').fill('Signed across a service worker restart');
    await dapp.getByTestId('personal-sign').click();
    const approval = await opened;
    await approval.getByRole('button', { name: 'Approve', exact: true }).waitFor();
    const marker = () => (globalThis as { __accordTestMarker?: string }).__accordTestMarker ?? null;
    await (await session.serviceWorker()).evaluate(() => {
      (globalThis as { __accordTestMarker?: string }).__accordTestMarker = 'before restart';
    });
    await terminateServiceWorker(session);
    // The page's request is now answered only if the relay re-sends it and the new worker re-attaches it.
    await approval.waitForTimeout(1_000);
    const closed = approval.waitForEvent('close', { timeout: 15_000 });
    await approval.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect.poll(() => text(dapp, 'signature-valid'), { timeout: 30_000 }).toBe('valid');
    expect(await text(dapp, 'last-error')).toBe('');
    // The window closes once its queue is empty (the next test's request opens a new one).
    await closed;
    // The worker that answered is a new one.
    expect(await (await session.serviceWorker()).evaluate(marker)).toBeNull();
  });

  it('adds a chain (its rpcUrl chain-id-checked and shown), is switched to it, and switches back', async () => {
    await dapp.getByTestId('target-chain-id').fill(String(SECOND_CHAIN_ID));
    await dapp.getByTestId('add-chain-rpc').fill(secondChain.url);
    await answerApproval(() => dapp.getByTestId('add-chain').click(), 'Approve', 'add-chain');
    await expect.poll(() => text(dapp, 'add-result'), { timeout: 30_000 }).toBe('added');
    await expect.poll(() => text(dapp, 'events')).toContain('chainChanged "0x539"');
    await dapp.getByTestId('get-chain-id').click();
    await expect.poll(() => text(dapp, 'chain-id')).toBe(String(SECOND_CHAIN_ID));

    await dapp.getByTestId('target-chain-id').fill('31337');
    await answerApproval(() => dapp.getByTestId('switch-chain').click(), 'Approve', 'switch-chain');
    await expect.poll(() => text(dapp, 'switch-result'), { timeout: 30_000 }).toBe('switched');
    await expect.poll(() => text(dapp, 'events')).toContain('chainChanged "0x7a69"');
    await dapp.getByTestId('get-chain-id').click();
    await expect.poll(() => text(dapp, 'chain-id')).toBe('31337');
  });

  it('revoking in the connected-sites list removes access and tells the page', async () => {
    const origin = new URL(env.dappUrl).origin;
    const popup = await session.context.newPage();
    await popup.goto(`${session.popupUrl}#/sites`);
    await popup.getByRole('button', { name: `Revoke ${origin}` }).click();
    await expect.poll(() => popup.getByText('No site is connected.').count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => text(dapp, 'events'), { timeout: 20_000 }).toContain('accountsChanged []');
    expect(await dapp.evaluate(() => window.dapp!.provider.request({ method: 'eth_accounts' }))).toEqual([]);
    await popup.close();
  });
});
