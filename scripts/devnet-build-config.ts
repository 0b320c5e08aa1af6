// Sources baked into development builds. `npm start` and the browser tests set ACCORD_DEVNET
// to the endpoints they started; otherwise the fixed default ports of `npm start` are used.
export interface DevnetSourceConfig {
  id: string;
  url: string;
  operator: string;
}

export const DEFAULT_DEVNET_PORTS = { anvil: 18545, firstSource: 18601 } as const;

export const DEFAULT_DEVNET_SOURCES: DevnetSourceConfig[] = [
  { id: 'alpha', operator: 'Alpha Cloud', url: 'http://127.0.0.2:18601' },
  { id: 'bravo', operator: 'Bravo Hosting', url: 'http://127.0.0.3:18602' },
  { id: 'charlie', operator: 'Charlie Nodes', url: 'http://127.0.0.4:18603' },
  { id: 'zero', operator: 'Zero Networks', url: 'http://127.0.0.5:18604' },
  { id: 'down', operator: 'Down Infra', url: 'http://127.0.0.6:18605' },
];

export function devnetSourcesForBuild(): DevnetSourceConfig[] {
  const fromEnv = process.env.ACCORD_DEVNET;
  if (!fromEnv) return DEFAULT_DEVNET_SOURCES;
  const parsed = JSON.parse(fromEnv) as DevnetSourceConfig[];
  if (!Array.isArray(parsed) || parsed.some((s) => !/^http:\/\/127\.\d{1,3}\.\d{1,3}\.\d{1,3}:\d+$/.test(s.url))) {
    throw new Error('ACCORD_DEVNET must be a JSON array of loopback sources');
  }
  return parsed;
}

/**
 * The beacon chain development builds give "Local devnet": anvil has none, so the browser tests serve
 * light-client data for anvil's blocks (tests/fixtures/beacon/devnet-beacon.ts) signed under this config.
 * Every fork from genesis (Electra's containers and indices); the slot clock counts from a fixed genesis.
 */
export const DEVNET_BEACON_CHAIN = {
  name: 'accord-devnet',
  genesisTime: 1_700_000_000,
  genesisValidatorsRoot: '0x6163636f7264206465766e657420626561636f6e2067656e6573697320333262',
  forks: [
    { name: 'altair', epoch: 0, version: '0xa0000001' },
    { name: 'bellatrix', epoch: 0, version: '0xa0000002' },
    { name: 'capella', epoch: 0, version: '0xa0000003' },
    { name: 'deneb', epoch: 0, version: '0xa0000004' },
    { name: 'electra', epoch: 0, version: '0xa0000005' },
  ],
} as const;

/** Where `npm start` serves the devnet beacon fixture, and the checkpoint it made: baked into that build. */
export interface DevnetBeaconForBuild {
  url: string;
  checkpoint: string;
}

/**
 * The consensus settings development builds give "Local devnet": its beacon chain always; the beacon source
 * and checkpoint only when ACCORD_DEVNET_BEACON names them (`npm start`), else none (the tests set them).
 */
export function devnetConsensusForBuild() {
  const fromEnv = process.env.ACCORD_DEVNET_BEACON;
  const none = { beaconSources: [], checkpoint: null, chain: DEVNET_BEACON_CHAIN };
  if (!fromEnv) return none;
  const parsed = JSON.parse(fromEnv) as DevnetBeaconForBuild;
  if (
    !/^http:\/\/127\.\d{1,3}\.\d{1,3}\.\d{1,3}:\d+$/.test(parsed.url) ||
    !/^0x[0-9a-f]{64}$/.test(parsed.checkpoint)
  ) {
    throw new Error('ACCORD_DEVNET_BEACON must be {"url": a loopback URL, "checkpoint": a block root}');
  }
  return {
    ...none,
    beaconSources: [{ id: 'devnet-beacon', url: parsed.url, operator: 'Devnet beacon' }],
    checkpoint: parsed.checkpoint,
  };
}
