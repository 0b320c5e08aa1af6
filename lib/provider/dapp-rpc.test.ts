import { encodeFunctionData, erc20Abi } from 'viem';
import { describe, expect, it } from 'vitest';
import { ALICE, BOB, CAROL, DAPP, OTHER } from './test-fakes';
import { rpcHarness } from './test-harness';

const typedData = {
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

async function connected(options: Parameters<typeof rpcHarness>[0] = {}, accounts = [ALICE]) {
  const h = rpcHarness(options);
  h.sites.set(DAPP.origin, { origin: DAPP.origin, accounts, connectedAt: 1 });
  return h;
}

const signOps = (h: ReturnType<typeof rpcHarness>) =>
  h.log.filter((e) => ['signMessage', 'signTypedData', 'sendTransaction'].includes(e.op));

describe('connecting', () => {
  it('eth_accounts is [] for a site that never connected', async () => {
    const h = rpcHarness();
    expect(await h.call(DAPP, 'eth_accounts')).toEqual({ result: [] });
  });

  it('eth_requestAccounts opens the connect approval and returns the accounts the user picked', async () => {
    const h = rpcHarness();
    await h.rpc.hello(DAPP);
    const answer = h.call(DAPP, 'eth_requestAccounts');
    const approval = await h.decide({ approved: true, accounts: [BOB, ALICE] });
    expect(approval.request).toEqual({ kind: 'connect', origin: DAPP.origin });
    // The selected account (ALICE) comes first.
    expect(await answer).toEqual({ result: [ALICE, BOB] });
    expect(await h.call(DAPP, 'eth_accounts')).toEqual({ result: [ALICE, BOB] });
    expect(h.tabs.sent).toContainEqual({
      tabId: DAPP.tabId,
      frameId: 0,
      message: { type: 'dapp:event', origin: DAPP.origin, event: 'accountsChanged', data: [ALICE, BOB] },
    });
    expect(await h.call(OTHER, 'eth_accounts')).toEqual({ result: [] });
  });

  it('eth_requestAccounts answers at once for a connected site', async () => {
    const h = await connected();
    expect(await h.call(DAPP, 'eth_requestAccounts')).toEqual({ result: [ALICE] });
    expect(h.windows.created).toHaveLength(0);
  });

  it('answers -32002 while a connect request is pending for the origin', async () => {
    const h = rpcHarness();
    void h.call(DAPP, 'eth_requestAccounts');
    await h.pendingApprovals();
    expect(await h.call(DAPP, 'eth_requestAccounts')).toMatchObject({ error: { code: -32002 } });
    expect(await h.call(DAPP, 'wallet_requestPermissions', [{ eth_accounts: {} }])).toMatchObject({
      error: { code: -32002 },
    });
  });

  it('answers 4001 when the user rejects or closes the window', async () => {
    const h = rpcHarness();
    const rejected = h.call(DAPP, 'eth_requestAccounts');
    await h.decide({ approved: false });
    expect(await rejected).toMatchObject({ error: { code: 4001 } });
    const closed = h.call(DAPP, 'eth_requestAccounts');
    await h.pendingApprovals();
    await h.windows.close([...h.windows.open.keys()][0]);
    expect(await closed).toMatchObject({ error: { code: 4001 } });
    expect(h.sites.size).toBe(0);
  });

  it('asks for the password inside the approval when the wallet is locked', async () => {
    const h = rpcHarness({ unlocked: false });
    const answer = h.call(DAPP, 'eth_requestAccounts');
    const [approval] = await h.pendingApprovals();
    await expect(h.rpc.approvals.resolve(approval.id, { approved: true, accounts: [ALICE] })).rejects.toThrow(
      /locked: enter your password/,
    );
    await expect(
      h.rpc.approvals.resolve(approval.id, { approved: true, accounts: [ALICE], password: 'wrong' }),
    ).rejects.toThrow(/Incorrect password/);
    await h.rpc.approvals.resolve(approval.id, { approved: true, accounts: [ALICE], password: h.password });
    expect(await answer).toEqual({ result: [ALICE] });
  });

  it('refuses an approval that picks no account or one the wallet does not hold', async () => {
    const h = rpcHarness();
    void h.call(DAPP, 'eth_requestAccounts');
    const [approval] = await h.pendingApprovals();
    await expect(h.rpc.approvals.resolve(approval.id, { approved: true, accounts: [] })).rejects.toThrow(
      /at least one/,
    );
    await expect(h.rpc.approvals.resolve(approval.id, { approved: true, accounts: [CAROL] })).rejects.toThrow(
      /not an account/,
    );
  });

  it('eth_accounts is [] while locked, and the selected account comes first', async () => {
    const h = await connected({}, [BOB, ALICE]);
    h.state.selectedAddress = BOB;
    expect(await h.call(DAPP, 'eth_accounts')).toEqual({ result: [BOB, ALICE] });
    expect(await h.call(DAPP, 'eth_coinbase')).toEqual({ result: BOB });
    h.state.unlocked = false;
    expect(await h.call(DAPP, 'eth_accounts')).toEqual({ result: [] });
  });

  it('wallet_requestPermissions returns EIP-2255 permissions; other permissions are -32602', async () => {
    const h = rpcHarness();
    const answer = h.call(DAPP, 'wallet_requestPermissions', [{ eth_accounts: {} }]);
    await h.decide({ approved: true, accounts: [ALICE] });
    expect(await answer).toEqual({
      result: [
        {
          invoker: DAPP.origin,
          parentCapability: 'eth_accounts',
          caveats: [{ type: 'restrictReturnedAccounts', value: [ALICE] }],
          date: expect.any(Number),
        },
      ],
    });
    expect(await h.call(DAPP, 'wallet_requestPermissions', [{ snap_dialog: {} }])).toMatchObject({
      error: { code: -32602, message: expect.stringContaining('snap_dialog') },
    });
    expect(await h.call(DAPP, 'wallet_requestPermissions', 'eth_accounts' as never)).toMatchObject({
      error: { code: -32602 },
    });
  });

  it('wallet_getPermissions and wallet_revokePermissions', async () => {
    const h = await connected();
    await h.rpc.hello(DAPP);
    const { result } = (await h.call(DAPP, 'wallet_getPermissions')) as { result: unknown[] };
    expect(result).toMatchObject([{ parentCapability: 'eth_accounts', caveats: [{ value: [ALICE] }] }]);
    expect(await h.call(OTHER, 'wallet_getPermissions')).toEqual({ result: [] });
    expect(await h.call(DAPP, 'wallet_revokePermissions', [{ eth_accounts: {} }])).toEqual({ result: null });
    expect(await h.call(DAPP, 'eth_accounts')).toEqual({ result: [] });
    expect(h.tabs.sent.at(-1)?.message).toMatchObject({ event: 'accountsChanged', data: [] });
  });

  it('hello answers the chain and the site accounts', async () => {
    const h = await connected();
    expect(await h.rpc.hello(DAPP)).toEqual({ result: { chainId: '0x7a69', accounts: [ALICE] } });
    expect(await h.rpc.hello(OTHER)).toEqual({ result: { chainId: '0x7a69', accounts: [] } });
  });
});

describe('signing', () => {
  it('personal_sign shows the decoded text, signs only after approval', async () => {
    const h = await connected();
    const answer = h.call(DAPP, 'personal_sign', ['0x48656c6c6f', ALICE]);
    const [approval] = await h.pendingApprovals();
    expect(approval.request).toEqual({
      kind: 'personal_sign',
      origin: DAPP.origin,
      address: ALICE,
      message: { text: 'Hello', hex: '0x48656c6c6f' },
    });
    expect(signOps(h)).toEqual([]);
    await h.rpc.approvals.resolve(approval.id, { approved: true });
    expect(await answer).toEqual({ result: `0x${'11'.repeat(65)}` });
    expect(signOps(h)).toEqual([{ op: 'signMessage', args: [ALICE, '0x48656c6c6f'] }]);
  });

  it('personal_sign accepts plain text and swapped params; binary shows as hex only', async () => {
    const h = await connected();
    void h.call(DAPP, 'personal_sign', [ALICE.toLowerCase(), 'hi there']);
    const [first] = await h.pendingApprovals();
    expect(first.request).toMatchObject({ message: { text: 'hi there', hex: '0x6869207468657265' } });
    await h.rpc.approvals.resolve(first.id, { approved: false });
    void h.call(DAPP, 'personal_sign', ['0x00ff01', ALICE]);
    const [second] = await h.pendingApprovals();
    expect(second.request).toMatchObject({ message: { text: null, hex: '0x00ff01' } });
  });

  it('personal_sign: 4100 for a site that is not connected or an account it may not use, -32602 for bad params', async () => {
    const h = await connected();
    expect(await h.call(OTHER, 'personal_sign', ['0x00', ALICE])).toMatchObject({ error: { code: 4100 } });
    expect(await h.call(DAPP, 'personal_sign', ['0x00', BOB])).toMatchObject({ error: { code: 4100 } });
    expect(await h.call(DAPP, 'personal_sign', ['0x00', 'not-an-address'])).toMatchObject({
      error: { code: -32602, message: expect.stringContaining('address') },
    });
    expect(await h.call(DAPP, 'personal_sign', [42, ALICE])).toMatchObject({ error: { code: -32602 } });
    expect(await h.call(DAPP, 'personal_sign', ['0x00'])).toMatchObject({ error: { code: -32602 } });
    expect(signOps(h)).toEqual([]);
  });

  it('personal_sign rejected: 4001 and nothing signed', async () => {
    const h = await connected();
    const answer = h.call(DAPP, 'personal_sign', ['0x00', ALICE]);
    await h.decide({ approved: false });
    expect(await answer).toMatchObject({ error: { code: 4001 } });
    expect(signOps(h)).toEqual([]);
  });

  it('a locked wallet signs after the password is given in the approval window', async () => {
    const h = await connected({ unlocked: false });
    const answer = h.call(DAPP, 'personal_sign', ['0x00', ALICE]);
    await h.decide({ approved: true, password: h.password });
    expect(await answer).toEqual({ result: expect.stringMatching(/^0x11/) });
  });

  it('eth_signTypedData_v4 shows domain, primary type and message; accepts JSON text', async () => {
    const h = await connected();
    const answer = h.call(DAPP, 'eth_signTypedData_v4', [ALICE, JSON.stringify(typedData)]);
    const [approval] = await h.pendingApprovals();
    expect(approval.request).toEqual({
      kind: 'typed_data',
      origin: DAPP.origin,
      address: ALICE,
      version: 'V4',
      domain: typedData.domain,
      primaryType: 'Mail',
      message: typedData.message,
    });
    await h.rpc.approvals.resolve(approval.id, { approved: true });
    expect(await answer).toEqual({ result: `0x${'22'.repeat(65)}` });
    expect(signOps(h)).toEqual([{ op: 'signTypedData', args: [ALICE, typedData, 'V4'] }]);
  });

  it('eth_signTypedData: -32602 for malformed data, a domain on another chain, v3 arrays', async () => {
    const h = await connected();
    expect(await h.call(DAPP, 'eth_signTypedData_v4', [ALICE, '{not json'])).toMatchObject({
      error: { code: -32602, message: expect.stringContaining('typed data') },
    });
    const otherChain = { ...typedData, domain: { ...typedData.domain, chainId: 1 } };
    expect(await h.call(DAPP, 'eth_signTypedData_v4', [ALICE, otherChain])).toMatchObject({
      error: { code: -32602, message: expect.stringContaining('chainId') },
    });
    const withArray = {
      ...typedData,
      types: { ...typedData.types, Mail: [{ name: 'to', type: 'address[]' }] },
      message: { to: [BOB] },
    };
    expect(await h.call(DAPP, 'eth_signTypedData_v3', [ALICE, withArray])).toMatchObject({ error: { code: -32602 } });
    expect(await h.call(DAPP, 'eth_signTypedData_v4', [BOB, typedData])).toMatchObject({ error: { code: 4100 } });
    expect(signOps(h)).toEqual([]);
  });
});

describe('transactions', () => {
  const transfer = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [BOB, 5n] });
  const token = '0x5FbDB2315678afecb367f032d93F642f64180aa3';

  it('eth_sendTransaction shows the decoded transaction and sends only after approval', async () => {
    const h = await connected();
    const answer = h.call(DAPP, 'eth_sendTransaction', [{ from: ALICE, to: token, data: transfer }]);
    const [approval] = await h.pendingApprovals();
    expect(approval.request).toMatchObject({
      kind: 'transaction',
      origin: DAPP.origin,
      chainId: 31337,
      networkName: 'Local devnet',
      from: ALICE,
      to: token,
      value: '0',
      gas: '21000',
      nonce: 3,
      decoded: {
        functionName: 'transfer',
        args: [
          { name: 'recipient', type: 'address', value: BOB },
          { name: 'amount', type: 'uint256', value: '5' },
        ],
      },
    });
    expect(signOps(h)).toEqual([]);
    await h.rpc.approvals.resolve(approval.id, { approved: true });
    expect(await answer).toEqual({ result: `0x${'ab'.repeat(32)}` });
    expect(signOps(h)).toHaveLength(1);
    expect(signOps(h)[0].args[1]).toEqual({ origin: DAPP.origin });
  });

  it('eth_sendTransaction: -32602 for bad fields, 4100 for an account the site may not use', async () => {
    const h = await connected();
    expect(await h.call(DAPP, 'eth_sendTransaction', [{ to: BOB }])).toMatchObject({
      error: { code: -32602, message: expect.stringContaining('from is required') },
    });
    expect(await h.call(DAPP, 'eth_sendTransaction', [{ from: ALICE, to: BOB, value: 100 }])).toMatchObject({
      error: { code: -32602, message: expect.stringContaining('transaction.value') },
    });
    expect(await h.call(DAPP, 'eth_sendTransaction', [{ from: ALICE, to: BOB, chainId: '0x1' }])).toMatchObject({
      error: { code: -32602, message: expect.stringContaining('wallet_switchEthereumChain') },
    });
    expect(await h.call(DAPP, 'eth_sendTransaction', [{ from: ALICE }])).toMatchObject({
      error: { code: -32602, message: expect.stringContaining('needs data') },
    });
    expect(await h.call(DAPP, 'eth_sendTransaction', [{ from: BOB, to: ALICE }])).toMatchObject({
      error: { code: 4100 },
    });
    expect(await h.call(OTHER, 'eth_sendTransaction', [{ from: ALICE, to: BOB }])).toMatchObject({
      error: { code: 4100 },
    });
    expect(h.log.filter((e) => e.op === 'prepare')).toEqual([]);
  });
});

