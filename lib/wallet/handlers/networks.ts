// networks/* and sources/*: the user's view of each network's sources and agreement rule.
import type { NetworkView, PopupApi } from '../../messages/popup-api';
import type { NetworkConfig } from '../network-config';
import { toNetworkView } from '../network-view';
import type { PopupHandlers } from '../popup-router';
import type { WalletServices } from '../services';
import { sourceUrlProblem } from '../source-url';
import { walletStatus } from './wallet';

type Handlers = Pick<
  PopupHandlers,
  Extract<keyof PopupApi, `networks/${string}` | `sources/${string}` | `consensus/${string}`>
>;

export function networkHandlers(services: WalletServices): Handlers {
  const { networks, latencyHistory, probe, lightClients, beaconSettings } = services;
  const view = (config: NetworkConfig): NetworkView =>
    toNetworkView(config, networks.health(config.chainId), latencyHistory);

  return {
    'networks/list': async () => (await networks.list()).map(view),
    'networks/select': async ({ chainId }) => {
      await networks.select(chainId);
      return walletStatus(services);
    },
    'networks/create': async (params) => view(await networks.create(params)),
    'networks/upsert': async (params) => view(await networks.upsert(params)),
    'networks/remove': async ({ chainId }) => {
      await networks.remove(chainId);
      return null;
    },
    'networks/setQuorum': async ({ chainId, quorum, strict }) =>
      view(await networks.setQuorum(chainId, quorum, strict)),
    'sources/add': async ({ chainId, url, operator, allowUnreachable }) =>
      view(await networks.addSource(chainId, url, operator, allowUnreachable === true)),
    'sources/remove': async ({ chainId, sourceId }) => view(await networks.removeSource(chainId, sourceId)),
    'sources/setEnabled': async ({ chainId, sourceId, enabled }) =>
      view(await networks.setSourceEnabled(chainId, sourceId, enabled)),
    'consensus/status': async ({ chainId }) => lightClients.view(chainId),
    'consensus/addSource': async ({ chainId, url, operator }) => view(await beaconSettings.add(chainId, url, operator)),
    'consensus/removeSource': async ({ chainId, sourceId }) => view(await beaconSettings.remove(chainId, sourceId)),
    'consensus/testSource': async ({ chainId, url }) => beaconSettings.test(chainId, url),
    'consensus/setCheckpoint': async ({ chainId, checkpoint }) =>
      view(await beaconSettings.setCheckpoint(chainId, checkpoint)),
    'consensus/setVerifyAt': async ({ chainId, verifyAt }) => view(await beaconSettings.setVerifyAt(chainId, verifyAt)),
    'consensus/offerCheckpoint': async ({ chainId }) => beaconSettings.offerCheckpoint(chainId),
    'sources/test': async ({ url, expectedChainId }) => {
      const problem = sourceUrlProblem(url);
      if (problem) return { chainId: null, head: null, latencyMs: null, error: problem };
      const result = await probe(url.trim());
      if (expectedChainId !== undefined && result.chainId !== null && result.chainId !== expectedChainId) {
        return { ...result, error: `This source serves chain ${result.chainId}, not ${expectedChainId}.` };
      }
      return result;
    },
  };
}
