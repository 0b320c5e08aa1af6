// What the user approves is what is signed, in the built extension with the real background and the devnet,
// the same steps in Chromium (approval-safety.e2e.test.ts) and Firefox (approval-safety-firefox.e2e.test.ts):
// one window serving a queue with Approve held back until it has had focus, hidden characters flagged, a
// locked wallet's permissions, add-network limits, a popup Send whose review differs from what sources say
// later, and unconfirmed values signed only with consent (last: it takes sources down).
import { mkdirSync } from 'node:fs';
import { type Hex, stringToHex } from 'viem';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { formatAmount } from '../../../lib/state/format';
import { callRpc, connectDevnetControl, DEFAULT_ACCOUNTS } from '../../fixtures/devnet';
import { PASSWORD } from '../popup-helpers/popup-page';
import {
  type AnyPage,
  answer,
  ask,
  buttonState,
  clickButton,
  type ExtensionBrowser,
  fill,
  texts,
  tick,
  waitIn,
} from './extension-pages';
import { E2E_SOURCES } from './global-setup';

const ME = DEFAULT_ACCOUNTS[0].address;
const BOB = DEFAULT_ACCOUNTS[1].address;

export interface SafetySuiteBrowser {
  /** Launches the browser with the extension and imports TEST_MNEMONIC into the wallet. */
  start(): Promise<ExtensionBrowser>;
  stop(): Promise<void>;
}

