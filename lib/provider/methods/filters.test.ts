// The filter and subscription method table: what it accepts from a page, what it answers, and the
// envelope a subscription result reaches the page in.
import type { Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import { DAPP, OTHER } from '../../testing/provider-fakes';
import { connectedHarness } from '../../testing/provider-harness';
import { parseLogCriteria } from './filters';

const TOKEN = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const TRANSFER = '0xDDF252AD1BE2C89B69C2B068FC378DAA952BA7F163C4A11628F55A4DF523B3EF';
const hashOf = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as Hex;

/** A harness whose chain is blocks 1..n by hash (each one's parent is the one before). */
async function chainHarness() {
  const h = await connectedHarness();
  h.state.head = { number: 5, hash: hashOf(5) };
  h.answerReads((method, params) => {
    if (method === 'eth_getBlockByHash') {
      const n = Number.parseInt(String((params as string[])[0]), 16);
      return { number: `0x${n.toString(16)}`, hash: hashOf(n), parentHash: hashOf(n - 1), transactions: [] };
    }
    if (method === 'eth_getLogs') return [];
    return null;
  });
  return h;
}

describe('filter methods', () => {
  it('parses log criteria: addresses and topics lowercased, one address kept as one, null topics kept', () => {
    expect(
      parseLogCriteria(
        'eth_newFilter',
        { address: TOKEN, topics: [TRANSFER, null, [TRANSFER]], fromBlock: '0x1' },
        'p',
        true,
      ),
    ).toEqual({
      address: TOKEN.toLowerCase(),
      topics: [TRANSFER.toLowerCase(), null, [TRANSFER.toLowerCase()]],
      fromBlock: '0x1',
    });
    expect(parseLogCriteria('eth_newFilter', { address: [TOKEN] }, 'p', true)).toEqual({
      address: [TOKEN.toLowerCase()],
    });
    expect(parseLogCriteria('eth_subscribe', undefined, 'p', false)).toEqual({});
  });

  it('refuses what it cannot serve with -32602 naming the field', async () => {
    const h = await chainHarness();
    const refused = async (method: string, params: unknown[]) =>
      ((await h.call(DAPP, method, params)) as { error?: { code: number; message: string } }).error;
    expect(await refused('eth_newFilter', [{ address: '0x1234' }])).toMatchObject({
      code: -32602,
      message: expect.stringContaining('params[0].address'),
    });
    expect(
      await refused('eth_newFilter', [{ topics: [TRANSFER, TRANSFER, TRANSFER, TRANSFER, TRANSFER] }]),
    ).toMatchObject({ code: -32602, message: expect.stringContaining('up to 4 topics') });
    expect(await refused('eth_newFilter', [{ blockHash: hashOf(1) }])).toMatchObject({
      code: -32602,
      message: expect.stringContaining('blockHash'),
    });
    expect(await refused('eth_subscribe', ['logs', { fromBlock: '0x1' }])).toMatchObject({
      code: -32602,
      message: expect.stringContaining('not supported in a subscription'),
    });
    expect(await refused('eth_subscribe', ['newPendingTransactions'])).toMatchObject({ code: -32602 });
    expect(await refused('eth_subscribe', ['newHeads', { includeTransactions: true }])).toMatchObject({ code: -32602 });
    expect(await refused('eth_newBlockFilter', ['extra'])).toMatchObject({ code: -32602 });
    expect(await refused('eth_getFilterChanges', ['not-hex'])).toMatchObject({
      code: -32602,
      message: expect.stringContaining('filter id'),
    });
  });

  it('eth_uninstallFilter and eth_unsubscribe answer true once, false after, and only for the owner', async () => {
    const h = await chainHarness();
    const { result: filter } = (await h.call(DAPP, 'eth_newBlockFilter', [])) as { result: Hex };
    const { result: subscription } = (await h.call(DAPP, 'eth_subscribe', ['newHeads'])) as { result: Hex };
    expect(filter).toMatch(/^0x[0-9a-f]+$/);
    // Another site cannot see, let alone remove, this site's filter.
    expect(await h.call(OTHER, 'eth_uninstallFilter', [filter])).toEqual({ result: false });
    expect(await h.call(OTHER, 'eth_getFilterChanges', [filter])).toMatchObject({ error: { code: -32000 } });
    // Kinds do not mix: a filter id is not a subscription and the other way round.
    expect(await h.call(DAPP, 'eth_unsubscribe', [filter])).toEqual({ result: false });
    expect(await h.call(DAPP, 'eth_uninstallFilter', [subscription])).toEqual({ result: false });
    expect(await h.call(DAPP, 'eth_uninstallFilter', [filter])).toEqual({ result: true });
    expect(await h.call(DAPP, 'eth_uninstallFilter', [filter])).toEqual({ result: false });
    expect(await h.call(DAPP, 'eth_unsubscribe', [subscription])).toEqual({ result: true });
    expect(await h.call(DAPP, 'eth_unsubscribe', [subscription])).toEqual({ result: false });
    expect(await h.call(DAPP, 'eth_getFilterChanges', [filter])).toEqual({
      error: { code: -32000, message: 'filter not found' },
    });
  });

  it('a block filter answers new block hashes; a newHeads subscription reaches the page as an eth_subscription message', async () => {
    const h = await chainHarness();
    const { result: filter } = (await h.call(DAPP, 'eth_newBlockFilter', [])) as { result: Hex };
    const { result: subscription } = (await h.call(DAPP, 'eth_subscribe', ['newHeads'])) as { result: Hex };
    h.state.head = { number: 6, hash: hashOf(6) };
    expect(await h.call(DAPP, 'eth_getFilterChanges', [filter])).toEqual({ result: [hashOf(6)] });
    expect(await h.call(DAPP, 'eth_getFilterChanges', [filter])).toEqual({ result: [] });
    await h.rpc.watchers.poll();
    const messages = h.tabs.sent.filter((s) => (s.message as { event?: string }).event === 'message');
    expect(messages).toEqual([
      {
        tabId: DAPP.tabId,
        frameId: DAPP.frameId,
        message: {
          type: 'dapp:event',
          origin: DAPP.origin,
          event: 'message',
          data: {
            type: 'eth_subscription',
            data: { subscription, result: { number: '0x6', hash: hashOf(6), parentHash: hashOf(5) } },
          },
        },
      },
    ]);
  });
});
