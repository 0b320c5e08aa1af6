import { describe, expect, it } from 'vitest';
import { BackgroundError, createActivityReporter, createBackgroundClient } from './background';

describe('createBackgroundClient', () => {
  it('marks the popup’s own reads passive, so they do not delay auto-lock', async () => {
    const sent: unknown[] = [];
    const send = async (message: unknown) => {
      sent.push(message);
      return { ok: true, result: null };
    };
    await createBackgroundClient({ send, passive: true })('wallet/status');
    await createBackgroundClient({ send })('wallet/status');
    expect(sent).toEqual([
      { type: 'popup:request', method: 'wallet/status', params: undefined, passive: true },
      { type: 'popup:request', method: 'wallet/status', params: undefined },
    ]);
  });

  it('reports the person’s clicks and keys as activity, at most once per interval', async () => {
    const calls: string[] = [];
    let now = 0;
    const report = createActivityReporter(
      (async (method: string) => {
        calls.push(method);
        return null;
      }) as never,
      10_000,
      () => now,
    );
    report();
    now = 9_999;
    report();
    expect(calls).toEqual(['wallet/status']);
    now = 10_000;
    report();
    expect(calls).toEqual(['wallet/status', 'wallet/status']);
  });

  it('sends the envelope and unwraps the result', async () => {
    const sent: unknown[] = [];
    const call = createBackgroundClient({
      send: async (message) => {
        sent.push(message);
        return { ok: true, result: { mnemonic: 'a b c' } };
      },
    });
    await expect(call('wallet/create', { password: 'pw', words: 12 })).resolves.toEqual({ mnemonic: 'a b c' });
    expect(sent).toEqual([{ type: 'popup:request', method: 'wallet/create', params: { password: 'pw', words: 12 } }]);
  });

  it('turns an error response into a BackgroundError with the method and code', async () => {
    const call = createBackgroundClient({
      send: async () => ({ ok: false, error: { message: 'Wrong password', code: 'bad-password' } }),
    });
    const error = await call('wallet/unlock', { password: 'x' }).catch((e) => e);
    expect(error).toBeInstanceOf(BackgroundError);
    expect(error).toMatchObject({ message: 'Wrong password', code: 'bad-password', method: 'wallet/unlock' });
  });

  it('retries while the service worker is not listening yet', async () => {
    let attempts = 0;
    const call = createBackgroundClient({
      retryDelayMs: 1,
      send: async () => {
        attempts++;
        if (attempts < 3) throw new Error('Could not establish connection. Receiving end does not exist.');
        return { ok: true, result: null };
      },
    });
    await expect(call('wallet/lock')).resolves.toBeNull();
    expect(attempts).toBe(3);
  });

  it('gives up on a background that never answers', async () => {
    const call = createBackgroundClient({ retries: 1, retryDelayMs: 1, send: async () => undefined });
    await expect(call('wallet/status')).rejects.toMatchObject({ code: 'no-answer' });
  });
});
