// Confirmed state reads, cached per anchor: a read pinned to block N gives the same answer forever,
// so within one anchor a repeated eth_getBalance costs no request. Only the newest anchors are kept.

export type AnchorCacheParameters = {
  /** Anchors kept (the current one and the one before). Default 2. */
  anchors?: number | undefined;
  /** Entries per anchor. Default 1000. */
  size?: number | undefined;
};

export function createAnchorCache<entry>(parameters: AnchorCacheParameters = {}) {
  const anchors = parameters.anchors ?? 2;
  const size = parameters.size ?? 1_000;
  const byAnchor = new Map<number, Map<string, entry>>();

  return {
    get(anchor: number, key: string): entry | undefined {
      return byAnchor.get(anchor)?.get(key);
    },
    set(anchor: number, key: string, value: entry) {
      let entries = byAnchor.get(anchor);
      if (!entries) {
        entries = new Map();
        byAnchor.set(anchor, entries);
        const newest = [...byAnchor.keys()].sort((a, b) => b - a);
        for (const old of newest.slice(anchors)) byAnchor.delete(old);
      }
      if (entries.size >= size) entries.delete(entries.keys().next().value as string);
      entries.set(key, value);
    },
    clear() {
      byAnchor.clear();
    },
  };
}
