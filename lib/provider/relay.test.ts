import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeWindow } from '../testing/fake-window';
import { isWorkerGoneError, startRelay } from './relay';
import { CONTENT_CHANNEL, MAX_REQUEST_BYTES, PAGE_CHANNEL } from './wire';

function fakeRuntime(answer: (message: { type: string; id?: unknown; request?: unknown }) => Promise<unknown>) {
  type Listener = (message: unknown, sender: unknown, sendResponse: (response: unknown) => void) => void;
  const listeners: Listener[] = [];
  const replies: unknown[] = [];
  const sent: unknown[] = [];
  return {
    sent,
    sendMessage: vi.fn(async (message: unknown) => {
      sent.push(message);
      return answer(message as never);
    }),
    onMessage: { addListener: (l: Listener) => listeners.push(l) },
    replies,
    emit: (message: unknown) => {
      for (const l of listeners) l(message, {}, (reply) => replies.push(reply));
    },
  };
}

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));
const fromRelay = (win: ReturnType<typeof fakeWindow>) =>
  win.posted.map((p) => p.data as Record<string, unknown>).filter((d) => d.channel === CONTENT_CHANNEL);

afterEach(() => vi.useRealTimers());

describe('relay', () => {
  it('forwards a page request and answers the page with its own origin as target', async () => {
    const win = fakeWindow();
    const runtime = fakeRuntime(async (m) =>
      m.type === 'dapp:hello' ? { result: { chainId: '0x1', accounts: [] } } : { result: '0x7a69' },
    );
    startRelay({ window: win, runtime });
    win.postMessage({ channel: PAGE_CHANNEL, id: 'p-1', request: { method: 'eth_chainId' } }, 'https://dapp.example');
    await tick();
    expect(runtime.sent).toContainEqual({ type: 'dapp:request', id: 'p-1', request: { method: 'eth_chainId' } });
    expect(fromRelay(win)).toContainEqual({ channel: CONTENT_CHANNEL, id: 'p-1', result: '0x7a69' });
    expect(win.posted.every((p) => p.targetOrigin === 'https://dapp.example')).toBe(true);
  });

  it('refuses a sandboxed (opaque-origin) document whose URL names a host, without waking the background', async () => {
    const win = Object.assign(fakeWindow('https://dapp.example'), { origin: 'null' });
    const runtime = fakeRuntime(async () => ({ result: ['0xabc'] }));
    startRelay({ window: win, runtime });
    win.postMessage({ channel: PAGE_CHANNEL, id: 7, request: { method: 'eth_requestAccounts' } }, '*');
    await tick();
    expect(runtime.sent).toEqual([]);
    // Only the answer: the relay's own configuration message (MetaMask compatibility) is not about the request.
    expect(fromRelay(win).filter((m) => 'id' in (m as object))).toEqual([
      { channel: CONTENT_CHANNEL, id: 7, error: { code: 4100, message: expect.stringContaining('sandboxed') } },
    ]);
  });

  it('says hello only once the page uses the provider, then posts connect and accountsChanged', async () => {
    const win = fakeWindow();
    const runtime = fakeRuntime(async (m) =>
      m.type === 'dapp:hello' ? { result: { chainId: '0x7a69', accounts: ['0xabc'] } } : { result: ['0xabc'] },
    );
    startRelay({ window: win, runtime });
    await tick();
    expect(runtime.sent).toEqual([]);
    win.postMessage({ channel: PAGE_CHANNEL, id: 1, request: { method: 'eth_accounts' } }, '*');
    win.postMessage({ channel: PAGE_CHANNEL, id: 2, request: { method: 'eth_accounts' } }, '*');
    await tick(20);
    expect(runtime.sent.filter((m) => (m as { type: string }).type === 'dapp:hello')).toHaveLength(1);
    expect(
      fromRelay(win)
        .filter((m) => 'event' in m)
        .slice(0, 2),
    ).toEqual([
      { channel: CONTENT_CHANNEL, event: 'connect', data: { chainId: '0x7a69' } },
      { channel: CONTENT_CHANNEL, event: 'accountsChanged', data: ['0xabc'] },
    ]);
  });

  it('rejects requests over 1 MB without waking the background', async () => {
    const win = fakeWindow();
    const runtime = fakeRuntime(async () => ({ result: null }));
    startRelay({ window: win, runtime });
    const huge = 'a'.repeat(MAX_REQUEST_BYTES + 1);
    win.postMessage({ channel: PAGE_CHANNEL, id: 9, request: { method: 'personal_sign', params: [huge] } }, '*');
    await tick(20);
    expect(runtime.sent.filter((m) => (m as { type: string }).type === 'dapp:request')).toEqual([]);
    expect(fromRelay(win)).toContainEqual({
      channel: CONTENT_CHANNEL,
      id: 9,
      error: { code: -32600, message: `Request is larger than ${MAX_REQUEST_BYTES} bytes` },
    });
  });

  it("answers malformed requests with -32600/-32602 and ignores other scripts' messages", async () => {
    const win = fakeWindow();
    const runtime = fakeRuntime(async () => ({ result: null }));
    startRelay({ window: win, runtime });
    win.postMessage({ channel: PAGE_CHANNEL, id: 1, request: { params: [] } }, '*');
    win.postMessage({ channel: PAGE_CHANNEL, id: 2, request: { method: 'eth_call', params: 'x' } }, '*');
    win.postMessage({ hello: 'from another script' }, '*');
    await tick(20);
    const errors = fromRelay(win).filter((d) => 'error' in d);
    expect(errors).toEqual([
      {
        channel: CONTENT_CHANNEL,
        id: 1,
        error: { code: -32600, message: 'Request method must be a non-empty string' },
      },
      {
        channel: CONTENT_CHANNEL,
        id: 2,
        error: { code: -32602, message: 'Request params must be an array or an object' },
      },
    ]);
  });

  it('re-sends the request when the service worker went away, so it is answered, not lost', async () => {
    const win = fakeWindow();
    let calls = 0;
    const runtime = fakeRuntime(async (m) => {
      if (m.type === 'dapp:hello') return { result: { chainId: '0x1', accounts: [] } };
      calls++;
      if (calls < 3) {
        throw new Error(
          'A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received',
        );
      }
      return { result: '0xsig' };
    });
    startRelay({ window: win, runtime, retryDelaysMs: [1, 1, 1] });
    win.postMessage(
      { channel: PAGE_CHANNEL, id: 'r', request: { method: 'personal_sign', params: ['0x00', '0x00'] } },
      '*',
    );
    await tick(30);
    expect(calls).toBe(3);
    expect(fromRelay(win)).toContainEqual({ channel: CONTENT_CHANNEL, id: 'r', result: '0xsig' });
  });

  it('gives up with 4900 when the background stays unreachable', async () => {
    const win = fakeWindow();
    const runtime = fakeRuntime(async () => {
      throw new Error('Could not establish connection. Receiving end does not exist.');
    });
    startRelay({ window: win, runtime, retryDelaysMs: [1, 1] });
    win.postMessage({ channel: PAGE_CHANNEL, id: 'x', request: { method: 'eth_chainId' } }, '*');
    await tick(30);
    expect(fromRelay(win)).toContainEqual({
      channel: CONTENT_CHANNEL,
      id: 'x',
      error: { code: 4900, message: expect.stringContaining('Accord is not reachable') },
    });
  });

  it('passes events meant for its origin only', async () => {
    const win = fakeWindow('https://dapp.example');
    const runtime = fakeRuntime(async () => ({ result: {} }));
    startRelay({ window: win, runtime });
    runtime.emit({ type: 'dapp:event', origin: 'https://dapp.example', event: 'chainChanged', data: '0x1' });
    runtime.emit({ type: 'dapp:event', origin: 'https://evil.example', event: 'accountsChanged', data: ['0xabc'] });
    runtime.emit({ type: 'dapp:event', origin: 'https://dapp.example', event: 'steal', data: 1 });
    expect(fromRelay(win).filter((m) => 'event' in m)).toEqual([
      { channel: CONTENT_CHANNEL, event: 'chainChanged', data: '0x1' },
    ]);
    // The background learns which event reached the page (a tab that moved on ends its subscriptions).
    expect(runtime.replies).toEqual([{ delivered: true }, { delivered: false }]);
  });

  it('recognises the errors a stopped service worker causes', () => {
    expect(isWorkerGoneError(new Error('The message port closed before a response was received.'))).toBe(true);
    expect(isWorkerGoneError(new Error('Could not establish connection. Receiving end does not exist.'))).toBe(true);
    expect(isWorkerGoneError(new Error('Extension context invalidated.'))).toBe(false);
  });
});
