// wallet/*, accounts/* and settings/*: the keyring, seen through the popup contract.

import type { AccountView as KeyringAccount } from '../../keyring';
import { type AccountView, type PopupApi, RESET_CONFIRMATION, type WalletStatus } from '../../messages/popup-api';
import type { PopupHandlers } from '../popup-router';
import type { WalletServices } from '../services';

type Handlers = Pick<
  PopupHandlers,
  Extract<keyof PopupApi, `wallet/${string}` | `accounts/${string}` | `settings/${string}`>
>;

export function toAccountView(account: KeyringAccount): AccountView {
  return {
    address: account.address,
    name: account.name,
    type: account.type,
    ...(account.index !== undefined ? { index: account.index } : {}),
  };
}

export async function walletStatus({ keyring, networks, dapp }: WalletServices): Promise<WalletStatus> {
  const [status, chainId, approvals] = await Promise.all([
    keyring.status(),
    networks.selectedChainId(),
    dapp.approvals.list(),
  ]);
  return {
    initialized: status.initialized,
    unlocked: status.unlocked,
    accounts: status.accounts.map(toAccountView),
    selectedAddress: status.selectedAddress,
    chainId,
    autoLockMinutes: status.autoLockMinutes,
    pendingApprovals: approvals.length,
    backupPending: status.backupPending,
  };
}

export function walletHandlers(services: WalletServices): Handlers {
  const { keyring, notify } = services;
  const status = () => walletStatus(services);
  const changed = <T>(value: T): T => {
    notify(['status', 'balances']);
    return value;
  };
  return {
    'wallet/status': status,
    'wallet/create': async ({ password, words }) => changed(await keyring.createWallet({ password, words })),
    'wallet/importMnemonic': async ({ password, mnemonic }) => {
      await keyring.importMnemonic({ password, mnemonic });
      return changed(await status());
    },
    'wallet/importPrivateKey': async ({ privateKey, password }) =>
      changed(toAccountView(await keyring.importPrivateKey({ privateKey, ...(password ? { password } : {}) }))),
    'wallet/reset': async ({ confirmation }) => {
      if (confirmation !== RESET_CONFIRMATION) {
        throw new Error(`Type ${RESET_CONFIRMATION} to confirm that this wallet should be erased.`);
      }
      await keyring.reset();
      for (const site of await services.sites.list()) await services.sites.remove(site.origin);
      notify(['sites', 'activity']);
      return changed(await status());
    },
    'wallet/unlock': async ({ password }) => {
      await keyring.unlock(password);
      return status();
    },
    'wallet/lock': async () => {
      await keyring.lock();
      return status();
    },
    'wallet/changePassword': async ({ oldPassword, newPassword }) => {
      await keyring.changePassword(oldPassword, newPassword);
      return null;
    },
    'wallet/revealMnemonic': async ({ password, address }) => {
      const account = address ? (await keyring.status()).accounts.find((a) => a.address === address) : undefined;
      if (address && account?.type !== 'hd') throw new Error(`${address} does not belong to a recovery phrase.`);
      return keyring.revealMnemonic(password, account?.keychainId);
    },
    'wallet/confirmBackup': async ({ mnemonic }) => {
      await keyring.confirmBackup(mnemonic);
      return changed(await status());
    },
    'wallet/exportPrivateKey': ({ address, password }) => keyring.exportPrivateKey(address, password),
    'accounts/add': async (params) =>
      changed(toAccountView(await keyring.addAccount({ ...(params?.name ? { name: params.name } : {}) }))),
    'accounts/rename': async ({ address, name }) => changed(toAccountView(await keyring.renameAccount(address, name))),
    'accounts/remove': async ({ address, password }) => {
      await keyring.removeImportedAccount(address, password);
      // A removed key is no longer the user's to share: sites that could see it stop seeing it.
      for (const site of await services.sites.list()) {
        const accounts = site.accounts.filter((a) => a.toLowerCase() !== address.toLowerCase());
        if (accounts.length === site.accounts.length) continue;
        if (accounts.length) await services.sites.put({ ...site, accounts });
        else await services.sites.remove(site.origin);
      }
      await services.dapp.events.accountsChanged().catch(() => {});
      return changed(await status());
    },
    'accounts/select': async ({ address }) => {
      await keyring.selectAccount(address);
      return changed(await status());
    },
    'settings/setAutoLock': async ({ minutes }) => {
      await keyring.setAutoLockMinutes(minutes);
      notify(['status']);
      return null;
    },
    'settings/dapps': () => services.dappSettings.get(),
    'settings/setMetamaskCompat': async ({ enabled }) => {
      if (typeof enabled !== 'boolean') throw new Error('enabled must be true or false');
      await services.dappSettings.setMetamaskCompat(enabled);
      // Connected pages are told their accounts again, now in the other letter case.
      void services.dapp.events.accountsChanged().catch(() => {});
      return services.dappSettings.get();
    },
  };
}
