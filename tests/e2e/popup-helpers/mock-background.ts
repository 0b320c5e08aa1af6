// A stand-in for the background, installed into a page as `chrome.runtime`: answers the popup API with fixed,
// realistic data (7 sources, one lying zero, one down). Serialised into the page, so it must be self-contained.
export type MockScenario = 'verified' | 'confirmed' | 'unavailable' | 'locked' | 'fresh';

export function installMockBackground(scenario: MockScenario): void {
  const now = Date.now();
  const me = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
  const other = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
  const att = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
  const wei = '9999998765432100000000';
  const attUnits = '999990000000000000000000';
  const block = { number: 123, hash: `0x${'ab'.repeat(32)}` };
  const history = (base: number) =>
    Array.from({ length: 20 }, (_, i) => base + ((i * 37) % 11) + (i % 5 === 0 ? 9 : 0));
  const src = [
    ['alpha-1', 'Alpha Cloud', 'agree', 9],
    ['alpha-2', 'Alpha Cloud', 'agree', 11],
    ['alpha-3', 'Alpha Cloud', 'agree', 14],
    ['bravo', 'Bravo Hosting', 'agree', 21],
    ['charlie', 'Charlie Nodes', 'agree', 30],
    ['zero', 'Zero Networks', 'disagree', 7],
    ['down', 'Down Infra', 'error', null],
  ] as const;
  const sources = src.map(([id, operator, status, latency], i) => ({
    id,
    url: `http://127.0.0.${i + 2}:${18601 + i}`,
    operator,
    enabled: true,
    health: {
      state: status === 'error' ? 'open' : 'healthy',
      latencyMs: latency,
      latencyHistoryMs: latency === null ? [] : history(latency),
      errorRate: status === 'error' ? 1 : 0,
      head: status === 'error' ? null : 123,
      lagBlocks: status === 'error' ? null : 0,
      disagreements: status === 'disagree' ? 4 : 0,
      ...(status === 'error' ? { lastError: 'refused: connect ECONNREFUSED 127.0.0.1:18607' } : {}),
    },
  }));
  const view = (value: string) =>
    scenario === 'unavailable'
      ? {
          status: 'unavailable',
          value: null,
          agreeing: 0,
          quorum: 2,
          enabledSources: 7,
          block: null,
          header: null,
          sources: src.map(([id, operator], i) => ({
            sourceId: id,
            url: sources[i].url,
            operator,
            status: 'error',
            value: null,
            latencyMs: 2,
            error: 'refused: connect ECONNREFUSED',
          })),
          lastConfirmed: { value, block: 120, at: now - 3 * 60_000 },
          checkedAt: now,
        }
      : {
          status: scenario === 'verified' ? 'verified' : 'confirmed',
          value,
          agreeing: scenario === 'verified' ? 1 : 5,
          quorum: 2,
          enabledSources: 7,
          block,
          header: { agreeing: 4, operators: 4 },
          sources: src.map(([id, operator, status, latency], i) => ({
            sourceId: id,
            url: sources[i].url,
            operator,
            status,
            value: status === 'agree' ? value : status === 'disagree' ? '0' : null,
            latencyMs: latency,
            // Verified: the zero source's proof failed first, alpha-1's proof checked; the rest were audited.
            ...(scenario === 'verified' && id === 'zero'
              ? {
                  proof: 'invalid',
                  error: 'invalid-proof: claims balance 0 but its proof shows 9999998765432100000000',
                }
              : {}),
            ...(scenario === 'verified' && id === 'alpha-1' ? { proof: 'valid' } : {}),
            ...(status === 'error' ? { error: 'refused: connect ECONNREFUSED 127.0.0.8:18607' } : {}),
          })),
          checkedAt: now,
        };
  const state = {
    status: {
      initialized: scenario !== 'fresh',
      unlocked: scenario !== 'locked' && scenario !== 'fresh',
      accounts: [
        { address: me, name: 'Account 1', type: 'hd', index: 0 },
        { address: other, name: 'Account 2', type: 'hd', index: 1 },
      ],
      selectedAddress: me,
      chainId: 31337,
      autoLockMinutes: 15,
      pendingApprovals: 1,
    },
  };
  const network = {
    chainId: 31337,
    name: 'Local devnet',
    symbol: 'ETH',
    decimals: 18,
    quorum: 2,
    strict: false,
    builtIn: true,
    sources,
  };
  const approvals = [
    {
      id: 'tx1',
      createdAt: now,
      request: {
        kind: 'transaction',
        origin: 'http://127.0.0.1:5173',
        chainId: 31337,
        networkName: 'Local devnet',
        from: me,
        to: att,
        value: '0',
        data: `0xa9059cbb000000000000000000000000${other.slice(2).toLowerCase()}0000000000000000000000000000000000000000000000008ac7230489e80000`,
        decoded: {
          functionName: 'transfer',
          args: [
            { name: 'to', type: 'address', value: other },
            { name: 'value', type: 'uint256', value: '10000000000000000000' },
          ],
        },
        gas: '51234',
        maxFeePerGas: '2000000000',
        maxPriorityFeePerGas: '1000000000',
        nonce: 3,
        estimatedFeeWei: '102468000000000',
      },
    },
    { id: 'c1', createdAt: now, request: { kind: 'connect', origin: 'http://127.0.0.1:5173' } },
    // A site that was given Account 2 asks again while the wallet is locked.
    { id: 'c2', createdAt: now, request: { kind: 'connect', origin: 'http://127.0.0.1:5174', shared: [other] } },
    {
      id: 't1',
      createdAt: now,
      request: {
        kind: 'typed_data',
        origin: 'http://127.0.0.1:5173',
        address: me,
        version: 'V4',
        primaryType: 'Mail',
        domain: [
          { name: 'name', type: 'string', value: 'Ether Mail' },
          { name: 'version', type: 'string', value: '1' },
          { name: 'chainId', type: 'uint256', value: '31337' },
          { name: 'verifyingContract', type: 'address', value: att },
        ],
        message: [
          {
            name: 'from',
            type: 'Person',
            fields: [
              { name: 'name', type: 'string', value: 'Cow' },
              { name: 'wallet', type: 'address', value: me },
            ],
          },
          {
            name: 'to',
            type: 'Person',
            fields: [
              { name: 'name', type: 'string', value: 'Bob' },
              { name: 'wallet', type: 'address', value: other },
            ],
          },
          { name: 'contents', type: 'string', value: 'Hello, Bob!' },
        ],
      },
    },
    {
      id: 'p1',
      createdAt: now,
      request: {
        kind: 'personal_sign',
        origin: 'http://127.0.0.1:5173',
        address: me,
        message: { text: 'Sign in to the Accord demo\nNonce: 42', hex: '0x5369676e' },
      },
    },
    {
      id: 's1',
      createdAt: now,
      request: {
        kind: 'switch_chain',
        origin: 'http://127.0.0.1:5173',
        fromChainId: 31337,
        toChainId: 1,
        networkName: 'Ethereum',
      },
    },
    {
      id: 'a1',
      createdAt: now,
      request: {
        kind: 'add_chain',
        origin: 'http://127.0.0.1:5173',
        chainId: 10,
        chainName: 'OP Mainnet',
        symbol: 'ETH',
        decimals: 18,
        explorerUrl: 'https://optimistic.etherscan.io',
        sources: [
          { url: 'https://mainnet.optimism.io', reportedChainId: 10, latencyMs: 84 },
          { url: 'https://wrong.example', reportedChainId: 1, latencyMs: 40 },
          { url: 'https://dead.example', reportedChainId: null, latencyMs: null, error: 'refused' },
        ],
      },
    },
    {
      id: 'w1',
      createdAt: now,
      request: {
        kind: 'watch_asset',
        origin: 'http://127.0.0.1:5173',
        token: { chainId: 31337, address: att, symbol: 'ATT', name: 'Accord Test Token', decimals: 18 },
      },
    },
  ];
  const answers: Record<string, (params: Record<string, unknown>) => unknown> = {
    'wallet/status': () => state.status,
    'wallet/unlock': () => {
      state.status = { ...state.status, unlocked: true };
      return state.status;
    },
    'wallet/lock': () => {
      state.status = { ...state.status, unlocked: false };
      return state.status;
    },
    'wallet/create': () => ({
      mnemonic: 'test test test test test test test test test test test junk',
    }),
    'networks/list': () => [
      network,
      { ...network, chainId: 1, name: 'Ethereum', builtIn: true, sources: sources.slice(0, 3) },
    ],
    'balances/get': () => ({
      head: 123,
      balances: [
        { asset: { kind: 'native', symbol: 'ETH', decimals: 18 }, balance: view(wei) },
        {
          asset: {
            kind: 'erc20',
            token: {
              chainId: 31337,
              address: att,
              symbol: 'ATT',
              name: 'Accord Test Token',
              decimals: 18,
              source: 'default',
            },
          },
          balance: view(attUnits),
        },
      ],
    }),
    'activity/list': () => [
      {
        hash: `0x${'1'.repeat(64)}`,
        chainId: 31337,
        from: me,
        to: other,
        value: '1000000000000000000',
        nonce: 2,
        status: 'pending',
        createdAt: now - 5000,
      },
      {
        hash: `0x${'2'.repeat(64)}`,
        chainId: 31337,
        from: me,
        to: att,
        value: '0',
        nonce: 1,
        status: 'confirmed',
        createdAt: now - 400_000,
        blockNumber: 121,
        token: { address: att, symbol: 'ATT', decimals: 18, amount: '10000000000000000000', recipient: other },
      },
      {
        hash: `0x${'3'.repeat(64)}`,
        chainId: 31337,
        from: me,
        to: other,
        value: '5',
        nonce: 0,
        status: 'failed',
        createdAt: now - 900_000,
        origin: 'http://127.0.0.1:5173',
      },
    ],
    'approvals/list': () => approvals,
    'sites/list': () => [{ origin: 'http://127.0.0.1:5173', accounts: [me], connectedAt: now - 600_000 }],
    'send/prepare': () => ({
      to: other,
      valueWei: '1000000000000000000',
      gas: '21000',
      maxFeePerGas: '2000000000',
      maxPriorityFeePerGas: '1000000000',
      estimatedFeeWei: '42000000000000',
      balance: view(wei),
    }),
  };
  const calls: { method: string; params: unknown }[] = [];
  (window as unknown as { __mockCalls: typeof calls }).__mockCalls = calls;
  const listeners = new Set<(message: unknown) => void>();
  (globalThis as unknown as { chrome: unknown }).chrome = {
    runtime: {
      id: 'mock-accord',
      async sendMessage(message: { method: string; params: Record<string, unknown> }) {
        calls.push({ method: message.method, params: message.params });
        await new Promise((r) => setTimeout(r, 5));
        const answer = answers[message.method];
        return { ok: true, result: answer ? answer(message.params ?? {}) : null };
      },
      onMessage: {
        addListener: (l: (message: unknown) => void) => listeners.add(l),
        removeListener: (l: (message: unknown) => void) => listeners.delete(l),
      },
    },
  };
}
