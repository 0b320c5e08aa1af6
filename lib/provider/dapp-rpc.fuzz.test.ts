// Property: whatever a page sends, the background answers with a well-formed result or an EIP-1193 /
// JSON-RPC error, never throws, and nothing reaches the signer without an approval the user gave.
import fc from 'fast-check';
import { encodeFunctionData, erc20Abi } from 'viem';
import { describe, expect, it } from 'vitest';
import { ALICE, BOB, CAROL, DAPP, OTHER } from '../testing/provider-fakes';
import { rpcHarness } from '../testing/provider-harness';
import type { ApprovalRecord } from './approvals';
import { DAPP_METHODS } from './dapp-rpc';
import { type DappResponse, parseDappEnvelope } from './wire';

// EIP-1193, JSON-RPC, and EIP-5792's batch codes (5700 unsupported capability … 5760 atomicity not supported).
const KNOWN_CODES = new Set([
  4001, 4100, 4200, 4900, 4901, 4902, -32600, -32602, -32603, -32002, -32005, -32000, 5700, 5710, 5720, 5730, 5740,
  5760,
]);
const RUNS = 10_000;

const typedData = {
  types: {
    EIP712Domain: [{ name: 'name', type: 'string' }],
    Mail: [
      { name: 'to', type: 'address' },
      { name: 'contents', type: 'string' },
    ],
  },
  primaryType: 'Mail',
  domain: { name: 'Mail' },
  message: { to: BOB, contents: 'hi' },
};

const address = fc.oneof(
  fc.constantFrom(ALICE, BOB, CAROL, ALICE.toLowerCase(), '0x0000000000000000000000000000000000000000'),
  fc.stringMatching(/^0x[0-9a-fA-F]{0,44}$/),
);
const hex = fc.oneof(
  fc.stringMatching(/^0x([0-9a-f]{2}){0,40}$/),
  fc.constantFrom('0x', '0x0', '0x7a69', '0x1', '0x539'),
);
const blockTag = fc.constantFrom('latest', 'pending', 'earliest', 'finalized', '0x10', 'newest', null);
const transfer = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [BOB, 5n] });
const tx = fc.record(
  {
    from: address,
    to: fc.oneof(address, fc.constant(null)),
    value: fc.oneof(hex, fc.integer()),
    data: fc.oneof(hex, fc.constant(transfer)),
    gas: hex,
    maxFeePerGas: hex,
    chainId: fc.constantFrom('0x7a69', '0x1', 31337),
    nonce: hex,
    junk: fc.jsonValue(),
  },
  { requiredKeys: [] },
);
const chainParams = fc.record(
  {
    chainId: fc.oneof(hex, fc.integer()),
    chainName: fc.string({ maxLength: 120 }),
    nativeCurrency: fc.record({
      name: fc.string(),
      symbol: fc.string({ maxLength: 12 }),
      decimals: fc.integer({ min: -1, max: 40 }),
    }),
    rpcUrls: fc.array(fc.oneof(fc.webUrl(), fc.constantFrom('http://127.0.0.1:8545', 'javascript:alert(1)')), {
      maxLength: 12,
    }),
    blockExplorerUrls: fc.array(fc.webUrl(), { maxLength: 2 }),
  },
  { requiredKeys: [] },
);
const asset = fc.record(
  {
    type: fc.constantFrom('ERC20', 'ERC721', 1),
    options: fc.record(
      {
        address,
        symbol: fc.string({ maxLength: 13 }),
        decimals: fc.oneof(fc.integer({ min: -2, max: 40 }), fc.string()),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);
const big = fc.integer({ min: 0, max: 1_100_000 }).map((n) => 'x'.repeat(n));
const value = fc.oneof(
  { weight: 6, arbitrary: fc.oneof(address, hex, blockTag) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: tx },
  { weight: 1, arbitrary: chainParams },
  { weight: 1, arbitrary: asset },
  {
    weight: 1,
    arbitrary: fc.constantFrom(typedData, JSON.stringify(typedData), { eth_accounts: {} }, { chainId: '0x1' }),
  },
  { weight: 1, arbitrary: fc.oneof(fc.constant(undefined), fc.double(), fc.boolean(), fc.string({ maxLength: 300 })) },
);
const params = fc.oneof(
  { weight: 8, arbitrary: fc.array(value, { maxLength: 4 }) },
  { weight: 2, arbitrary: fc.oneof(value, fc.constant(undefined)) },
  { weight: 1, arbitrary: fc.array(big, { minLength: 1, maxLength: 1 }) },
);
const method = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...Object.keys(DAPP_METHODS)) },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.constantFrom('eth_sign', 'eth_subscribe', 'constructor', '__proto__', 'hasOwnProperty', ''),
      fc.string(),
    ),
  },
);
// Well-formed calls, so the run also walks the approval and signing paths, not only the checks.
const wellFormedCall = fc.constantFrom<{ method: string; params?: unknown }>(
  { method: 'personal_sign', params: ['0x48656c6c6f', ALICE] },
  { method: 'eth_signTypedData_v4', params: [ALICE, typedData] },
  { method: 'eth_signTypedData_v3', params: [ALICE, JSON.stringify(typedData)] },
  { method: 'eth_sendTransaction', params: [{ from: ALICE, to: BOB, value: '0x1' }] },
  { method: 'eth_sendTransaction', params: [{ from: ALICE, to: CAROL, data: transfer }] },
  { method: 'eth_requestAccounts' },
  { method: 'wallet_requestPermissions', params: [{ eth_accounts: {} }] },
  { method: 'wallet_revokePermissions', params: [{ eth_accounts: {} }] },
  { method: 'wallet_switchEthereumChain', params: [{ chainId: '0x1' }] },
  { method: 'wallet_watchAsset', params: { type: 'ERC20', options: { address: CAROL, symbol: 'ACT', decimals: 18 } } },
  {
    method: 'wallet_addEthereumChain',
    params: [
      {
        chainId: '0x539',
        chainName: 'Second',
        nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
        rpcUrls: ['http://127.0.0.1:9001'],
      },
    ],
  },
  { method: 'eth_getBalance', params: [ALICE, 'latest'] },
  { method: 'eth_accounts' },
);
const call = fc.oneof(fc.record({ method, params }), wellFormedCall);
const request = fc.record({
  caller: fc.constantFrom(DAPP, OTHER),
  id: fc.oneof(fc.integer(), fc.string({ maxLength: 140 }), fc.constant(null)),
  call,
  decision: fc.constantFrom('approve', 'reject', 'close', 'password', 'wrong-password', 'no-accounts', 'other-account'),
  locked: fc.boolean(),
  connected: fc.boolean(),
  readFails: fc.boolean(),
});

