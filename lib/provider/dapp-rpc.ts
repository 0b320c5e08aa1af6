// The background's EIP-1193 method table. Every page request arrives here with the caller the browser
// named (sender.ts), is checked, and either answered, passed to the quorum engine, or parked as an
// approval; nothing reaches the signer except through an approval the user gave (approvals.ts).
import type { Address } from '../messages/popup-api';
import { hostOperator } from '../rpc/operator';
import type { KeyValueArea } from '../storage/areas';
import {
  type ApprovalDecision,
  type ApprovalRecord,
  type ApprovalWindows,
  createApprovalQueue,
  DecisionError,
  requestKeyFor,
} from './approvals';
import type { DappBackend } from './backend';
import { createCallBatches } from './call-batches';
import { createDappEvents, type EventTabs } from './dapp-events';
import { ErrorCode, toProviderErrorShape, unsupportedMethod, unsupportedMethodMessage } from './errors';
import { createWatchers } from './filters/watchers';
import type { Executor, ExecutorContext, MethodContext, MethodEntry } from './method-types';
import { accountMethods, connectExecutor } from './methods/accounts';
import { assetMethods, watchAssetExecutor } from './methods/assets';
import { callMethods, sendCallsExecutor } from './methods/calls';
import { addChainExecutor, chainMethods, switchChainExecutor } from './methods/chains';
import { filterMethods } from './methods/filters';
import { legacyMethods, typedDataV1Executor } from './methods/legacy';
import { READ_METHODS, readMethods } from './methods/reads';
import { personalSignExecutor, presentRequest, signingMethods, typedDataExecutor } from './methods/signing';
import { transactionExecutor, transactionMethods } from './methods/transaction';
import { dappAccounts, permittedAccounts } from './permissions';
import type { DappCaller } from './sender';
import type { DappHelloResult, DappRequest, DappResponse, RequestId } from './wire';

export const DAPP_METHODS: Readonly<Record<string, MethodEntry>> = Object.freeze({
  ...readMethods,
  ...chainMethods,
  ...accountMethods,
  ...signingMethods,
  ...transactionMethods,
  ...assetMethods,
  ...legacyMethods,
  ...filterMethods,
  ...callMethods,
});

const EXECUTORS: Record<ApprovalRecord['request']['kind'], Executor> = {
  connect: connectExecutor,
  personal_sign: personalSignExecutor,
  typed_data: typedDataExecutor,
  typed_data_v1: typedDataV1Executor,
  transaction: transactionExecutor,
  calls: sendCallsExecutor,
  switch_chain: switchChainExecutor,
  add_chain: addChainExecutor,
  watch_asset: watchAssetExecutor,
};

/** Methods whose answer comes from the chain's sources: their outcome says whether the sources are reachable. */
const ASKS_SOURCES = new Set([...READ_METHODS, 'eth_getFilterChanges', 'eth_getFilterLogs']);

/** A refusal because no source answered at all (each failed), as the quorum client's dapp policy reports it. */
function everySourceFailed(data: unknown): string | null {
  const { reason, sources } = (data ?? {}) as { reason?: unknown; sources?: { error?: unknown }[] };
  if (reason !== 'unavailable' || !Array.isArray(sources) || sources.length === 0) return null;
  return sources.every((s) => typeof s.error === 'string') ? 'every source failed' : null;
}

/** Kinds that use keys or reveal accounts: a locked wallet needs the password from the approval window. */
const NEEDS_UNLOCK = new Set(['connect', 'personal_sign', 'typed_data', 'typed_data_v1', 'transaction', 'calls']);

export interface CreateDappRpcParameters {
  backend: DappBackend;
  /** browser.storage.session: pending approvals and known frames outlive the service worker there. */
  session: KeyValueArea;
  windows: ApprovalWindows;
  tabs: EventTabs;
  approvalUrl(id: string): string;
  /** The popup's activity list, for wallet_showCallsStatus. */
  activityUrl?: string;
  onApprovalsChange?(): void;
  /** Subscriptions exist (true) or ended (false): the background keeps an alarm to wake itself. */
  onSubscriptionsActive?(active: boolean): void;
  now?: () => number;
  newId?: () => string;
}

export type DappRpc = ReturnType<typeof createDappRpc>;

