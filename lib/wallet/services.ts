// The background's services container: opens storage, builds the keyring, networks (one quorum client
// each), transactions, portfolio and the dapp method table, and connects their change signals: lock and
// account changes reach dapps as accountsChanged, chain selection as chainChanged, everything reaches
// open popups as popup:changed.
import { createKeyringService, type KeyringService } from '../keyring';
import {
  createLastConfirmedStore,
  createPortfolio,
  createTokenList,
  type Portfolio,
  type TokenList,
} from '../portfolio';
import type { ApprovalWindows } from '../provider/approvals';
import type { SiteStore } from '../provider/backend';
import type { EventTabs } from '../provider/dapp-events';
import { createDappRpc, type DappRpc } from '../provider/dapp-rpc';
import { createDappSettings, type DappSettings } from '../provider/dapp-settings';
import type { ScriptingLike } from '../provider/inpage-config';
import type { QuorumClient } from '../rpc';
import type { AlarmsLike } from '../session/auto-lock';
import type { KeyValueArea } from '../storage/areas';
import { type AccordDb, openAccordDb } from '../storage/db';
import {
  createTransactionSender,
  createTransactionStore,
  REBROADCAST_ALARM,
  REBROADCAST_PERIOD_MINUTES,
  type TransactionSender,
} from '../transactions';
import { type BeaconSettings, createBeaconSettings } from './beacon-settings';
import { chainAccess, createDappBackend } from './dapp-backend';
import { createLightClients, type LightClients } from './light-clients';
import { type BuiltInNetwork, builtInNetworks, type NetworkConfig } from './network-config';
import { createLatencyHistory, type LatencyHistory } from './network-view';
import { createNetworks, type Networks } from './networks';
import { createChangeNotifier, type Notify } from './notify';
import { createPendingWatch } from './pending-watch';
import { type ProbeResult, probeSource } from './probe';
import { createSiteStore } from './site-store';
import { openWalletDb, type WalletDb } from './wallet-db';

const SUBSCRIPTIONS_ALARM = 'dapp:subscriptions';

/** The browser APIs the background uses, as small interfaces (fakeBrowser provides them in tests). */
export interface WalletPlatform {
  indexedDB: IDBFactory;
  session: KeyValueArea;
  local: KeyValueArea;
  alarms: AlarmsLike;
  windows: ApprovalWindows;
  tabs: EventTabs;
  /** runtime.getURL */
  extensionUrl(path: string): string;
  /** runtime.sendMessage, for popup:changed notices. */
  sendToPages(message: unknown): Promise<unknown> | undefined;
  fetch?: typeof fetch;
  /** browser.scripting: registers the page script that says MetaMask compatibility is off. */
  scripting?: ScriptingLike;
}

export interface CreateWalletServicesParameters {
  platform: WalletPlatform;
  /** Development builds: the local devnet, selected by default. */
  devnet?: BuiltInNetwork | null;
  /** Tests only (the keyring refuses it elsewhere). */
  kdfIterations?: number;
  createClient?: (config: NetworkConfig) => QuorumClient;
  now?: () => number;
}

export interface WalletServices {
  db: AccordDb;
  walletDb: WalletDb;
  keyring: KeyringService;
  networks: Networks;
  transactions: TransactionSender;
  portfolio: Portfolio;
  tokenList: TokenList;
  sites: SiteStore;
  dapp: DappRpc;
  dappSettings: DappSettings;
  notify: Notify;
  latencyHistory: LatencyHistory;
  lightClients: LightClients;
  beaconSettings: BeaconSettings;
  probe(url: string): Promise<ProbeResult>;
  /** Routes browser.alarms.onAlarm: auto-lock and the rebroadcast of pending transactions. */
  handleAlarm(name: string): Promise<void>;
  close(): void;
}