function wellFormed(response: DappResponse): void {
  expect(typeof response).toBe('object');
  if ('error' in response) {
    expect(Number.isInteger(response.error.code)).toBe(true);
    expect(KNOWN_CODES.has(response.error.code)).toBe(true);
    expect(typeof response.error.message).toBe('string');
    expect(response.error.message.length).toBeGreaterThan(0);
  } else {
    expect('result' in response).toBe(true);
    expect(response.result).not.toBeUndefined();
    JSON.stringify(response.result);
  }
}

describe('dapp method table under random requests', () => {
  it(`answers ${RUNS} random requests well-formed and never signs without approval`, async () => {
    const h = rpcHarness({ password: 'pw-right' });
    h.probes.set('http://127.0.0.1:9001/', { chainId: 0x539, latencyMs: 1 });
    const approved: ApprovalRecord[] = [];
    let decision = 'approve';

    // The "user": answers each request the approval window shows, as the generated decision says.
    const seen = new Set<string>();
    h.onApprovalsChange(() => {
      setTimeout(async () => {
        for (const { id } of await h.rpc.approvals.list()) {
          if (seen.has(id)) continue;
          seen.add(id);
          let record = await h.rpc.approvals.get(id);
          for (let i = 0; record && record.windowId === null && i < 50; i++) {
            await new Promise((r) => setTimeout(r, 0));
            record = await h.rpc.approvals.get(id);
          }
          if (!record) continue;
          const accounts = decision === 'no-accounts' ? [] : decision === 'other-account' ? [CAROL] : [ALICE];
          const attempt = async (d: Parameters<typeof h.rpc.approvals.resolve>[1]) => {
            try {
              await h.rpc.approvals.resolve(id, d);
              return true;
            } catch {
              return false;
            }
          };
          if (decision === 'close' && record.windowId !== null) {
            await h.windows.close(record.windowId).catch(() => {});
            continue;
          }
          if (decision === 'reject' || decision === 'close') {
            await attempt({ approved: false });
            continue;
          }
          const password = decision === 'wrong-password' ? 'nope' : decision === 'password' ? 'pw-right' : undefined;
          approved.push(record);
          const ok = await attempt({ approved: true, accounts, ...(password ? { password } : {}) });
          // The user gives up when the window asks again.
          if (!ok) await attempt({ approved: false });
        }
      }, 0);
    });

    let runs = 0;
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        runs++;
        decision = r.decision;
        h.state.unlocked = !r.locked;
        if (r.connected) h.sites.set(r.caller.origin, { origin: r.caller.origin, accounts: [ALICE], connectedAt: 1 });
        else h.sites.delete(r.caller.origin);
        h.answerReads(() => {
          if (r.readFails)
            throw { code: -32603, message: 'Accord: RPC sources disagree', data: { reason: 'conflict' } };
          return '0x1';
        });
        const signsBefore = h.log.filter((e) => e.op.startsWith('sign') || e.op === 'sendTransaction').length;
        const approvedBefore = approved.length;

        h.networks.delete(0x539);
        const envelope = { type: 'dapp:request', id: r.id, request: r.call };
        const parsed = parseDappEnvelope(envelope);
        let response: DappResponse;
        if (!parsed) throw new Error('envelope not recognised');
        if (!parsed.ok) response = { error: parsed.error };
        else response = await h.rpc.handle(r.caller, parsed.message.id, parsed.message.request);
        wellFormed(response);

        const signs = h.log.filter((e) => e.op.startsWith('sign') || e.op === 'sendTransaction');
        const newSigns = signs.slice(signsBefore);
        const newApprovals = approved.slice(approvedBefore);
        expect(newSigns.length).toBeLessThanOrEqual(newApprovals.length);
        // Each signature is of what an approved request showed.
        const shown = newApprovals.map(({ request, payload }) => {
          if (request.kind === 'personal_sign') return ['signMessage', request.address, request.message.hex];
          if (request.kind === 'typed_data') return ['signTypedData', request.address, request.version];
          if (request.kind === 'transaction')
            return ['sendTransaction', { ...(payload as object), data: request.data }];
          return [request.kind];
        });
        for (const sign of newSigns) {
          const signed =
            sign.op === 'signMessage'
              ? [sign.op, sign.args[0], sign.args[1]]
              : sign.op === 'signTypedData'
                ? [sign.op, sign.args[0], sign.args[2]]
                : [sign.op, sign.args[0]];
          expect(shown).toContainEqual(signed);
        }
        h.state.chainId = 31337;
      }),
      { numRuns: RUNS },
    );
    expect(runs).toBe(RUNS);
    // The run went through the interesting paths, not only through -32602.
    expect(h.log.some((e) => e.op === 'signMessage')).toBe(true);
    expect(h.log.some((e) => e.op === 'sendTransaction')).toBe(true);
  }, 300_000);
});
