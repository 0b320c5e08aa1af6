// The dapp requests the approval-preview browser tests send, and the chain state they need, shared by the
// Chromium and Firefox tests: a batch that approves and swaps (two tokens move), and a call that takes a
// token its request does not name; and an EIP-2612 permit signed as typed data.
import { encodeFunctionData, erc20Abi, type Hex } from 'viem';
import { eip2612Permit } from '../../../lib/testing/permits';
import {
  callRpc,
  DEFAULT_ACCOUNTS,
  loadSwapArtifact,
  TEST_SWAP_ADDRESS,
  TEST_TOKEN_ADDRESS,
} from '../../fixtures/devnet';

const ME = DEFAULT_ACCOUNTS[0].address;
const ATT = TEST_TOKEN_ADDRESS as Hex;
const SWAP = TEST_SWAP_ADDRESS as Hex;
const swapAbi = loadSwapArtifact().abi;

/** wallet_sendCalls params: approve the swap for 5 ATT, then swap them for 10 ADS. */
export function approveAndSwapBatch() {
  const amount = 5n * 10n ** 18n;
  return [
    {
      version: '2.0.0',
      chainId: '0x7a69',
      from: ME,
      atomicRequired: false,
      calls: [
        { to: ATT, data: encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [SWAP, amount] }) },
        { to: SWAP, data: encodeFunctionData({ abi: swapAbi, functionName: 'swap', args: [ATT, SWAP, amount] }) },
      ],
    },
  ];
}

/** What the window says about that batch. */
export const BATCH_PREVIEW = {
  warnings: ['Approves 0x700b…AD35 to spend 5 ATT'],
  changes: ['You send 5 ATT', 'You receive 10 ADS'],
};

/** eth_sendTransaction params: claim(), which takes the ATT the user allowed the swap without naming ATT. */
export function claimTransaction() {
  return [{ from: ME, to: SWAP, data: encodeFunctionData({ abi: swapAbi, functionName: 'claim' }) }];
}

export const CLAIM_PREVIEW = {
  warnings: ['It moves your ATT, which the request does not name'],
  changes: ['You send 1 ATT'],
};

/** An allowance of 1 ATT from the user to the swap, set on the chain directly; resolves to its block number. */
export async function allowSwapOneToken(anvilUrl: string): Promise<bigint> {
  const hash = await callRpc<Hex>(anvilUrl, 'eth_sendTransaction', [
    {
      from: ME,
      to: ATT,
      data: encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [SWAP, 10n ** 18n] }),
    },
  ]);
  for (let i = 0; i < 100; i++) {
    const receipt = await callRpc<{ blockNumber: Hex } | null>(anvilUrl, 'eth_getTransactionReceipt', [hash]);
    if (receipt) return BigInt(receipt.blockNumber);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the allowance ${hash} was not mined`);
}

/** eth_signTypedData_v4 params: an EIP-2612 permit letting account 2 spend 5 ATT until a fixed date. */
export function permitTypedData() {
  const permit = { token: ATT, owner: ME, spender: DEFAULT_ACCOUNTS[1].address, value: 5n * 10n ** 18n };
  return [ME, JSON.stringify(eip2612Permit({ ...permit, deadline: 1796212800 }))];
}

export const PERMIT_SENTENCE =
  'Lets 0x7099…79C8 spend 5 ATT of yours, until 2026-12-02 12:00 UTC. Signing it is as good as approving it on chain.';
