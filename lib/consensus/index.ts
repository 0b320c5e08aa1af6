// The consensus light client: execution headers proven by Ethereum's sync committee.
export { BeaconClient, type BeaconClientParameters } from './beacon-client';
export { signedParentHeader } from './block';
export { CHAIN_CONFIGS, type ChainConfig, isChainConfig, MAINNET, SEPOLIA } from './config';
export {
  type Bootstrap,
  bootstrapFromJson,
  bootstrapFromSsz,
  parseFork,
  type Update,
  updateFromJson,
  updateFromSsz,
  updatesFromSszResponse,
} from './containers';
export { type ConsensusCheck, ConsensusError } from './errors';
export {
  DEFAULT_WEAK_SUBJECTIVITY_MS,
  type LastUpdate,
  LightClient,
  type LightClientOptions,
  type LightClientState,
  type VerifiedHead,
} from './light-client';
export { type LightClientSnapshot, restoreLightClient, snapshotLightClient } from './snapshot';
export {
  type AdvanceLightClientParameters,
  advanceLightClient,
  type SyncLightClientParameters,
  type SyncLightClientReturnType,
  syncLightClient,
} from './sync';
