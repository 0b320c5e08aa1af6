import type { KeyValueArea } from '../storage/areas';

// Unlock material lives only in browser.storage.session: memory-only, cleared when the browser quits,
// readable by trusted extension contexts only (Chrome's default access level; never widen it with
// setAccessLevel). It is the vault's random data key, not the password and not the decrypted secrets,
// so a worker that the browser stopped can reopen the IndexedDB vault without asking again.

export const UNLOCK_SESSION_KEY = 'accord:unlock';

export interface UnlockMaterial {
  v: 1;
  /** Base64 of the vault's 32-byte data key. */
  dataKey: string;
  /** Epoch ms after which the wallet counts as locked, even if the alarm was missed. */
  lockAt: number;
}

function isUnlockMaterial(value: unknown): value is UnlockMaterial {
  const m = value as Partial<UnlockMaterial> | undefined;
  return m?.v === 1 && typeof m.dataKey === 'string' && typeof m.lockAt === 'number';
}

export interface UnlockSession {
  read(): Promise<UnlockMaterial | null>;
  write(material: UnlockMaterial): Promise<void>;
  clear(): Promise<void>;
}

export function createUnlockSession(area: KeyValueArea): UnlockSession {
  return {
    async read() {
      const value = (await area.get(UNLOCK_SESSION_KEY))[UNLOCK_SESSION_KEY];
      return isUnlockMaterial(value) ? value : null;
    },
    async write(material) {
      await area.set({ [UNLOCK_SESSION_KEY]: material });
    },
    async clear() {
      await area.remove(UNLOCK_SESSION_KEY);
    },
  };
}
