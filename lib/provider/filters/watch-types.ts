// What filters and subscriptions are (watchers.ts): their stored record, log criteria, the chain data they
// read, and the watchers' parameters.
import type { Hex } from 'viem';
import type { KeyValueArea } from '../../storage/areas';
import type { BlockRef, SeenBlock } from './chain-walk';

export type WatchKind = 'logs' | 'blocks' | 'pending';

export interface LogCriteria {
  address?: string | string[];
  topics?: (string | string[] | null)[];
  /** Only for filters: a block number bound (hex) or a tag; subscriptions follow the head. */
  fromBlock?: string;
  toBlock?: string;
}

export interface WatchRecord {
  id: Hex;
  origin: string;
  tabId: number;
  frameId: number;
  chainId: number;
  kind: WatchKind;
  /** poll: eth_getFilterChanges collects; push: eth_subscribe, sent as `message` events. */
  delivery: 'poll' | 'push';
  criteria: LogCriteria;
  seen: SeenBlock[];
  /** Changes waiting for eth_getFilterChanges. */
  pending: unknown[];
  lastActive: number;
}

/** What the watchers read: the chain's agreed head and quorum-agreed answers. */
export interface WatchChainData {
  head(chainId: number): Promise<BlockRef | null>;
  request(chainId: number, request: { method: string; params: unknown[] }): Promise<unknown>;
}

export interface CreateWatchersParameters {
  /** browser.storage.session */
  area: KeyValueArea;
  chain: WatchChainData;
  /** Sends one subscription result to the page that made it; false when the page is gone. */
  push(record: WatchRecord, result: unknown): Promise<boolean>;
  /** Push subscriptions exist (true) or the last one ended (false): the background keeps itself awake. */
  onActiveChange?(active: boolean): void;
  /**
   * Each head read of a subscription poll: null when it answered, else why it failed. Pages that only hold
   * subscriptions make no reads of their own, so this is how they hear that the sources went away or came back.
   */
  onHeadRead?(chainId: number, error: unknown): void;
  now?: () => number;
  newId?: () => Hex;
  maxPerOrigin?: number;
  maxTotal?: number;
  idleMs?: number;
  pollMs?: number;
}