describe('chains', () => {
  it('eth_chainId and net_version answer the selected chain', async () => {
    const h = rpcHarness();
    expect(await h.call(DAPP, 'eth_chainId')).toEqual({ result: '0x7a69' });
    expect(await h.call(DAPP, 'net_version')).toEqual({ result: '31337' });
  });

  it('wallet_switchEthereumChain: approval, then the chain is selected; 4902 for unknown chains', async () => {
    const h = rpcHarness();
    expect(await h.call(DAPP, 'wallet_switchEthereumChain', [{ chainId: '0x7a69' }])).toEqual({ result: null });
    expect(h.windows.created).toHaveLength(0);
    const answer = h.call(DAPP, 'wallet_switchEthereumChain', [{ chainId: '0x1' }]);
    const approval = await h.decide({ approved: true });
    expect(approval.request).toEqual({
      kind: 'switch_chain',
      origin: DAPP.origin,
      fromChainId: 31337,
      toChainId: 1,
      networkName: 'Ethereum',
    });
    expect(await answer).toEqual({ result: null });
    expect(h.state.chainId).toBe(1);
    expect(await h.call(DAPP, 'wallet_switchEthereumChain', [{ chainId: '0x2105' }])).toMatchObject({
      error: { code: 4902, message: expect.stringContaining('0x2105') },
    });
    expect(await h.call(DAPP, 'wallet_switchEthereumChain', [{ chainId: 10 }])).toMatchObject({
      error: { code: -32602 },
    });
  });

  it('wallet_addEthereumChain checks every rpcUrl, shows them, adds the matching ones and switches', async () => {
    const h = rpcHarness();
    h.probes.set('http://127.0.0.1:9001/', { chainId: 0x539, latencyMs: 3 });
    h.probes.set('http://127.0.0.1:9002/', { chainId: 1, latencyMs: 4 });
    const answer = h.call(DAPP, 'wallet_addEthereumChain', [
      {
        chainId: '0x539',
        chainName: 'Second devnet',
        nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
        rpcUrls: ['http://127.0.0.1:9001', 'http://127.0.0.1:9002', 'https://down.example/rpc'],
        blockExplorerUrls: ['https://explorer.example'],
      },
    ]);
    const approval = await h.decide({ approved: true });
    expect(approval.request).toEqual({
      kind: 'add_chain',
      origin: DAPP.origin,
      chainId: 0x539,
      chainName: 'Second devnet',
      symbol: 'ETH',
      decimals: 18,
      explorerUrl: 'https://explorer.example/',
      sources: [
        { url: 'http://127.0.0.1:9001/', reportedChainId: 0x539, latencyMs: 3 },
        { url: 'http://127.0.0.1:9002/', reportedChainId: 1, latencyMs: 4, error: 'answers for chain 0x1, not 0x539' },
        { url: 'https://down.example/rpc', reportedChainId: null, latencyMs: null, error: 'refused' },
      ],
    });
    expect(await answer).toEqual({ result: null });
    const added = h.log.find((e) => e.op === 'addNetwork')?.args[0];
    expect(added).toMatchObject({
      chainId: 0x539,
      sources: [{ url: 'http://127.0.0.1:9001/', operator: '127.0.0.1' }],
    });
    expect(h.state.chainId).toBe(0x539);
  });

  it('wallet_addEthereumChain: -32602 when no rpcUrl serves the chain or a URL is unsafe', async () => {
    const h = rpcHarness();
    const base = { chainId: '0x539', chainName: 'X', nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 } };
    expect(await h.call(DAPP, 'wallet_addEthereumChain', [{ ...base, rpcUrls: ['http://127.0.0.1:9'] }])).toMatchObject(
      {
        error: { code: -32602, message: expect.stringContaining('none of the rpcUrls') },
      },
    );
    expect(
      await h.call(DAPP, 'wallet_addEthereumChain', [{ ...base, rpcUrls: ['http://node.example'] }]),
    ).toMatchObject({ error: { code: -32602, message: expect.stringContaining('https') } });
    expect(await h.call(DAPP, 'wallet_addEthereumChain', [{ ...base, rpcUrls: [] }])).toMatchObject({
      error: { code: -32602 },
    });
    expect(h.windows.created).toHaveLength(0);
  });

  it('wallet_addEthereumChain for a known chain offers the switch', async () => {
    const h = rpcHarness();
    const answer = h.call(DAPP, 'wallet_addEthereumChain', [
      {
        chainId: '0x1',
        chainName: 'Ethereum',
        nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
        rpcUrls: ['https://eth.example'],
      },
    ]);
    const approval = await h.decide({ approved: true });
    expect(approval.request.kind).toBe('switch_chain');
    expect(await answer).toEqual({ result: null });
    expect(h.log.some((e) => e.op === 'addNetwork')).toBe(false);
  });
});

