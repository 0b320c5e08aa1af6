// Helpers for the library-dapp browser tests: drive a page's `window.lib`, read its `window.pageLog`,
// and make chain activity (token transfers, blocks) straight on the devnet, without the wallet.
import { encodeFunctionData, erc20Abi } from 'viem';
import { DEFAULT_ACCOUNTS } from '../../fixtures/devnet';
import { callRpc } from '../../fixtures/devnet/json-rpc';

/** Holds tokens after `fundTokenSender`; its transfers make the Transfer events the pages watch. */
export const TOKEN_SENDER = DEFAULT_ACCOUNTS[2].address;
export const TOKEN_RECEIVER = DEFAULT_ACCOUNTS[3].address;

async function sendAndWait(
  rpcUrl: string,
  tx: Record<string, unknown>,
): Promise<{ blockNumber: number; hash: string }> {
  const hash = await callRpc<string>(rpcUrl, 'eth_sendTransaction', [tx]);
  for (let i = 0; i < 100; i++) {
    const receipt = await callRpc<{ status: string; blockNumber: string } | null>(rpcUrl, 'eth_getTransactionReceipt', [
      hash,
    ]);
    if (receipt) {
      if (receipt.status !== '0x1') throw new Error(`${hash} reverted`);
      return { blockNumber: Number.parseInt(receipt.blockNumber, 16), hash };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${hash} was not mined`);
}

const transferData = (to: string, amount: bigint) =>
  encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [to as `0x${string}`, amount] });

/** Moves some of the deployer's tokens to TOKEN_SENDER (anvil signs: its default accounts are unlocked). */
export async function fundTokenSender(rpcUrl: string, token: string): Promise<void> {
  await sendAndWait(rpcUrl, {
    from: DEFAULT_ACCOUNTS[0].address,
    to: token,
    data: transferData(TOKEN_SENDER, 10n ** 21n),
  });
}

/** `count` token transfers, each in its own block (anvil mines one per transaction). */
export async function emitTransfers(rpcUrl: string, token: string, count: number) {
  const sent: { blockNumber: number; hash: string }[] = [];
  for (let i = 1; i <= count; i++) {
    sent.push(
      await sendAndWait(rpcUrl, { from: TOKEN_SENDER, to: token, data: transferData(TOKEN_RECEIVER, BigInt(i)) }),
    );
  }
  return sent;
}

export async function mine(rpcUrl: string, blocks = 1): Promise<number> {
  await callRpc(rpcUrl, 'anvil_mine', [`0x${blocks.toString(16)}`]);
  return Number.parseInt(await callRpc<string>(rpcUrl, 'eth_blockNumber'), 16);
}
