import { describe, expect, it } from 'vitest';
import { DAPP, OTHER } from '../../testing/provider-fakes';
import { rpcHarness } from '../../testing/provider-harness';

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

  it('wallet_addEthereumChain checks every rpcUrl once shown, shows them, adds the matching ones and switches', async () => {
    const h = rpcHarness();
    h.probes.set('http://127.0.0.1:9001/', { chainId: 0x539, latencyMs: 3 });
    h.probes.set('http://127.0.0.1:9002/', { chainId: 1, latencyMs: 4 });
    const windowsAtProbe: number[] = [];
    const probe = h.backend.networks.probe;
    h.backend.networks.probe = async (url) => {
      windowsAtProbe.push(h.windows.created.length);
      return probe(url);
    };
    const answer = h.call(DAPP, 'wallet_addEthereumChain', [
      {
        chainId: '0x539',
        chainName: 'Second devnet',
        nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
        rpcUrls: ['http://127.0.0.1:9001', 'http://127.0.0.1:9002', 'https://down.example/rpc'],
        blockExplorerUrls: ['https://explorer.example'],
      },
    ]);
    const tested = await testedAddChain(h);
    // Probed only after the approval window was open.
    expect(windowsAtProbe).toEqual([1, 1, 1]);
    expect(tested.request).toEqual({
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
      operators: 1,
      quorum: 2,
    });
    await h.rpc.approvals.resolve(tested.id, { approved: true });
    expect(await answer).toEqual({ result: null });
    const added = h.log.find((e) => e.op === 'addNetwork')?.args[0];
    expect(added).toMatchObject({
      chainId: 0x539,
      sources: [{ url: 'http://127.0.0.1:9001/', operator: '127.0.0.1:9001' }],
    });
    expect(h.state.chainId).toBe(0x539);
  });

  it('wallet_addEthereumChain: -32602 for unsafe URLs; only "unreachable" when no rpcUrl serves the chain', async () => {
    const h = rpcHarness();
    const base = { chainId: '0x539', chainName: 'X', nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 } };
    expect(
      await h.call(DAPP, 'wallet_addEthereumChain', [{ ...base, rpcUrls: ['http://node.example'] }]),
    ).toMatchObject({ error: { code: -32602, message: expect.stringContaining('https') } });
    expect(await h.call(DAPP, 'wallet_addEthereumChain', [{ ...base, rpcUrls: [] }])).toMatchObject({
      error: { code: -32602 },
    });
    expect(h.windows.created).toHaveLength(0);
    h.probes.set('http://127.0.0.1:9003/', { chainId: 1, latencyMs: 2 });
    const answer = await h.call(DAPP, 'wallet_addEthereumChain', [
      { ...base, rpcUrls: ['http://127.0.0.1:9', 'http://127.0.0.1:9003'] },
    ]);
    expect(answer).toEqual({
      error: { code: -32603, message: 'Accord could not reach a source for chain 0x539 (unreachable).' },
    });
  });

  it('wallet_addEthereumChain is rate-limited per origin before anything is probed', async () => {
    const h = rpcHarness();
    let probes = 0;
    h.backend.networks.probe = async () => {
      probes++;
      return { chainId: null, latencyMs: null, error: 'refused' };
    };
    const base = { chainName: 'X', nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 } };
    for (let i = 0; i < 3; i++) {
      const answer = await h.call(DAPP, 'wallet_addEthereumChain', [
        { ...base, chainId: `0x${(0x600 + i).toString(16)}`, rpcUrls: ['https://x.example'] },
      ]);
      expect(answer).toMatchObject({ error: { code: -32603 } });
    }
    expect(probes).toBe(3);
    const fourth = await h.call(DAPP, 'wallet_addEthereumChain', [
      { ...base, chainId: '0x700', rpcUrls: ['https://x.example'] },
    ]);
    expect(fourth).toMatchObject({ error: { code: -32005 } });
    expect(probes).toBe(3);
    // Another origin is not held back.
    expect(
      await h.call(OTHER, 'wallet_addEthereumChain', [{ ...base, chainId: '0x701', rpcUrls: ['https://x.example'] }]),
    ).toMatchObject({ error: { code: -32603 } });
  });

  it('wallet_addEthereumChain: -32002 without probing while one is pending for the origin', async () => {
    const h = rpcHarness();
    h.probes.set('http://127.0.0.1:9001/', { chainId: 0x539, latencyMs: 3 });
    const base = { chainName: 'X', nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 } };
    void h.call(DAPP, 'wallet_addEthereumChain', [{ ...base, chainId: '0x539', rpcUrls: ['http://127.0.0.1:9001'] }]);
    await h.pendingApprovals();
    let probed = false;
    h.backend.networks.probe = async () => {
      probed = true;
      return { chainId: null, latencyMs: null };
    };
    expect(
      await h.call(DAPP, 'wallet_addEthereumChain', [{ ...base, chainId: '0x53a', rpcUrls: ['https://x.example'] }]),
    ).toMatchObject({ error: { code: -32002 } });
    expect(probed).toBe(false);
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

/** Waits until the add-network approval shows every URL tested. */
async function testedAddChain(h: ReturnType<typeof rpcHarness>) {
  for (let i = 0; i < 200; i++) {
    const [approval] = await h.rpc.approvals.list();
    if (approval?.request.kind === 'add_chain' && !approval.request.sources.some((s) => s.testing)) return approval;
    await new Promise((r) => setTimeout(r, 1));
  }
  throw new Error('the add-network request was never tested');
}
