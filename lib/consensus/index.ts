// The consensus light client: execution headers proven by Ethereum's sync committee.
export { BeaconClient, type BeaconClientParameters } from './beacon-client';
export { signedParentHeader } from './block';
export { type ChainConfig, MAINNET } from './config';
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
  LightClient,
  type LightClientOptions,
  type LightClientState,
  type VerifiedHead,
} from './light-client';
export { type LightClientSnapshot, restoreLightClient, snapshotLightClient } from './snapshot';
export { type SyncLightClientParameters, type SyncLightClientReturnType, syncLightClient } from './sync';
