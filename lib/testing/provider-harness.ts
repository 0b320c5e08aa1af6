// Builds a DappRpc over the fakes and helps tests drive approvals like the approval window would.
import type { ApprovalDecision } from '../provider/approvals';
import { createDappRpc } from '../provider/dapp-rpc';
import type { DappCaller } from '../provider/sender';
import type { DappRequest } from '../provider/wire';
import {
  ALICE,
  BOB,
  DAPP,
  type FakeBackendOptions,
  fakeBackend,
  fakeTabs,
  fakeWindows,
  memoryArea,
} from './provider-fakes';

/** Where wallet_showCallsStatus takes the user. */
export const ACTIVITY_URL = 'chrome-extension://accord/popup.html#/activity';

export function rpcHarness(options: FakeBackendOptions = {}) {
  const fake = fakeBackend(options);
  const session = memoryArea();
  const windows = fakeWindows();
  const tabs = fakeTabs();
  let ids = 0;
  let approvalsChanged: () => void = () => {};
  const make = () =>
    createDappRpc({
      onApprovalsChange: () => approvalsChanged(),
      backend: fake.backend,
      session,
      windows,
      tabs,
      approvalUrl: (id) => `chrome-extension://accord/popup.html#/approval/${id}`,
      activityUrl: ACTIVITY_URL,
      newId: () => `approval-${++ids}`,
    });
  let rpc = make();
  windows.onRemoved((id) => void rpc.approvals.onWindowRemoved(id));
  let nextRequestId = 1;

  async function pendingApprovals(count = 1) {
    for (let i = 0; i < 200; i++) {
      const list = await rpc.approvals.list();
      if (list.length >= count) return list;
      await new Promise((r) => setTimeout(r, 1));
    }
    throw new Error(`expected ${count} pending approval(s)`);
  }

  return {
    ...fake,
    session,
    windows,
    tabs,
    get rpc() {
      return rpc;
    },
    /** Called whenever the pending approvals change (what makes the approval window refresh). */
    onApprovalsChange(listener: () => void) {
      approvalsChanged = listener;
    },
    /** A new service worker: same storage, fresh memory. */
    restart() {
      rpc = make();
    },
    call(caller: DappCaller, method: string, params?: DappRequest['params'], id: string | number = nextRequestId++) {
      return rpc.handle(caller, id, params === undefined ? { method } : { method, params });
    },
    pendingApprovals,
    /** Waits for the one pending approval and answers it. */
    async decide(decision: ApprovalDecision) {
      const [approval] = await pendingApprovals();
      await rpc.approvals.resolve(approval.id, decision);
      return approval;
    },
  };
}

export type RpcHarness = ReturnType<typeof rpcHarness>;

/** A harness whose DAPP origin is already connected with `accounts`. */
export async function connectedHarness(options: FakeBackendOptions = {}, accounts = [ALICE]): Promise<RpcHarness> {
  const h = rpcHarness(options);
  h.sites.set(DAPP.origin, { origin: DAPP.origin, accounts, connectedAt: 1 });
  return h;
}

/** Everything that reached the signer (messages, typed data, transactions). */
export const signOps = (h: RpcHarness) =>
  h.log.filter((e) => ['signMessage', 'signTypedData', 'sendTransaction'].includes(e.op));

export const MAIL_TYPED_DATA = {
  types: {
    EIP712Domain: [
      { name: 'name', type: 'string' },
      { name: 'chainId', type: 'uint256' },
    ],
    Mail: [
      { name: 'to', type: 'address' },
      { name: 'contents', type: 'string' },
    ],
  },
  primaryType: 'Mail',
  domain: { name: 'Ether Mail', chainId: 31337 },
  message: { to: BOB, contents: 'Hello, Bob!' },
};
