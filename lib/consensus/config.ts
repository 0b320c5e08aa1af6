import { ssz } from '@lodestar/types';
import { bytesToHex, type Hex, hexToBytes } from 'viem';
import { ConsensusError } from './errors';

// What a light client must know about a beacon chain before it trusts anything: its genesis, its fork
// schedule (the fork version signs every sync-committee message) and the spec's time units.

export type ForkName = 'altair' | 'bellatrix' | 'capella' | 'deneb' | 'electra' | 'fulu';

export type ForkSchedule = readonly { name: ForkName; epoch: number; version: Hex }[];

export type ChainConfig = {
  name: string;
  genesisTime: number;
  genesisValidatorsRoot: Hex;
  /** Ascending by epoch. */
  forks: ForkSchedule;
};

export const SECONDS_PER_SLOT = 12;
export const SLOTS_PER_EPOCH = 32;
export const EPOCHS_PER_SYNC_COMMITTEE_PERIOD = 256;
export const SLOTS_PER_PERIOD = SLOTS_PER_EPOCH * EPOCHS_PER_SYNC_COMMITTEE_PERIOD;
export const SYNC_COMMITTEE_SIZE = 512;
/** DOMAIN_SYNC_COMMITTEE. */
export const DOMAIN_SYNC_COMMITTEE = hexToBytes('0x07000000');

/** Ethereum mainnet (consensus-specs configs/mainnet.yaml). */
export const MAINNET: ChainConfig = {
  name: 'mainnet',
  genesisTime: 1606824023,
  genesisValidatorsRoot: '0x4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95',
  forks: [
    { name: 'altair', epoch: 74240, version: '0x01000000' },
    { name: 'bellatrix', epoch: 144896, version: '0x02000000' },
    { name: 'capella', epoch: 194048, version: '0x03000000' },
    { name: 'deneb', epoch: 269568, version: '0x04000000' },
    { name: 'electra', epoch: 364032, version: '0x05000000' },
    { name: 'fulu', epoch: 411392, version: '0x06000000' },
  ],
};

/** Sepolia's beacon chain (eth-clients/sepolia metadata/config.yaml and genesis). */
export const SEPOLIA: ChainConfig = {
  name: 'sepolia',
  genesisTime: 1655733600,
  genesisValidatorsRoot: '0xd8ea171f3c94aea21ebc42a1ed61052acf3f9209c00e4efbaaddac09ed9b8078',
  forks: [
    { name: 'altair', epoch: 50, version: '0x90000070' },
    { name: 'bellatrix', epoch: 100, version: '0x90000071' },
    { name: 'capella', epoch: 56832, version: '0x90000072' },
    { name: 'deneb', epoch: 132608, version: '0x90000073' },
    { name: 'electra', epoch: 222464, version: '0x90000074' },
    { name: 'fulu', epoch: 272640, version: '0x90000075' },
  ],
};

/** The beacon chains this client knows, by the execution chain id they carry. */
export const CHAIN_CONFIGS: Readonly<Record<number, ChainConfig>> = { 1: MAINNET, 11155111: SEPOLIA };

/** A chain config as plain data (a network's settings carry it for chains not listed above, e.g. a devnet). */
export function isChainConfig(value: unknown): value is ChainConfig {
  const c = value as Partial<ChainConfig> | null;
  const hex = (v: unknown, bytes: number) =>
    typeof v === 'string' && new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`).test(v);
  return (
    typeof c?.name === 'string' &&
    c.name.length <= 40 &&
    Number.isSafeInteger(c.genesisTime) &&
    hex(c.genesisValidatorsRoot, 32) &&
    Array.isArray(c.forks) &&
    c.forks.length > 0 &&
    c.forks.length <= 16 &&
    c.forks.every(
      (f, i) =>
        ['altair', 'bellatrix', 'capella', 'deneb', 'electra', 'fulu'].includes(f?.name) &&
        Number.isSafeInteger(f.epoch) &&
        f.epoch >= (c.forks?.[i - 1]?.epoch ?? 0) &&
        hex(f.version, 4),
    )
  );
}

export const epochAtSlot = (slot: number) => Math.floor(slot / SLOTS_PER_EPOCH);
export const periodAtSlot = (slot: number) => Math.floor(slot / SLOTS_PER_PERIOD);

/** The slot a clock reading (ms since 1970) falls in; negative before genesis. */
export function slotAtTime(config: ChainConfig, nowMs: number): number {
  return Math.floor((nowMs / 1000 - config.genesisTime) / SECONDS_PER_SLOT);
}

export function timeAtSlot(config: ChainConfig, slot: number): number {
  return (config.genesisTime + slot * SECONDS_PER_SLOT) * 1000;
}

export function forkAtEpoch(config: ChainConfig, epoch: number): ChainConfig['forks'][number] {
  let current = config.forks[0];
  for (const fork of config.forks) if (fork.epoch <= epoch) current = fork;
  if (epoch < current.epoch) {
    throw new ConsensusError('format', `epoch ${epoch} is before ${config.name}'s Altair fork`);
  }
  return current;
}

export function forkAtSlot(config: ChainConfig, slot: number) {
  return forkAtEpoch(config, epochAtSlot(slot));
}

/** compute_fork_data_root(version, genesis_validators_root). */
function forkDataRoot(config: ChainConfig, version: Hex): Uint8Array {
  return ssz.phase0.ForkData.hashTreeRoot({
    currentVersion: hexToBytes(version),
    genesisValidatorsRoot: hexToBytes(config.genesisValidatorsRoot),
  });
}

/** The fork digest a beacon node puts before each SSZ light-client object (up to Electra). */
export function forkDigest(config: ChainConfig, version: Hex): Hex {
  return bytesToHex(forkDataRoot(config, version).subarray(0, 4));
}

/** compute_domain(DOMAIN_SYNC_COMMITTEE, fork_version, genesis_validators_root). */
export function syncCommitteeDomain(config: ChainConfig, version: Hex): Uint8Array {
  const domain = new Uint8Array(32);
  domain.set(DOMAIN_SYNC_COMMITTEE, 0);
  domain.set(forkDataRoot(config, version).subarray(0, 28), 4);
  return domain;
}

/** compute_signing_root(object_root, domain). */
export function signingRoot(objectRoot: Uint8Array, domain: Uint8Array): Uint8Array {
  return ssz.phase0.SigningData.hashTreeRoot({ objectRoot, domain });
}
