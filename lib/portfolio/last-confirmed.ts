// Remembers the last confirmed value per chain/address/asset, so a balance that cannot be confirmed right now
// still says what it last was and when ("Unavailable — last confirmed 0.52 ETH, 3 min ago"), across restarts.
// Balances are public data: storage.local is fine.
import type { KeyValueArea } from '../storage/areas';
import type { LastConfirmedValue } from './confirmed-value';

export interface LastConfirmedKey {
  chainId: number;
  address: string;
  /** 'native' or the token's address. */
  asset: string;
}

export interface LastConfirmedStore {
  getMany(keys: LastConfirmedKey[]): Promise<(LastConfirmedValue | undefined)[]>;
  /** Records a newly confirmed value; older blocks never overwrite newer ones. */
  record(key: LastConfirmedKey, value: LastConfirmedValue): Promise<void>;
}

export interface CreateLastConfirmedStoreParameters {
  area: KeyValueArea;
  /** An unchanged value is written again at most this often (its age only needs to be roughly right after a restart). */
  refreshPersistedEveryMs?: number;
}

const PREFIX = 'portfolio:lastConfirmed:';

export function lastConfirmedStorageKey({ chainId, address, asset }: LastConfirmedKey): string {
  return `${PREFIX}${chainId}:${address.toLowerCase()}:${asset.toLowerCase()}`;
}

export function createLastConfirmedStore({
  area,
  refreshPersistedEveryMs = 30_000,
}: CreateLastConfirmedStoreParameters): LastConfirmedStore {
  const memory = new Map<string, LastConfirmedValue>();
  const persistedAt = new Map<string, number>();

  return {
    async getMany(keys) {
      const storageKeys = keys.map(lastConfirmedStorageKey);
      const missing = storageKeys.filter((k) => !memory.has(k));
      if (missing.length) {
        const stored = await area.get(missing).catch(() => ({}) as Record<string, unknown>);
        for (const key of missing) {
          const value = stored[key];
          if (isLastConfirmed(value) && !memory.has(key)) {
            memory.set(key, value);
            persistedAt.set(key, value.at);
          }
        }
      }
      return storageKeys.map((k) => memory.get(k));
    },

    async record(key, value) {
      const storageKey = lastConfirmedStorageKey(key);
      const previous = memory.get(storageKey);
      if (previous && previous.block > value.block) return;
      memory.set(storageKey, value);
      const changed = !previous || previous.value !== value.value;
      const lastWrite = persistedAt.get(storageKey) ?? 0;
      if (!changed && value.at - lastWrite < refreshPersistedEveryMs) return;
      persistedAt.set(storageKey, value.at);
      await area.set({ [storageKey]: value }).catch(() => {});
    },
  };
}

function isLastConfirmed(value: unknown): value is LastConfirmedValue {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v.value === 'string' && typeof v.block === 'number' && typeof v.at === 'number';
}
