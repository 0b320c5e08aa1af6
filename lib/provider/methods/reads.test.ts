import { describe, expect, it } from 'vitest';
import { ALICE, DAPP } from '../../testing/provider-fakes';
import { rpcHarness } from '../../testing/provider-harness';

describe('reads and unknown methods', () => {
  it('passes read methods to the quorum engine for the selected chain', async () => {
    const h = rpcHarness();
    expect(await h.call(DAPP, 'eth_blockNumber')).toEqual({ result: '0x10' });
    expect(await h.call(DAPP, 'eth_getBalance', [ALICE, 'latest'])).toEqual({ result: '0x0' });
    await h.call(DAPP, 'eth_getBalance', [ALICE, null]);
    expect(h.reads.at(-1)).toEqual({ chainId: 31337, method: 'eth_getBalance', params: [ALICE] });
  });

  it('-32602 names the bad param', async () => {
    const h = rpcHarness();
    expect(await h.call(DAPP, 'eth_getBalance', ['0x12', 'latest'])).toEqual({
      error: {
        code: -32602,
        message: 'Invalid params for eth_getBalance: params[0] must be a 20-byte hex address, got "0x12"',
      },
    });
    expect(await h.call(DAPP, 'eth_call', [{ to: ALICE, data: 'zz' }])).toMatchObject({
      error: { code: -32602, message: expect.stringContaining('params[0].data') },
    });
    expect(await h.call(DAPP, 'eth_getBlockByNumber', ['newest', false])).toMatchObject({ error: { code: -32602 } });
    expect(await h.call(DAPP, 'eth_getLogs', [{ fromBlock: '0x1', topics: ['0x1'] }])).toMatchObject({
      error: { code: -32602, message: expect.stringContaining('topics[0]') },
    });
    expect(h.reads).toEqual([]);
  });

  it("passes the quorum engine's errors through with their code and data", async () => {
    const h = rpcHarness();
    h.answerReads(() => {
      throw Object.assign(new Error('x'), {
        code: -32603,
        message: 'Accord: RPC sources disagree on eth_getBalance',
        data: { reason: 'conflict', sources: [{ id: 'a' }] },
      });
    });
    expect(await h.call(DAPP, 'eth_getBalance', [ALICE])).toEqual({
      error: {
        code: -32603,
        message: 'Accord: RPC sources disagree on eth_getBalance',
        data: { reason: 'conflict', sources: [{ id: 'a' }] },
      },
    });
  });

  it("4200 with MetaMask's wording (libraries fall back on it) for methods Accord does not serve, eth_sign included", async () => {
    const h = rpcHarness();
    for (const method of ['eth_sign', 'eth_signTransaction', 'toString', '__proto__', 'foo_bar']) {
      expect(await h.call(DAPP, method)).toEqual({
        error: { code: 4200, message: `The method "${method}" does not exist / is not available.` },
      });
    }
  });

  it('a 4200 from the quorum client gets the same wording', async () => {
    const h = rpcHarness();
    h.answerReads(() => {
      throw { code: 4200, message: 'eth_foo is not supported by the quorum client' };
    });
    expect(await h.call(DAPP, 'eth_gasPrice')).toEqual({
      error: { code: 4200, message: 'The method "eth_gasPrice" does not exist / is not available.' },
    });
  });
});

describe('reachability events', () => {
  it('disconnect (4901) once when every source failed, connect once a read is answered again', async () => {
    const h = rpcHarness();
    await h.rpc.hello(DAPP);
    let down = true;
    h.answerReads(() => {
      if (!down) return '0x10';
      throw {
        code: -32603,
        message: 'Accord: no RPC source answered eth_blockNumber (a: refused, b: timeout)',
        data: {
          reason: 'unavailable',
          sources: [
            { id: 'a', error: 'refused: x' },
            { id: 'b', error: 'timeout: y' },
          ],
        },
      };
    });
    await h.call(DAPP, 'eth_blockNumber');
    await h.call(DAPP, 'eth_blockNumber');
    await new Promise((r) => setTimeout(r, 5));
    const events = () =>
      h.tabs.sent
        .map((s) => s.message as { event: string; data: unknown })
        .filter((m) => m.event !== 'accountsChanged');
    expect(events()).toEqual([
      expect.objectContaining({ event: 'disconnect', data: expect.objectContaining({ code: 4901 }) }),
    ]);
    down = false;
    expect(await h.call(DAPP, 'eth_blockNumber')).toEqual({ result: '0x10' });
    await h.call(DAPP, 'eth_blockNumber');
    await new Promise((r) => setTimeout(r, 5));
    expect(events().map((e) => e.event)).toEqual(['disconnect', 'connect']);
    expect(events()[1].data).toEqual({ chainId: '0x7a69' });
  });
});
