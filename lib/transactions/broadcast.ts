import type { Hex } from 'viem';
import type { ChainAccess } from './types';

// Sending a signed transaction and reading what the node said. Only a node's explicit rejection of the
// transaction itself ends it; "already known" and network trouble keep it pending for the next rebroadcast.

const ALREADY_SENT =
  /already known|known transaction|already imported|already exists|nonce too low|replacement transaction underpriced/i;
const REJECTED =
  /insufficient funds|intrinsic gas too low|exceeds block gas limit|gas limit reached|invalid sender|invalid signature|invalid chain ?id|incorrect chain ?id|not supported|oversized data|transaction size/i;

export type BroadcastOutcome =
  | { kind: 'sent' }
  | { kind: 'known'; message: string }
  | { kind: 'rejected'; message: string }
  | { kind: 'unreachable'; message: string };

export function errorText(error: unknown): string {
  const e = error as { shortMessage?: unknown; message?: unknown; details?: unknown };
  const text = [e?.shortMessage, e?.details, e?.message].find((t) => typeof t === 'string' && t.length) as
    | string
    | undefined;
  return (text ?? String(error)).slice(0, 300);
}

export async function broadcastRaw(raw: Hex, chain: ChainAccess): Promise<BroadcastOutcome> {
  try {
    await chain.request({ method: 'eth_sendRawTransaction', params: [raw] });
    return { kind: 'sent' };
  } catch (error) {
    const message = errorText(error);
    if (ALREADY_SENT.test(message)) return { kind: 'known', message };
    if (REJECTED.test(message)) return { kind: 'rejected', message };
    return { kind: 'unreachable', message };
  }
}
