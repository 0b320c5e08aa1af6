import { decodeEventLog, erc20Abi, erc721Abi, getAddress, type Hex, parseAbi } from 'viem';
import type { EventLog } from './local-call';

// What a transaction does to assets, read from the events its local execution emitted: ERC-20 transfers
// and approvals, ERC-721 transfers and approvals, ERC-1155 transfers, approvals for all.

export type AssetEffect =
  | { kind: 'erc20-transfer'; token: Hex; from: Hex; to: Hex; amount: bigint }
  | { kind: 'erc20-approval'; token: Hex; owner: Hex; spender: Hex; amount: bigint }
  | { kind: 'erc721-transfer'; token: Hex; from: Hex; to: Hex; tokenId: bigint }
  | { kind: 'erc721-approval'; token: Hex; owner: Hex; spender: Hex; tokenId: bigint }
  | { kind: 'approval-for-all'; token: Hex; owner: Hex; operator: Hex; approved: boolean }
  | { kind: 'erc1155-transfer'; token: Hex; from: Hex; to: Hex; tokenId: bigint; amount: bigint };

const erc1155Abi = parseAbi([
  'event TransferSingle(address indexed operator, address indexed from, address indexed to, uint256 id, uint256 value)',
  'event TransferBatch(address indexed operator, address indexed from, address indexed to, uint256[] ids, uint256[] values)',
  'event ApprovalForAll(address indexed account, address indexed operator, bool approved)',
]);

/** Largest uint256: an approval of this amount (or near it) is unlimited. */
export const UNLIMITED_THRESHOLD = 2n ** 255n;

export function decodeAssetEffects(logs: readonly EventLog[]): AssetEffect[] {
  const effects: AssetEffect[] = [];
  for (const log of logs) {
    const token = getAddress(log.address);
    const topics = log.topics as [Hex, ...Hex[]];
    // ERC-20 and ERC-721 share event names; the number of indexed topics tells them apart.
    const erc721 = topics.length === 4;
    const decoded =
      tryDecode(erc721 ? erc721Abi : erc20Abi, log.data, topics) ?? tryDecode(erc1155Abi, log.data, topics);
    if (!decoded) continue;
    const args = decoded.args as Record<string, unknown>;
    switch (decoded.eventName) {
      case 'Transfer':
        effects.push(
          erc721
            ? { kind: 'erc721-transfer', token, from: hex(args.from), to: hex(args.to), tokenId: big(args.tokenId) }
            : { kind: 'erc20-transfer', token, from: hex(args.from), to: hex(args.to), amount: big(args.value) },
        );
        break;
      case 'Approval':
        effects.push(
          erc721
            ? {
                kind: 'erc721-approval',
                token,
                owner: hex(args.owner),
                spender: hex(args.approved),
                tokenId: big(args.tokenId),
              }
            : {
                kind: 'erc20-approval',
                token,
                owner: hex(args.owner),
                spender: hex(args.spender),
                amount: big(args.value),
              },
        );
        break;
      case 'ApprovalForAll':
        effects.push({
          kind: 'approval-for-all',
          token,
          owner: hex(args.owner ?? args.account),
          operator: hex(args.operator),
          approved: args.approved === true,
        });
        break;
      case 'TransferSingle':
        effects.push({
          kind: 'erc1155-transfer',
          token,
          from: hex(args.from),
          to: hex(args.to),
          tokenId: big(args.id),
          amount: big(args.value),
        });
        break;
      case 'TransferBatch': {
        const ids = args.ids as bigint[];
        const values = args.values as bigint[];
        for (const [i, id] of ids.entries()) {
          effects.push({
            kind: 'erc1155-transfer',
            token,
            from: hex(args.from),
            to: hex(args.to),
            tokenId: id,
            amount: values[i] ?? 0n,
          });
        }
        break;
      }
    }
  }
  return effects;
}

/** Net ERC-20 change per token for one account: received minus sent. */
export function tokenDeltas(effects: readonly AssetEffect[], account: Hex): Map<Hex, bigint> {
  const me = account.toLowerCase();
  const deltas = new Map<Hex, bigint>();
  for (const effect of effects) {
    if (effect.kind !== 'erc20-transfer') continue;
    let delta = 0n;
    if (effect.to.toLowerCase() === me) delta += effect.amount;
    if (effect.from.toLowerCase() === me) delta -= effect.amount;
    if (delta !== 0n) deltas.set(effect.token, (deltas.get(effect.token) ?? 0n) + delta);
  }
  return deltas;
}

function tryDecode(
  abi: readonly unknown[],
  data: Hex,
  topics: [Hex, ...Hex[]],
): { eventName: string; args: unknown } | null {
  try {
    return decodeEventLog({ abi: abi as typeof erc20Abi, data, topics, strict: true });
  } catch {
    return null;
  }
}

function hex(value: unknown): Hex {
  return getAddress(value as string);
}

function big(value: unknown): bigint {
  return typeof value === 'bigint' ? value : 0n;
}
