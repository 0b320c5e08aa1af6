// The background's EIP-1193 method table. Every page request arrives here with the caller the browser
// named (sender.ts), is checked, and either answered, passed to the quorum engine, or parked as an
// approval; nothing reaches the signer except through an approval the user gave (approvals.ts).
import type { Address } from '@/lib/messages/popup-api';
import { hostOperator } from '@/lib/rpc/operator';
import type { KeyValueArea } from '@/lib/storage/areas';
import {
  type ApprovalDecision,
  type ApprovalRecord,
  type ApprovalWindows,
  createApprovalQueue,
  DecisionError,
  requestKeyFor,
} from './approvals';
import type { DappBackend } from './backend';
import { createDappEvents, type EventTabs } from './dapp-events';
import { toProviderErrorShape, unsupportedMethod } from './errors';
import type { Executor, ExecutorContext, MethodContext, MethodEntry } from './method-types';
import { accountMethods, connectExecutor } from './methods/accounts';
import { assetMethods, watchAssetExecutor } from './methods/assets';
import { addChainExecutor, chainMethods, switchChainExecutor } from './methods/chains';
import { readMethods } from './methods/reads';
import { personalSignExecutor, presentRequest, signingMethods, typedDataExecutor } from './methods/signing';
import { transactionExecutor, transactionMethods } from './methods/transaction';
import { permittedAccounts } from './permissions';
import type { DappCaller } from './sender';
import type { DappHelloResult, DappRequest, DappResponse, RequestId } from './wire';

export const DAPP_METHODS: Readonly<Record<string, MethodEntry>> = Object.freeze({
  ...readMethods,
  ...chainMethods,
  ...accountMethods,
  ...signingMethods,
  ...transactionMethods,
  ...assetMethods,
});

const EXECUTORS: Record<ApprovalRecord['request']['kind'], Executor> = {
  connect: connectExecutor,
  personal_sign: personalSignExecutor,
  typed_data: typedDataExecutor,
  transaction: transactionExecutor,
  switch_chain: switchChainExecutor,
  add_chain: addChainExecutor,
  watch_asset: watchAssetExecutor,
};

/** Kinds that use keys or reveal accounts: a locked wallet needs the password from the approval window. */
const NEEDS_UNLOCK = new Set(['connect', 'personal_sign', 'typed_data', 'transaction']);

export interface CreateDappRpcParameters {
  backend: DappBackend;
  /** browser.storage.session: pending approvals and known frames outlive the service worker there. */
  session: KeyValueArea;
  windows: ApprovalWindows;
  tabs: EventTabs;
  approvalUrl(id: string): string;
  onApprovalsChange?(): void;
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
  onApprovalsChange,
  now = Date.now,
  newId,
}: CreateDappRpcParameters) {
  const events = createDappEvents({ area: session, tabs, accountsFor: (origin) => permittedAccounts(backend, origin) });
  const executorContext: ExecutorContext = { backend, events, now };

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
        const ctx: MethodContext = { caller, requestKey, method: request.method, backend, approvals, events };
        const result = await entry.handler(ctx, request.params);
        return { result: result === undefined ? null : result };
      } catch (error) {
        return { error: toProviderErrorShape(error) };
      }
    },

    /** The relay's hello when a page loads: remember its frame, tell it the chain and its accounts. */
    async hello(caller: DappCaller): Promise<DappResponse> {
      try {
        await events.registerFrame(caller, { hello: true });
        const [chainId, accounts] = await Promise.all([
          backend.networks.currentChainId(),
          permittedAccounts(backend, caller.origin),
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
