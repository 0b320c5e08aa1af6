// The shape every entry of the dapp method table has.
import type { ApprovalDecision, ApprovalQueue, ApprovalRecord } from './approvals';
import type { DappBackend } from './backend';
import type { CallBatches } from './call-batches';
import type { DappEvents } from './dapp-events';
import type { Watchers } from './filters/watchers';
import type { DappCaller } from './sender';

export interface MethodContext {
  caller: DappCaller;
  /** Identifies this dapp request across service-worker restarts (see approvals.ts). */
  requestKey: string;
  method: string;
  backend: DappBackend;
  approvals: Pick<ApprovalQueue, 'ask' | 'isPending'>;
  events: DappEvents;
  watchers: Watchers;
  batches: CallBatches;
  /** Opens Accord's activity list (wallet_showCallsStatus). */
  showActivity(): Promise<void>;
}

export interface MethodEntry {
  handler(ctx: MethodContext, params: unknown): Promise<unknown>;
  /** The method may wait for the user; a re-sent request re-attaches to that approval instead of asking twice. */
  approval?: boolean;
}

export interface ExecutorContext {
  backend: DappBackend;
  events: DappEvents;
  batches: CallBatches;
  now(): number;
}

/** Runs after the user approved a request of one kind. */
export type Executor = (ctx: ExecutorContext, record: ApprovalRecord, decision: ApprovalDecision) => Promise<unknown>;
