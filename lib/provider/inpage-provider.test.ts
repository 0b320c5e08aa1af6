import { describe, expect, it, vi } from 'vitest';
import { fakeWindow } from '../testing/fake-window';
import { markMetamaskCompatOff } from './inpage-config';
import { ProviderRpcError } from './inpage-provider';
import { installProvider } from './install';
import { startRelay } from './relay';
import type { DappRequestEnvelope } from './wire';

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

/** The page's provider wired to a relay and a scripted background. */
function page(
  answer: (envelope: DappRequestEnvelope) => unknown,
  existingEthereum?: unknown,
  stored: Record<string, unknown> = {},
) {
  const win = fakeWindow();
  if (existingEthereum) (win as unknown as { ethereum: unknown }).ethereum = existingEthereum;
  const listeners: ((m: unknown, sender: unknown, reply: (r: unknown) => void) => void)[] = [];
  startRelay({
    window: win,
    runtime: {
      sendMessage: async (m) => {
        const envelope = m as DappRequestEnvelope | { type: 'dapp:hello' };
        return envelope.type === 'dapp:hello' ? { result: { chainId: '0x7a69', accounts: [] } } : answer(envelope);
      },
      onMessage: { addListener: (l) => listeners.push(l) },
    },
    settings: { get: async () => stored },
  });
  const announced: unknown[] = [];
  win.addEventListener('eip6963:announceProvider', (e) => announced.push((e as CustomEvent).detail));
  const { provider, info } = installProvider(win, 'uuid-1');
  const push = (event: string, data: unknown) => {
    for (const l of listeners) l({ type: 'dapp:event', origin: 'https://dapp.example', event, data }, {}, () => {});
  };
  return { win, provider, info, announced, push };
}

