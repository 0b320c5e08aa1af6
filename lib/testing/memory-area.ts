// A storage.local stand-in in memory, for the light-client service's snapshots in tests.
import type { KeyValueArea } from '../storage/areas';

export function memoryArea(): KeyValueArea {
  const items = new Map<string, unknown>();
  return {
    get: async (k: string | string[]) =>
      Object.fromEntries((Array.isArray(k) ? k : [k]).filter((x) => items.has(x)).map((x) => [x, items.get(x)])),
    set: async (v: Record<string, unknown>) => {
      for (const [k, x] of Object.entries(v)) items.set(k, x);
    },
    remove: async (k: string | string[]) => {
      for (const x of Array.isArray(k) ? k : [k]) items.delete(x);
    },
  };
}
