// The built extension in real browsers: a loopback dapp sees the provider before its own scripts,
// receives the EIP-6963 announcement, and gets eth_chainId answered by the background from the devnet.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDevnetControl } from '../fixtures/devnet';
import { type ChromiumSession, type FirefoxSession, launchChromium, launchFirefox } from './support/browsers';

const env = inject('accord');
const devnet = connectDevnetControl(env.controlUrl);

interface PageProbe {
  sawEthereumBeforeScripts: boolean;
  announced: { name: string; rdns: string; uuid: string; icon: string }[];
  isMetaMask: unknown;
}

const probeScript = () => {
  const w = window as unknown as {
    __sawEthereumBeforeScripts: boolean;
    __announced: { info: { name: string; rdns: string; uuid: string; icon: string } }[];
    ethereum?: { isMetaMask?: unknown };
  };
  return {
    sawEthereumBeforeScripts: w.__sawEthereumBeforeScripts,
    announced: (w.__announced ?? []).map((d) => ({ ...d.info })),
    isMetaMask: w.ethereum?.isMetaMask,
  };
};

const chainIdScript = () =>
  (window as unknown as { ethereum: { request(a: { method: string }): Promise<string> } }).ethereum.request({
    method: 'eth_chainId',
  });

function chainIdRequestsAtDevnet(counts: Record<string, { methods: Record<string, number> }>): number {
  return Object.values(counts).reduce((sum, c) => sum + (c.methods.eth_chainId ?? 0), 0);
}

function expectAccordProbe(probe: PageProbe) {
  expect(probe.sawEthereumBeforeScripts).toBe(true);
  const accord = probe.announced.find((info) => info.rdns === 'wallet.accord');
  expect(accord?.name).toBe('Accord');
  expect(accord?.icon).toMatch(/^data:image\/svg\+xml;base64,/);
  expect(accord?.uuid).toMatch(/^[0-9a-f-]{36}$/);
  // "Let dapps that look for MetaMask use Accord" is on by default; EIP-6963 above still names Accord.
  expect(probe.isMetaMask).toBe(true);
}

describe('Chromium', () => {
  let session: ChromiumSession;
  beforeAll(async () => {
    session = await launchChromium(env.chromeDir);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('injects the provider before page scripts, announces it, and answers eth_chainId from the devnet', async () => {
    const page = await session.context.newPage();
    await page.goto(env.dappUrl);
    await page.waitForFunction(() => (window as unknown as { __announced?: unknown[] }).__announced?.length);
    expectAccordProbe(await page.evaluate(probeScript));
    expect(await page.evaluate(chainIdScript)).toBe('0x7a69');
    expect(chainIdRequestsAtDevnet(await devnet.counts())).toBeGreaterThan(0);
  });
});

describe('Firefox', () => {
  let session: FirefoxSession;
  beforeAll(async () => {
    session = await launchFirefox(env.firefoxDir);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('injects the provider before page scripts, announces it, and answers eth_chainId from the devnet', async () => {
    const page = await session.browser.newPage();
    await page.goto(env.dappUrl);
    await page.waitForFunction(() => (window as unknown as { __announced?: unknown[] }).__announced?.length);
    expectAccordProbe(await page.evaluate(probeScript));
    expect(await page.evaluate(chainIdScript)).toBe('0x7a69');
    expect(chainIdRequestsAtDevnet(await devnet.counts())).toBeGreaterThan(0);
  });
});
