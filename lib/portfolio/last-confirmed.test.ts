import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createLastConfirmedStore, lastConfirmedStorageKey } from './last-confirmed';

const key = { chainId: 1, address: '0xAbC0000000000000000000000000000000000001', asset: 'native' };

describe('createLastConfirmedStore', () => {
  beforeEach(() => fakeBrowser.reset());

  it('persists, and never lets an older block overwrite a newer one', async () => {
    const store = createLastConfirmedStore({ area: fakeBrowser.storage.local });
    await store.record(key, { value: '5', block: 10, at: 1000 });
    await store.record(key, { value: '4', block: 9, at: 2000 });
    const reopened = createLastConfirmedStore({ area: fakeBrowser.storage.local });
    expect(await reopened.getMany([key])).toEqual([{ value: '5', block: 10, at: 1000 }]);
  });

  it('rewrites an unchanged value only now and then', async () => {
    const store = createLastConfirmedStore({ area: fakeBrowser.storage.local, refreshPersistedEveryMs: 30_000 });
    await store.record(key, { value: '5', block: 10, at: 1000 });
    await store.record(key, { value: '5', block: 11, at: 2000 });
    const storageKey = lastConfirmedStorageKey(key);
    expect((await fakeBrowser.storage.local.get(storageKey))[storageKey]).toEqual({ value: '5', block: 10, at: 1000 });
    expect(await store.getMany([key])).toEqual([{ value: '5', block: 11, at: 2000 }]);
    await store.record(key, { value: '5', block: 12, at: 40_000 });
    expect((await fakeBrowser.storage.local.get(storageKey))[storageKey]).toEqual({
      value: '5',
      block: 12,
      at: 40_000,
    });
  });

  it('keys by lower-case address', () => {
    expect(lastConfirmedStorageKey(key)).toBe(
      'portfolio:lastConfirmed:1:0xabc0000000000000000000000000000000000001:native',
    );
  });
});