describe('wallet_watchAsset', () => {
  const token = '0x5FbDB2315678afecb367f032d93F642f64180aa3';

  it('shows the token and adds it after approval', async () => {
    const h = rpcHarness();
    const answer = h.call(DAPP, 'wallet_watchAsset', {
      type: 'ERC20',
      options: { address: token, symbol: 'ACT', decimals: 18 },
    });
    const approval = await h.decide({ approved: true });
    expect(approval.request).toEqual({
      kind: 'watch_asset',
      origin: DAPP.origin,
      token: { chainId: 31337, address: token, symbol: 'ACT', name: 'Accord Test Token', decimals: 18 },
    });
    expect(await answer).toEqual({ result: true });
    expect(h.tokens).toEqual([
      { chainId: 31337, address: token, symbol: 'ACT', name: 'Accord Test Token', decimals: 18, source: 'dapp' },
    ]);
  });

  it('-32602 for other asset types and decimals the contract contradicts', async () => {
    const h = rpcHarness();
    expect(await h.call(DAPP, 'wallet_watchAsset', { type: 'ERC721', options: { address: token } })).toMatchObject({
      error: { code: -32602 },
    });
    expect(
      await h.call(DAPP, 'wallet_watchAsset', {
        type: 'ERC20',
        options: { address: token, symbol: 'ACT', decimals: 6 },
      }),
    ).toMatchObject({ error: { code: -32602, message: expect.stringContaining('decimals') } });
  });
});

