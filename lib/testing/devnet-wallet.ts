// The background under node on a real devnet (anvil behind three honest sources and a down one, the test
// token deployed), for the wallet's devnet tests: registers the devnet's start and stop with the test file
// and gives each test a fresh background with the test phrase imported.
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type Devnet, startDevnet, TEST_MNEMONIC } from '../../tests/fixtures/devnet';
import { startDevnetBackground, type TestBackground } from './background';

export const WALLET_PASSWORD = 'correct horse battery';

export function devnetWalletHarness() {
  let devnet: Devnet | undefined;
  let background: TestBackground | undefined;
  beforeAll(async () => {
    devnet = await startDevnet({
      sources: [
        { id: 'alpha', operator: 'Alpha' },
        { id: 'bravo', operator: 'Bravo' },
        { id: 'charlie', operator: 'Charlie' },
        { id: 'down', operator: 'Down', behaviour: 'down' },
      ],
      deployToken: true,
    });
  }, 60_000);
  afterAll(async () => {
    await devnet?.stop();
  });
  afterEach(() => background?.close());

  const started = () => {
    if (!devnet) throw new Error('the devnet is not started');
    return devnet;
  };
  return {
    devnet: started,
    background: () => {
      if (!background) throw new Error('no background yet');
      return background;
    },
    /** A fresh background on the devnet with the test phrase imported. */
    async wallet(): Promise<TestBackground> {
      background = await startDevnetBackground(started());
      await background.popup('wallet/importMnemonic', { password: WALLET_PASSWORD, mnemonic: TEST_MNEMONIC });
      return background;
    },
    /** What anvil itself says `address` held at `block`. */
    async balanceAt(address: string, block: number): Promise<bigint> {
      const response = await fetch(started().anvilUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'eth_getBalance',
          params: [address, `0x${block.toString(16)}`],
        }),
      });
      return BigInt(((await response.json()) as { result: string }).result);
    },
  };
}