export async function createWalletServices({
  platform,
  devnet = null,
  kdfIterations,
  createClient,
  now = Date.now,
}: CreateWalletServicesParameters): Promise<WalletServices> {
  const [db, walletDb] = await Promise.all([
    openAccordDb({ indexedDB: platform.indexedDB }),
    openWalletDb({ indexedDB: platform.indexedDB }),
  ]);
  const notify = createChangeNotifier((message) => platform.sendToPages(message));
  const keyring = createKeyringService({
    db,
    sessionStorage: platform.session,
    localStorage: platform.local,
    alarms: platform.alarms,
    now,
    ...(kdfIterations !== undefined ? { kdfIterations } : {}),
  });
  const probe = (url: string) => probeSource({ url, ...(platform.fetch ? { fetch: platform.fetch } : {}), now });

  // The dapp table needs the networks and the networks tell dapps about chain changes: bind late.
  let dapp: DappRpc | null = null;
  // Light clients read their settings from the networks, whose quorum clients ask them for headers.
  let networkList: Networks | null = null;
  const lightClients = createLightClients({
    area: platform.local,
    settingsFor: async (chainId) => (await networkList?.get(chainId))?.consensus ?? null,
    ...(platform.fetch ? { fetch: platform.fetch } : {}),
    now,
    onChange: () => notify(['networks']),
  });
  const networks = createNetworks({
    consensusHead: (chainId, request) => lightClients.head(chainId, request),
    db: walletDb,
    builtIns: builtInNetworks(devnet ? [devnet] : []),
    defaultChainId: devnet?.chainId ?? 1,
    probe,
    ...(createClient ? { createClient } : {}),
    onSelect: (chainId) => {
      void dapp?.events.chainChanged(chainId);
      notify(['status', 'balances', 'networks', 'activity']);
    },
    onChange: () => notify(['networks']),
    // A new agreed head makes shown balances old: the popup re-reads them at once.
    onHead: () => notify(['balances']),
  });
  networkList = networks;
  const beaconSettings = createBeaconSettings({ networks, ...(platform.fetch ? { fetch: platform.fetch } : {}), now });
  const transactionStore = createTransactionStore(db);
  const sender = createTransactionSender({ store: transactionStore, signer: keyring, now });
  const watchPending = createPendingWatch({
    async check(chainId) {
      const summary = await sender.rebroadcastPending(await chainAccess(networks, chainId));
      if (summary.confirmed || summary.failed || summary.replaced) {
        // The block that mined it is newer than the anchor: move the anchor before balances are re-read.
        await (await networks.client(chainId)).refreshHead().catch(() => null);
        notify(['activity', 'balances']);
      }
    },
  });
  // Every send (popup or dapp) is followed by a quick look for its receipt.
  const transactions: TransactionSender = {
    ...sender,
    async send(request, chain, options) {
      const result = await sender.send(request, chain, options);
      watchPending(chain.chainId);
      return result;
    },
  };
  const portfolio = createPortfolio({
    clientFor: (chainId) => networks.client(chainId),
    lastConfirmed: createLastConfirmedStore({ area: platform.local }),
    ...(platform.fetch ? { fetch: platform.fetch } : {}),
    now,
  });
  const tokenList = createTokenList({ area: platform.local });
  const sites = createSiteStore(walletDb, () => notify(['sites']));
  const dappSettings = createDappSettings(platform.local, platform.scripting);
  dapp = createDappRpc({
    backend: createDappBackend({
      keyring,
      networks,
      transactions,
      portfolio,
      tokens: {
        async add(token) {
          const added = await tokenList.add(token);
          notify(['balances']);
          return added;
        },
      },
      sites,
      settings: dappSettings,
      probe,
      now,
    }),
    session: platform.session,
    windows: platform.windows,
    tabs: platform.tabs,
    approvalUrl: (id) => platform.extensionUrl(`/popup.html#/approval/${encodeURIComponent(id)}`),
    activityUrl: platform.extensionUrl('/popup.html#/activity'),
    onApprovalsChange: () => notify(['approvals', 'status', 'activity']),
    // While a page holds a subscription, an alarm wakes a stopped worker so the events keep coming.
    onSubscriptionsActive: (active) => {
      if (active) void platform.alarms.create(SUBSCRIPTIONS_ALARM, { periodInMinutes: 0.5 });
      else void platform.alarms.clear(SUBSCRIPTIONS_ALARM);
    },
    now,
  });
  const rpc = dapp;
  const walletChanged = () => {
    void rpc.events.accountsChanged().catch(() => {});
    notify(['status', 'balances']);
  };
  keyring.onLockChange(walletChanged);
  keyring.onAccountsChange(walletChanged);
  await platform.alarms.create(REBROADCAST_ALARM, { periodInMinutes: REBROADCAST_PERIOD_MINUTES });
  await rpc.watchers.resume();

  return {
    db,
    walletDb,
    keyring,
    networks,
    transactions,
    portfolio,
    tokenList,
    sites,
    dapp: rpc,
    dappSettings,
    notify,
    latencyHistory: createLatencyHistory(),
    lightClients,
    beaconSettings,
    probe,
    async handleAlarm(name) {
      if (await keyring.handleAlarm(name)) return;
      if (name === SUBSCRIPTIONS_ALARM) return rpc.watchers.resume();
      if (name !== REBROADCAST_ALARM) return;
      const chainIds = await transactionStore.pendingChainIds();
      for (const chainId of chainIds) {
        if (!(await networks.get(chainId))) continue;
        await transactions.rebroadcastPending(await chainAccess(networks, chainId)).catch(() => {});
      }
      if (chainIds.length) notify(['activity', 'balances']);
    },
    close() {
      rpc.watchers.stop();
      networks.close();
      db.close();
      walletDb.close();
    },
  };
}
