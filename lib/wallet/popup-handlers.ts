// Every popup call, one area per file under handlers/.
import { assetHandlers } from './handlers/assets';
import { dappHandlers } from './handlers/dapps';
import { networkHandlers } from './handlers/networks';
import { sendHandlers } from './handlers/send';
import { walletHandlers } from './handlers/wallet';
import type { PopupHandlers } from './popup-router';
import type { WalletServices } from './services';

export function createPopupHandlers(services: WalletServices): PopupHandlers {
  return {
    ...walletHandlers(services),
    ...networkHandlers(services),
    ...assetHandlers(services),
    ...sendHandlers(services),
    ...dappHandlers(services),
  };
}