describe('inpage provider', () => {
  it('answers request() through the relay', async () => {
    const { provider } = page((e) => ({ result: e.request.method === 'eth_chainId' ? '0x7a69' : null }));
    expect(await provider.request({ method: 'eth_chainId' })).toBe('0x7a69');
  });

  it('rejects with ProviderRpcError carrying code, message and data', async () => {
    const { provider } = page(() => ({
      error: { code: 4001, message: 'The user rejected the request.', data: { x: 1 } },
    }));
    const error = await provider.request({ method: 'personal_sign', params: ['0x', '0x'] }).catch((e) => e);
    expect(error).toBeInstanceOf(ProviderRpcError);
    expect(error).toMatchObject({ code: 4001, message: 'The user rejected the request.', data: { x: 1 } });
  });

  it('rejects malformed calls locally', async () => {
    const { provider } = page(() => ({ result: null }));
    await expect(provider.request({} as never)).rejects.toMatchObject({ code: -32600 });
    await expect(provider.request({ method: 'eth_call', params: 5 as never })).rejects.toMatchObject({ code: -32602 });
  });

  it('emits connect, chainChanged and accountsChanged, and tracks them', async () => {
    const { provider, push } = page(() => ({ result: null }));
    const seen: [string, unknown][] = [];
    const onChain = (c: unknown) => seen.push(['chainChanged', c]);
    provider.on('connect', (c) => seen.push(['connect', c]));
    provider.on('chainChanged', onChain);
    provider.once('accountsChanged', (a) => seen.push(['accountsChanged', a]));
    await provider.request({ method: 'eth_chainId' });
    await tick();
    push('chainChanged', '0x1');
    push('accountsChanged', ['0xabc']);
    push('accountsChanged', ['0xdef']);
    await tick();
    provider.removeListener('chainChanged', onChain);
    push('chainChanged', '0x5');
    await tick();
    expect(seen).toEqual([
      ['connect', { chainId: '0x7a69' }],
      ['chainChanged', '0x1'],
      ['accountsChanged', ['0xabc']],
    ]);
    expect(provider.chainId).toBe('0x5');
    expect(provider.selectedAddress).toBe('0xdef');
  });

  it('emits disconnect when the background cannot be reached, connect again when it answers', async () => {
    let up = false;
    const { provider } = page(() =>
      up ? { result: '0x1' } : { error: { code: 4900, message: 'Accord is not reachable' } },
    );
    await tick();
    const disconnect = vi.fn();
    provider.on('disconnect', disconnect);
    await expect(provider.request({ method: 'eth_blockNumber' })).rejects.toMatchObject({ code: 4900 });
    expect(disconnect).toHaveBeenCalledOnce();
    expect(provider.isConnected()).toBe(false);
    up = true;
    await provider.request({ method: 'eth_blockNumber' });
    expect(provider.isConnected()).toBe(true);
  });

  it('announces itself with EIP-6963 (as Accord) at once and on every requestProvider', async () => {
    const { win, provider, info, announced } = page(() => ({ result: null }));
    expect(announced).toHaveLength(1);
    win.dispatchEvent(new Event('eip6963:requestProvider'));
    win.dispatchEvent(new Event('eip6963:requestProvider'));
    expect(announced).toHaveLength(3);
    expect(announced[0]).toEqual({ info, provider });
    expect(info).toMatchObject({ uuid: 'uuid-1', name: 'Accord', rdns: 'wallet.accord' });
    expect(info.icon).toMatch(/^data:image\/svg\+xml;base64,/);
    expect((win as unknown as { ethereum: unknown }).ethereum).toBe(provider);
  });

  it('leaves another wallet in window.ethereum', () => {
    const other = { isOtherWallet: true };
    const { win, provider } = page(() => ({ result: null }), other);
    expect((win as unknown as { ethereum: unknown }).ethereum).toBe(other);
    expect((win as unknown as { accord: unknown }).accord).toBe(provider);
  });

  it('says it is MetaMask by default (isMetaMask, _metamask.isUnlocked) and stops when the setting is off', async () => {
    const { provider } = page((e) =>
      e.request.method === 'metamask_getProviderState' ? { result: { isUnlocked: true } } : { result: null },
    );
    await tick();
    expect(provider.isMetaMask).toBe(true);
    expect(await provider._metamask?.isUnlocked()).toBe(true);
    const off = page(() => ({ result: null }), undefined, { 'settings:metamaskCompat': false });
    await tick();
    expect(off.provider.isMetaMask).toBe(false);
    expect(off.provider._metamask).toBeUndefined();
  });

  it('says it is not MetaMask from the first synchronous read when the compat-off script marked the page, in either order', () => {
    // The relay's configuration arrives a task later at the earliest; a page's first inline script must not wait.
    const before = fakeWindow();
    markMetamaskCompatOff(before);
    const { provider: first } = installProvider(before, 'uuid-before');
    expect(first.isMetaMask).toBe(false);
    expect(first._metamask).toBeUndefined();

    const after = fakeWindow();
    const { provider: second } = installProvider(after, 'uuid-after');
    expect(second.isMetaMask).toBe(true);
    markMetamaskCompatOff(after);
    expect(second.isMetaMask).toBe(false);
  });

  it('legacy send(method, params), send(payload, callback), sendAsync with batches, synchronous eth_accounts', async () => {
    const { provider, push } = page((e) =>
      e.request.method === 'eth_chainId'
        ? { result: '0x7a69' }
        : e.request.method === 'eth_fail'
          ? { error: { code: 4200, message: 'The method "eth_fail" does not exist / is not available.' } }
          : { result: `${e.request.method}-result` },
    );
    expect(await provider.send('eth_chainId', [])).toEqual({ id: null, jsonrpc: '2.0', result: '0x7a69' });
    await expect(provider.send('eth_fail', []) as Promise<unknown>).rejects.toMatchObject({ code: 4200 });

    const viaSend = await new Promise((resolve) =>
      provider.send({ id: 4, jsonrpc: '2.0', method: 'eth_gasPrice' }, (error: unknown, response: unknown) =>
        resolve({ error, response }),
      ),
    );
    expect(viaSend).toEqual({ error: null, response: { id: 4, jsonrpc: '2.0', result: 'eth_gasPrice-result' } });

    const batch = await new Promise((resolve) =>
      provider.sendAsync(
        [
          { id: 1, jsonrpc: '2.0', method: 'eth_chainId' },
          { id: 2, jsonrpc: '2.0', method: 'eth_fail' },
        ],
        (error, responses) => resolve({ error, responses }),
      ),
    );
    expect(batch).toEqual({
      error: null,
      responses: [
        { id: 1, jsonrpc: '2.0', result: '0x7a69' },
        {
          id: 2,
          jsonrpc: '2.0',
          error: { code: 4200, message: 'The method "eth_fail" does not exist / is not available.' },
        },
      ],
    });
    // send(batch, callback), as web3.js 0.x sends a batch: the callback gets every response in order.
    const sentBatch = await new Promise((resolve) =>
      provider.send(
        [
          { id: 5, jsonrpc: '2.0', method: 'eth_fail' },
          { id: 6, jsonrpc: '2.0', method: 'eth_chainId' },
        ],
        (error: unknown, responses: unknown) => resolve({ error, responses }),
      ),
    );
    expect(sentBatch).toEqual({
      error: null,
      responses: [
        {
          id: 5,
          jsonrpc: '2.0',
          error: { code: 4200, message: 'The method "eth_fail" does not exist / is not available.' },
        },
        { id: 6, jsonrpc: '2.0', result: '0x7a69' },
      ],
    });
    const failed = await new Promise<{ error: unknown }>((resolve) =>
      provider.sendAsync({ id: 3, jsonrpc: '2.0', method: 'eth_fail' }, (error) => resolve({ error })),
    );
    expect(failed.error).toBeInstanceOf(ProviderRpcError);

    push('accountsChanged', ['0xabc']);
    await tick();
    expect(provider.send({ id: 9, method: 'eth_accounts' })).toEqual({ id: 9, jsonrpc: '2.0', result: ['0xabc'] });
    expect(() => provider.send({ id: 10, method: 'eth_getBalance' })).toThrow(/not supported/);
  });

  it('registering an event listener greets the wallet, so connect arrives without a request of the page', async () => {
    const { provider } = page(() => ({ result: '0x7a69' }));
    const seen: unknown[] = [];
    provider.on('connect', (info) => seen.push(info));
    await tick(20);
    expect(seen).toEqual([{ chainId: '0x7a69' }]);
  });

  it('disconnect from the background (every source down) waits for its connect, not for any answer', async () => {
    const { provider, push } = page(() => ({ result: '0x7a69' }));
    const seen: unknown[] = [];
    provider.on('disconnect', (e) => seen.push(['disconnect', (e as ProviderRpcError).code]));
    provider.on('connect', (c) => seen.push(['connect', c]));
    await tick(20);
    seen.length = 0;
    push('disconnect', { code: 4901, message: 'Accord cannot reach any source of chain 0x7a69' });
    await tick();
    expect(provider.isConnected()).toBe(false);
    await provider.request({ method: 'eth_chainId' });
    expect(provider.isConnected()).toBe(false);
    push('connect', { chainId: '0x7a69' });
    await tick();
    expect(provider.isConnected()).toBe(true);
    expect(seen).toEqual([
      ['disconnect', 4901],
      ['connect', { chainId: '0x7a69' }],
    ]);
  });
});
