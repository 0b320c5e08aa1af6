// Steps the popup browser tests share: onboarding, reading a balance and its confirmation line, the anvil truth.
import type { Page } from 'playwright-core';
import { formatAmount } from '../../../lib/state/format';

export const PASSWORD = 'correct horse battery staple';
export const POPUP_SIZE = { width: 360, height: 600 };

export async function importPhrase(page: Page, mnemonic: string, password = PASSWORD): Promise<void> {
  await page.getByRole('link', { name: 'Import a recovery phrase' }).click();
  await page.getByLabel('Recovery phrase').fill(mnemonic);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Confirm password').fill(password);
  await page.getByRole('button', { name: 'Import' }).click();
}

export interface BalanceReading {
  amount: string;
  line: string;
  status: string | null;
  block: number | null;
}

/** The amount and its confirmation line, read together (they come from the same snapshot). */
export async function readBalance(page: Page, asset = 'native'): Promise<BalanceReading> {
  return page.evaluate((key) => {
    const amount = document.querySelector(`[data-testid="balance-${key}"]`)?.textContent ?? '';
    const lineElement = document.querySelector(`[data-testid="confirmation-${key}"]`);
    const line = lineElement?.textContent ?? '';
    const block = /block (\d+)/.exec(line);
    return {
      amount,
      line,
      status: lineElement?.getAttribute('data-status') ?? null,
      block: block ? Number(block[1]) : null,
    };
  }, asset);
}

/** Polls until the balance's status is `status` (and `accept` agrees); returns that reading. */
export async function waitForStatus(
  page: Page,
  status: 'verified' | 'confirmed' | 'conflict' | 'unconfirmed' | 'unavailable',
  {
    asset = 'native',
    timeoutMs = 60_000,
    accept = () => true,
  }: { asset?: string; timeoutMs?: number; accept?: (reading: BalanceReading) => boolean } = {},
): Promise<BalanceReading> {
  const deadline = Date.now() + timeoutMs;
  let last: BalanceReading | null = null;
  while (Date.now() < deadline) {
    last = await readBalance(page, asset);
    if (last.status === status && accept(last)) return last;
    await page.waitForTimeout(250);
  }
  throw new Error(`balance-${asset} never became ${status}; last: ${JSON.stringify(last)}`);
}

async function rpc(url: string, method: string, params: unknown[]): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

/** What anvil itself says the balance was at `block`, formatted the way the popup formats it. */
export async function anvilBalance(anvilUrl: string, address: string, block: number, symbol = 'ETH'): Promise<string> {
  const wei = (await rpc(anvilUrl, 'eth_getBalance', [address, `0x${block.toString(16)}`])) as string;
  return formatAmount(BigInt(wei).toString(), 18, symbol);
}

export async function anvilTokenBalance(
  anvilUrl: string,
  token: string,
  owner: string,
  block: number,
): Promise<string> {
  const data = `0x70a08231${owner.slice(2).toLowerCase().padStart(64, '0')}`;
  const word = (await rpc(anvilUrl, 'eth_call', [{ to: token, data }, `0x${block.toString(16)}`])) as string;
  return formatAmount(BigInt(word).toString(), 18, 'ATT');
}

export async function anvilBlockNumber(anvilUrl: string): Promise<number> {
  return Number(await rpc(anvilUrl, 'eth_blockNumber', []));
}
