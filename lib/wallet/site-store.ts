// Connected sites (dapp permissions) in IndexedDB, keyed by origin.
import type { SiteStore } from '../provider/backend';
import type { WalletDb } from './wallet-db';

export function createSiteStore(db: WalletDb, onChange: () => void = () => {}): SiteStore {
  return {
    async get(origin) {
      return (await db.get('sites', origin)) ?? null;
    },
    async put(site) {
      await db.put('sites', site);
      onChange();
    },
    async remove(origin) {
      await db.delete('sites', origin);
      onChange();
    },
    async list() {
      return (await db.getAll('sites')).sort((a, b) => b.connectedAt - a.connectedAt);
    },
  };
}