describe('reads and unknown methods', () => {
  it('passes read methods to the quorum engine for the selected chain', async () => {
    const h = rpcHarness();
    expect(await h.call(DAPP, 'eth_blockNumber')).toEqual({ result: '0x10' });
    expect(await h.call(DAPP, 'eth_getBalance', [ALICE, 'latest'])).toEqual({ result: '0x0' });
    await h.call(DAPP, 'eth_getBalance', [ALICE, null]);
    expect(h.reads.at(-1)).toEqual({ chainId: 31337, method: 'eth_getBalance', params: [ALICE] });
  });

  it('-32602 names the bad param', async () => {
    const h = rpcHarness();
    expect(await h.call(DAPP, 'eth_getBalance', ['0x12', 'latest'])).toEqual({
      error: {
        code: -32602,
        message: 'Invalid params for eth_getBalance: params[0] must be a 20-byte hex address, got "0x12"',
      },
    });
    expect(await h.call(DAPP, 'eth_call', [{ to: ALICE, data: 'zz' }])).toMatchObject({
      error: { code: -32602, message: expect.stringContaining('params[0].data') },
    });
    expect(await h.call(DAPP, 'eth_getBlockByNumber', ['newest', false])).toMatchObject({ error: { code: -32602 } });
    expect(await h.call(DAPP, 'eth_getLogs', [{ fromBlock: '0x1', topics: ['0x1'] }])).toMatchObject({
      error: { code: -32602, message: expect.stringContaining('topics[0]') },
    });
    expect(h.reads).toEqual([]);
  });

  it("passes the quorum engine's errors through with their code and data", async () => {
    const h = rpcHarness();
    h.answerReads(() => {
      throw Object.assign(new Error('x'), {
        code: -32603,
        message: 'Accord: RPC sources disagree on eth_getBalance',
        data: { reason: 'conflict', sources: [{ id: 'a' }] },
      });
    });
    expect(await h.call(DAPP, 'eth_getBalance', [ALICE])).toEqual({
      error: {
        code: -32603,
        message: 'Accord: RPC sources disagree on eth_getBalance',
        data: { reason: 'conflict', sources: [{ id: 'a' }] },
      },
    });
  });

  it('4200 for methods Accord does not support, eth_sign included', async () => {
    const h = rpcHarness();
    for (const method of ['eth_sign', 'eth_signTransaction', 'eth_subscribe', 'toString', '__proto__', 'foo_bar']) {
      expect(await h.call(DAPP, method)).toMatchObject({ error: { code: 4200 } });
    }
  });
});

describe('service worker restarts', () => {
  it('a request re-sent after a restart attaches to its approval and completes once', async () => {
    const h = await connected();
    const first = h.call(DAPP, 'personal_sign', ['0x01', ALICE], 'req-1');
    void first.catch(() => {});
    const [approval] = await h.pendingApprovals();
    h.restart();
    const resent = h.call(DAPP, 'personal_sign', ['0x01', ALICE], 'req-1');
    await new Promise((r) => setTimeout(r, 5));
    expect(await h.rpc.approvals.list()).toHaveLength(1);
    await h.rpc.approvals.resolve(approval.id, { approved: true });
    expect(await resent).toEqual({ result: expect.stringMatching(/^0x11/) });
    // A third copy (the relay retried once more) gets the same answer without signing again.
    expect(await h.call(DAPP, 'personal_sign', ['0x01', ALICE], 'req-1')).toEqual(await resent);
    expect(signOps(h)).toHaveLength(1);
  });
});
