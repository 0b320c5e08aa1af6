// approvals/* and sites/*: the approval window's data flow and the connected-sites list.
import type { PopupApi } from '../../messages/popup-api';
import type { PopupHandlers } from '../popup-router';
import type { WalletServices } from '../services';

type Handlers = Pick<PopupHandlers, Extract<keyof PopupApi, `approvals/${string}` | `sites/${string}`>>;

export function dappHandlers({ dapp, sites }: WalletServices): Handlers {
  return {
    'approvals/list': () => dapp.approvals.list(),
    'approvals/resolve': async ({ id, approved, accounts, password, acceptUnconfirmed, keepWindow }) => {
      await dapp.approvals.resolve(id, {
        approved: approved === true,
        ...(acceptUnconfirmed === true ? { acceptUnconfirmed: true } : {}),
        ...(keepWindow === true ? { keepWindow: true } : {}),
        ...(Array.isArray(accounts) ? { accounts } : {}),
        ...(typeof password === 'string' && password ? { password } : {}),
      });
      return null;
    },
    'sites/list': () => sites.list(),
    'sites/revoke': async ({ origin }) => {
      await dapp.revokeSite(origin);
      return null;
    },
  };
}
