import { ssz } from '@lodestar/types';
import { bytesToHex, type Hex, hexToBytes, isHex } from 'viem';
import { forkAtSlot } from './config';
import type { LightClientHeader } from './containers';
import { ConsensusError } from './errors';
import { LightClient, type LightClientOptions, type LightClientState } from './light-client';

// The light client as plain JSON, so a restart (a service worker woken again) resumes from the
// committee and finalized header it had instead of syncing from the checkpoint.

export type LightClientSnapshot = {
  version: 1;
  network: string;
  /** Each header SSZ-encoded as the LightClientHeader of its own fork. */
  finalized: Hex;
  optimistic: Hex;
  current: { pubkeys: Hex[]; aggregatePubkey: Hex } | null;
  next: { pubkeys: Hex[]; aggregatePubkey: Hex } | null;
  previousMaxActive: number;
  currentMaxActive: number;
};

const SLOT_OFFSET = 0; // LightClientHeader starts with its beacon header, which starts with the slot.

function headerType(options: LightClientOptions, slot: number) {
  const fork = forkAtSlot(options.config, slot).name;
  if (fork === 'capella') return ssz.capella.LightClientHeader;
  if (fork === 'deneb') return ssz.deneb.LightClientHeader;
  if (fork === 'electra' || fork === 'fulu') return ssz.electra.LightClientHeader;
  throw new ConsensusError('format', `a header of fork ${fork} cannot be stored`);
}

export function snapshotLightClient(client: LightClient, options: LightClientOptions): LightClientSnapshot {
  const state = client.state();
  const header = (h: LightClientHeader) => bytesToHex(headerType(options, h.beacon.slot).serialize(h as never));
  const committee = (c: LightClientState['current']) =>
    c ? { pubkeys: c.pubkeys.map((k) => bytesToHex(k)), aggregatePubkey: bytesToHex(c.aggregatePubkey) } : null;
  return {
    version: 1,
    network: options.config.name,
    finalized: header(state.finalized),
    optimistic: header(state.optimistic),
    current: committee(state.current),
    next: committee(state.next),
    previousMaxActive: state.previousMaxActive,
    currentMaxActive: state.currentMaxActive,
  };
}

export function restoreLightClient(options: LightClientOptions, snapshot: unknown): LightClient {
  const s = snapshot as Partial<LightClientSnapshot> | null;
  if (s?.version !== 1 || s.network !== options.config.name) {
    throw new ConsensusError('format', `not a light-client snapshot for ${options.config.name}`);
  }
  const header = (hex: unknown): LightClientHeader => {
    if (typeof hex !== 'string' || !isHex(hex) || hex.length < 2 + 16) {
      throw new ConsensusError('format', 'snapshot header is not hex');
    }
    const bytes = hexToBytes(hex);
    const slot = Number(new DataView(bytes.buffer, bytes.byteOffset + SLOT_OFFSET, 8).getBigUint64(0, true));
    try {
      return headerType(options, slot).deserialize(bytes) as unknown as LightClientHeader;
    } catch (error) {
      throw new ConsensusError('format', 'snapshot header does not decode', { cause: error });
    }
  };
  const committee = (c: unknown): LightClientState['current'] => {
    if (c === null) return null;
    const value = c as { pubkeys?: unknown; aggregatePubkey?: unknown };
    const keyHex = (k: unknown) => typeof k === 'string' && /^0x[0-9a-fA-F]{96}$/.test(k);
    if (!Array.isArray(value?.pubkeys) || !value.pubkeys.every(keyHex) || !keyHex(value.aggregatePubkey)) {
      throw new ConsensusError('format', 'snapshot committee is malformed');
    }
    return {
      pubkeys: value.pubkeys.map((k: Hex) => hexToBytes(k)),
      aggregatePubkey: hexToBytes(value.aggregatePubkey as Hex),
    };
  };
  const count = (n: unknown) => (Number.isSafeInteger(n) && (n as number) >= 0 ? (n as number) : 0);
  return LightClient.fromState(options, {
    finalized: header(s.finalized),
    optimistic: header(s.optimistic),
    current: committee(s.current ?? null),
    next: committee(s.next ?? null),
    previousMaxActive: count(s.previousMaxActive),
    currentMaxActive: count(s.currentMaxActive),
  });
}