export function approvalSafetySuite(browserName: string, launcher: SafetySuiteBrowser): void {
  const env = inject('accord');
  const devnet = connectDevnetControl(env.controlUrl);
  const artifacts = `test-artifacts/approval-safety/${browserName.toLowerCase()}`;
  let browser: ExtensionBrowser;
  let dapp: AnyPage;
  let anvilUrl: string;

  const noApprovalWindow = async () => {
    for (let i = 0; i < 150; i++) {
      if ((await browser.approvalWindowCount()) === 0) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('an approval window stayed open');
  };

  const minedNonce = async (nonce: number) => {
    type Mined = { from: string; nonce: Hex; maxFeePerGas: Hex; gas: Hex };
    for (let waited = 0; waited < 30_000; waited += 250) {
      if (Number(await callRpc<Hex>(anvilUrl, 'eth_getTransactionCount', [ME, 'latest'])) > nonce) {
        const head = Number(await callRpc<Hex>(anvilUrl, 'eth_blockNumber', []));
        for (let n = head; n >= Math.max(0, head - 32); n--) {
          const block = await callRpc<{ transactions: Mined[] }>(anvilUrl, 'eth_getBlockByNumber', [
            `0x${n.toString(16)}`,
            true,
          ]);
          const sent = block.transactions.find(
            (t) => t.from.toLowerCase() === ME.toLowerCase() && Number(t.nonce) === nonce,
          );
          if (sent) return sent;
        }
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`no transaction with nonce ${nonce} from ${ME} was mined`);
  };

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    anvilUrl = (await devnet.info()).anvilUrl;
    browser = await launcher.start();
    dapp = await browser.newPage(env.dappUrl);
    await waitIn(
      dapp,
      () => ((window as unknown as { ethereum?: unknown }).ethereum ? true : null),
      undefined,
      'the provider',
    );
    await ask(dapp, 'connect', 'eth_requestAccounts', []);
    await clickButton(await browser.approvalWindow(), 'Approve');
    expect(await answer(dapp, 'connect')).toEqual({ result: [ME.toLowerCase()] });
  });

  afterAll(async () => {
    await launcher.stop();
  });

  describe(`approval safety in ${browserName}`, () => {
    it('one window serves a queue; Approve is held back until the window has had focus a moment', async () => {
      await noApprovalWindow();
      await ask(dapp, 'first', 'personal_sign', [stringToHex('first'), ME]);
      await ask(dapp, 'second', 'personal_sign', [stringToHex('second'), ME]);
      const approval = await browser.approvalWindow();
      expect(await texts(approval, 'approval-queue')).toEqual(['1 more request waiting after this one']);
      // Losing focus disarms Approve at once; regaining it starts the delay again.
      const armed = await approval.evaluate(async () => {
        const approve = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Approve');
        const settle = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        window.dispatchEvent(new Event('blur'));
        await settle();
        const afterBlur = approve?.disabled;
        window.dispatchEvent(new Event('focus'));
        await settle();
        return { afterBlur, rightAfterFocus: approve?.disabled };
      }, undefined);
      expect(armed).toEqual({ afterBlur: true, rightAfterFocus: true });
      await clickButton(approval, 'Approve');
      expect(await answer(dapp, 'first')).toMatchObject({ result: expect.stringMatching(/^0x[0-9a-f]{130}$/) });
      // The second request shows in the same window.
      await waitIn(
        approval,
        () =>
          document.querySelector('[data-testid="approval-message"]')?.textContent?.includes('second') ? true : null,
        undefined,
        'the second request',
      );
      expect(await browser.approvalWindowCount()).toBe(1);
      await clickButton(approval, 'Reject');
      expect(await answer(dapp, 'second')).toMatchObject({ error: { code: 4001 } });
    });

    it('a message with invisible or direction-changing characters is flagged, each named', async () => {
      await noApprovalWindow();
      await ask(dapp, 'hidden', 'personal_sign', [stringToHex('Pay 100\u202E001 yap\u200B'), ME]);
      const approval = await browser.approvalWindow();
      const [warning] = await texts(approval, 'approval-hidden-characters');
      expect(warning).toContain('U+202E, U+200B');
      await approval.screenshot(`${artifacts}/hidden-characters.png`);
      await clickButton(approval, 'Reject');
      expect(await answer(dapp, 'hidden')).toMatchObject({ error: { code: 4001 } });
    });

    it('locked: permissions list no accounts; approving with the password unlocks and signs', async () => {
      await noApprovalWindow();
      const popup = await browser.popup('#/');
      await clickButton(popup, 'Lock');
      await waitIn(
        popup,
        () => (document.querySelector('input[type="password"]') ? true : null),
        undefined,
        'the unlock form',
      );
      await ask(dapp, 'permissions', 'wallet_getPermissions', []);
      expect(await answer(dapp, 'permissions')).toMatchObject({
        result: [{ parentCapability: 'eth_accounts', caveats: [{ type: 'restrictReturnedAccounts', value: [] }] }],
      });
      await ask(dapp, 'accounts', 'eth_accounts', []);
      expect(await answer(dapp, 'accounts')).toEqual({ result: [] });

      await ask(dapp, 'locked-sign', 'personal_sign', [stringToHex('while locked'), ME]);
      const approval = await browser.approvalWindow();
      expect(await buttonState(approval, 'Approve')).toBe('disabled');
      await fill(approval, 'Password', PASSWORD);
      await clickButton(approval, 'Approve');
      expect(await answer(dapp, 'locked-sign')).toMatchObject({ result: expect.stringMatching(/^0x/) });
      await ask(dapp, 'permissions', 'wallet_getPermissions', []);
      expect(await answer(dapp, 'permissions')).toMatchObject({
        result: [{ caveats: [{ value: [ME.toLowerCase()] }] }],
      });
      await popup.close();
    });

    it('add-network requests: the page learns only "unreachable", and a site gets three a minute', async () => {
      const chain = (i: number) => [
        {
          chainId: '0x4d2',
          chainName: `Nowhere ${i}`,
          nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
          rpcUrls: ['http://127.0.0.1:9/'],
        },
      ];
      for (let i = 1; i <= 3; i++) {
        await noApprovalWindow();
        await ask(dapp, `add-${i}`, 'wallet_addEthereumChain', chain(i));
        const refused = await answer(dapp, `add-${i}`);
        expect(refused.error?.message).toMatch(/could not reach a source for chain 0x4d2 \(unreachable\)/);
        expect(refused.error?.message).not.toContain('127.0.0.1:9');
      }
      await ask(dapp, 'add-4', 'wallet_addEthereumChain', chain(4));
      expect(await answer(dapp, 'add-4')).toMatchObject({
        error: { code: -32005, message: expect.stringContaining('wait a minute') },
      });
    });

    it('popup Send signs the fees it showed even when sources quote others after the review', async () => {
      const popup = await browser.popup('#/send');
      await fill(popup, 'To', BOB);
      await fill(popup, 'Amount', '0.01');
      await clickButton(popup, 'Review');
      const [reviewed] = await texts(popup, 'review-gas');
      const [, , nonceText] = (reviewed ?? '').split(' · ');
      const liars = env.sources.filter((s) => s.id !== 'alpha-1' && s.id !== 'down' && s.id !== 'zero');
      try {
        // Every source but one now lies about fees and nonce: nothing is prepared again.
        for (const s of liars) await devnet.setBehaviour(s.id, 'txliar');
        await clickButton(popup, 'Confirm and send');
        await waitIn(popup, () => (location.hash.startsWith('#/activity') ? true : null), undefined, 'Activity');
      } finally {
        for (const s of liars) await devnet.setBehaviour(s.id, 'honest');
      }
      const sent = await minedNonce(Number(nonceText));
      // The reviewed gas, fee and nonce were signed (the liars said nonce 0 and a 300 gwei tip).
      expect(
        `${BigInt(sent.gas)} · ${formatAmount(BigInt(sent.maxFeePerGas).toString(), 9, 'gwei', 4)} · ${Number(sent.nonce)}`,
      ).toBe(reviewed);
      await popup.close();
    });
    it('unconfirmed nonce, gas and fees: the approval says so, names the network and chain, signs only once ticked', async () => {
      const others = env.sources.filter((s) => s.operator !== 'Alpha Cloud');
      try {
        // One operator left: nothing it says can be confirmed.
        for (const s of others) await devnet.setBehaviour(s.id, 'down');
        await noApprovalWindow();
        await ask(dapp, 'lonely', 'eth_sendTransaction', [{ from: ME, to: BOB, value: '0x1' }]);
        const approval = await browser.approvalWindow();
        expect(await texts(approval, 'approval-network')).toEqual(['Local devnet (chain 31337)']);
        const [notice] = await texts(approval, 'unconfirmed-values');
        expect(notice).toMatch(/^Unconfirmed: too few sources agreed on the (nonce|gas limit|fees)/);
        // Held back until the box is ticked, however long the window has had focus.
        await approval.bringToFront();
        await new Promise((r) => setTimeout(r, 1_500));
        expect(await buttonState(approval, 'Approve')).toBe('disabled');
        await approval.screenshot(`${artifacts}/unconfirmed-values.png`);
        await tick(approval, 'I checked the');
        await clickButton(approval, 'Approve');
        const sent = await answer(dapp, 'lonely');
        expect(sent.result).toMatch(/^0x[0-9a-f]{64}$/);
      } finally {
        for (const s of others) await devnet.setBehaviour(s.id, E2E_SOURCES.find((e) => e.id === s.id)!.behaviour);
      }
    });
  });
}
