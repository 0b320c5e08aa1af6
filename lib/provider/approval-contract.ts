// The approval queue's contract: what a pending request, a decision and the window API look like, and the
// errors a decision can end in. The queue itself is in approvals.ts.
import type { Address, ApprovalRequest } from '../messages/popup-api';
import type { KeyValueArea } from '../storage/areas';
import type { ProviderError } from './errors';
import type { DappCaller } from './sender';

export interface ApprovalRecord {
  id: string;
  createdAt: number;
  origin: string;
  tabId: number;
  requestKey: string;
  request: ApprovalRequest;
  /** What the executor needs once approved (JSON-safe). */
  payload: unknown;
  windowId: number | null;
}

export interface ApprovalDecision {
  approved: boolean;
  accounts?: Address[];
  password?: string;
  /** The user ticked that they sign with values fewer than k sources agreed on (shown as such). */
  acceptUnconfirmed?: boolean;
  /**
   * The user goes on in the approval window (to the network an approved wallet_addEthereumChain added, to
   * add sources): once approved, the window is left open and no longer serves the queue.
   */
  keepWindow?: boolean;
}

/** Thrown by an executor when the user must change something in the window; the request stays pending. */
export class DecisionError extends Error {
  override name = 'DecisionError';
}

/**
 * What the user reviewed can no longer be signed as it is (a nonce was taken meanwhile): the request is
 * replaced by `update` and shown again; nothing is signed until the user approves the new one.
 */
export class ReviewAgainError extends DecisionError {
  override name = 'ReviewAgainError';
  constructor(
    message: string,
    readonly update: { request: ApprovalRequest; payload: unknown },
  ) {
    super(message);
  }
}

export interface ApprovalWindows {
  create(options: { url: string; type: 'popup'; width: number; height: number; focused?: boolean }): Promise<{
    id?: number;
  }>;
  remove(windowId: number): Promise<void>;
}

export interface CreateApprovalQueueParameters {
  /** browser.storage.session */
  area: KeyValueArea;
  windows: ApprovalWindows;
  approvalUrl(id: string): string;
  /** Runs after the user approved; its result or error answers the dapp. */
  execute(record: ApprovalRecord, decision: ApprovalDecision): Promise<unknown>;
  onChange?(): void;
  /** Pending requests one site may have (default 5). */
  maxPerOrigin?: number;
  /** Pending requests in all (default 100). */
  maxTotal?: number;
  /** Bytes of pending requests kept in storage.session (default 6 MiB; Chrome allows 10 MiB in all). */
  budgetBytes?: number;
  /**
   * What the window shows for a stored request: each payload is stored once, and parts derived from it
   * (a message's text from its bytes) are filled in here. Default: as stored.
   */
  present?: (request: ApprovalRequest) => ApprovalRequest;
  /** Groups origins into sites for the limits (default: the origin itself). */
  siteOf?: (origin: string) => string;
  doneTtlMs?: number;
  /**
   * After the user answers in the window, the window shows the outcome and closes itself; the background
   * closes it only if it is still open after this long (closing it at once races the window's own click).
   */
  closeAnsweredAfterMs?: number;
  now?: () => number;
  newId?: () => string;
}

export interface AskParameters {
  caller: DappCaller;
  requestKey: string;
  request: ApprovalRequest;
  payload?: unknown;
  /** Only one request of this kind per origin at a time (-32002 for a second), as for connecting. */
  exclusive?: boolean;
  /**
   * Work that must wait until the user can see the request (probing a page's URLs): runs once the request
   * is in the approval window; may replace what it shows, or answer the page with an error.
   */
  whileShown?: (control: ShownRequest) => Promise<void>;
}

export interface ShownRequest {
  update(change: { request: ApprovalRequest; payload: unknown }): Promise<void>;
  fail(error: ProviderError): Promise<void>;
}

/**
 * Names one dapp request across worker restarts: who sent it, its page request id, and a digest of its
 * content, so a page that reuses an id for a different request gets a new approval, not an old answer.
 */
export function requestKeyFor(caller: DappCaller, requestId: string | number, request: unknown = null): string {
  return `${caller.origin}|${caller.tabId}|${typeof requestId}:${requestId}|${digest(JSON.stringify(request) ?? '')}`;
}

/** FNV-1a, 32 bit: tells requests apart, not a security boundary (the origin and tab in the key are). */
function digest(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