export function createDappRpc({
  backend,
  session,
  windows,
  tabs,
  approvalUrl,
  activityUrl,
  onApprovalsChange,
  onSubscriptionsActive,
  now = Date.now,
  newId,
}: CreateDappRpcParameters) {
  const events = createDappEvents({ area: session, tabs, accountsFor: (origin) => dappAccounts(backend, origin) });
  const reachability = async (reachable: boolean, reason?: string) => {
    try {
      await events.reachabilityChanged(await backend.networks.currentChainId(), reachable, reason);
    } catch {
      // Best effort: a page that misses the event still gets the request's own answer.
    }
  };
  const watchers = createWatchers({
    area: session,
    chain: { head: (chainId) => backend.networks.agreedHead(chainId), request: backend.networks.request },
    push: (record, result) =>
      events.subscriptionMessage(record, { type: 'eth_subscription', data: { subscription: record.id, result } }),
    ...(onSubscriptionsActive ? { onActiveChange: onSubscriptionsActive } : {}),
    // Subscription polls read the head without any page request: their outcome counts like a page's read.
    onHeadRead: (chainId, error) =>
      void (async () => {
        if (chainId !== (await backend.networks.currentChainId())) return;
        if (error === null) return reachability(true);
        const failed = everySourceFailed(toProviderErrorShape(error).data);
        if (failed) return reachability(false, failed);
      })().catch(() => {}),
    now,
  });
  const batches = createCallBatches({ area: session, backend, now });
  const showActivity = async () => {
    if (activityUrl) await windows.create({ url: activityUrl, type: 'popup', width: 380, height: 640 });
  };
  const executorContext: ExecutorContext = { backend, events, batches, now };

  async function execute(record: ApprovalRecord, decision: ApprovalDecision): Promise<unknown> {
    if (NEEDS_UNLOCK.has(record.request.kind) || decision.password) {
      const state = await backend.wallet.state();
      if (!state.initialized) throw new DecisionError('Create or import a wallet in Accord first.');
      if (!state.unlocked) {
        if (!decision.password) throw new DecisionError('Accord is locked: enter your password to approve.');
        try {
          await backend.wallet.unlock(decision.password);
        } catch (error) {
          throw new DecisionError((error as { shortMessage?: string }).shortMessage ?? (error as Error).message);
        }
      }
    }
    return EXECUTORS[record.request.kind](executorContext, record, decision);
  }

  const approvals = createApprovalQueue({
    area: session,
    windows,
    approvalUrl,
    execute,
    present: presentRequest,
    // Limits are per site: subdomains of one registrable domain share them.
    siteOf: hostOperator,
    ...(onApprovalsChange ? { onChange: onApprovalsChange } : {}),
    now,
    ...(newId ? { newId } : {}),
  });

  return {
    approvals,
    events,
    watchers,

    /** Answers one page request. Never throws: every failure is an EIP-1193 / JSON-RPC error. */
    async handle(caller: DappCaller, id: RequestId, request: DappRequest): Promise<DappResponse> {
      try {
        const entry = Object.hasOwn(DAPP_METHODS, request.method) ? DAPP_METHODS[request.method] : undefined;
        if (!entry) throw unsupportedMethod(request.method);
        await events.registerFrame(caller);
        const requestKey = requestKeyFor(caller, id, request);
        if (entry.approval) {
          const earlier = await approvals.attach(requestKey);
          if (earlier) return { result: (await earlier.promise) ?? null };
        }
        const ctx: MethodContext = {
          caller,
          requestKey,
          method: request.method,
          backend,
          approvals,
          events,
          watchers,
          batches,
          showActivity,
        };
        const result = await entry.handler(ctx, request.params);
        if (ASKS_SOURCES.has(request.method)) void reachability(true);
        return { result: result === undefined ? null : result };
      } catch (error) {
        const shape = toProviderErrorShape(error);
        const failed = everySourceFailed(shape.data);
        if (failed && ASKS_SOURCES.has(request.method)) void reachability(false, failed);
        // Whoever refused (this table or the quorum client), libraries recognise only MetaMask's wording.
        if (shape.code === ErrorCode.unsupportedMethod)
          return { error: { code: shape.code, message: unsupportedMethodMessage(request.method) } };
        return { error: shape };
      }
    },

    /** The relay's hello when a page loads: remember its frame, tell it the chain and its accounts. */
    async hello(caller: DappCaller): Promise<DappResponse> {
      try {
        await events.registerFrame(caller, { hello: true });
        // A hello comes from a page that just loaded: the subscriptions of the page before it are over.
        await watchers.forgetPage(caller.tabId, caller.frameId);
        const [chainId, accounts] = await Promise.all([
          backend.networks.currentChainId(),
          dappAccounts(backend, caller.origin),
        ]);
        await events.accountsDelivered(caller.origin, accounts);
        await backend.networks.warmUp?.(chainId).catch(() => {});
        const result: DappHelloResult = { chainId: `0x${chainId.toString(16)}`, accounts };
        return { result };
      } catch (error) {
        return { error: toProviderErrorShape(error) };
      }
    },

    /** For the popup's connected-sites list: revoking tells the site's open pages. */
    async revokeSite(origin: string): Promise<void> {
      await backend.sites.remove(origin);
      await events.accountsChanged(origin);
    },

    permittedAccounts: (origin: string): Promise<Address[]> => permittedAccounts(backend, origin),
  };
}
