import { describe, expect, it } from 'vitest';
import { DAPP } from '../test-fakes';
import { rpcHarness } from '../test-harness';

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
      sources: [{ url: 'http://127.0.0.1:9001/', operator: '127.0.0.1:9001' }],
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
