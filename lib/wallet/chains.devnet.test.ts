// Networks and sources in the popup, and chains a dapp adds or switches to, through the background under node: a second anvil (chain 1337) beside
// the devnet, and the catalog's built-in networks.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_MNEMONIC } from '../../tests/fixtures/devnet';
import { type AnvilProcess, startAnvil } from '../../tests/fixtures/devnet/anvil';
import { catalogChain, defaultCatalog } from '../rpc/catalog';
import { devnetWalletHarness } from '../testing/devnet-wallet';

const DAPP = 'http://127.0.0.1:5173';
const harness = devnetWalletHarness();
let secondChain: AnvilProcess;

beforeAll(async () => {
  secondChain = await startAnvil({ chainId: 1337, mnemonic: TEST_MNEMONIC });
}, 60_000);

afterAll(async () => {
  await secondChain?.stop();
});

describe('networks and chains: the popup, and what dapps add or switch to', () => {
  it('popup: networks and sources — test, add (chain-checked), disable, quorum, user networks', async () => {
    const bg = await harness.wallet();
    expect(await bg.popup('sources/test', { url: harness.devnet().sourceList[0].url })).toMatchObject({
      chainId: 31337,
      head: expect.any(Number),
      latencyMs: expect.any(Number),
    });
    expect(await bg.popup('sources/test', { url: secondChain.url, expectedChainId: 31337 })).toMatchObject({
      chainId: 1337,
      error: expect.stringContaining('not 31337'),
    });
    await expect(
      bg.popup('sources/add', { chainId: 31337, url: secondChain.url, operator: 'Me' }),
    ).rejects.toMatchObject({
      code: 'wrong_chain',
    });
    const withAnvil = await bg.popup('sources/add', {
      chainId: 31337,
      url: harness.devnet().anvilUrl,
      operator: 'My node',
    });
    const mine = withAnvil.sources.at(-1)!;
    expect(mine).toMatchObject({ operator: 'My node', enabled: true, url: harness.devnet().anvilUrl });
    const disabled = await bg.popup('sources/setEnabled', { chainId: 31337, sourceId: 'down', enabled: false });
    expect(disabled.sources.find((s) => s.id === 'down')?.health.state).toBe('disabled');
    expect(await bg.popup('networks/setQuorum', { chainId: 31337, quorum: 3, strict: true })).toMatchObject({
      quorum: 3,
      strict: true,
    });
    await expect(bg.popup('networks/setQuorum', { chainId: 31337, quorum: 1, strict: false })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    expect((await bg.popup('sources/remove', { chainId: 31337, sourceId: mine.id })).sources).toHaveLength(4);

    const custom = await bg.popup('networks/upsert', { chainId: 1337, name: 'Mine', symbol: 'TST' });
    expect(custom).toMatchObject({ chainId: 1337, builtIn: false, sources: [], decimals: 18 });
    await bg.popup('sources/add', { chainId: 1337, url: secondChain.url, operator: 'Me' });
    await bg.popup('networks/select', { chainId: 1337 });
    expect(await bg.dapp(DAPP, 'eth_chainId')).toEqual({ result: '0x539' });
    await bg.popup('networks/remove', { chainId: 1337 });
    expect((await bg.popup('wallet/status')).chainId).toBe(31337);
    await expect(bg.popup('networks/remove', { chainId: 1 })).rejects.toThrow(/built in/);
  });

  it('adds a chain whose rpcUrl proves its chain id, switches to it and back (chainChanged to pages)', async () => {
    const bg = await harness.wallet();
    await bg.hello(DAPP);
    const adding = bg.dapp(DAPP, 'wallet_addEthereumChain', [
      {
        chainId: '0x539',
        chainName: 'Second devnet',
        nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
        rpcUrls: [secondChain.url, harness.devnet().sourceList[0].url],
      },
    ]);
    // The URLs are tested once the request is shown; Approve waits for that.
    let approval = (await bg.pendingApprovals())[0];
    for (
      let i = 0;
      i < 200 && approval.request.kind === 'add_chain' && approval.request.sources.some((s) => s.testing);
      i++
    ) {
      await new Promise((r) => setTimeout(r, 10));
      approval = (await bg.popup('approvals/list'))[0];
    }
    await bg.popup('approvals/resolve', { id: approval.id, approved: true });
    expect(approval.request).toMatchObject({
      kind: 'add_chain',
      chainId: 1337,
      sources: [
        { url: `${secondChain.url}/`, reportedChainId: 1337 },
        {
          url: `${harness.devnet().sourceList[0].url}/`,
          reportedChainId: 31337,
          error: expect.stringContaining('0x7a69'),
        },
      ],
    });
    expect(await adding).toEqual({ result: null });
    expect(await bg.dapp(DAPP, 'eth_chainId')).toEqual({ result: '0x539' });
    expect(bg.tabs.sent.at(-1)?.message).toEqual({
      type: 'dapp:event',
      origin: DAPP,
      event: 'chainChanged',
      data: '0x539',
    });
    const added = (await bg.popup('networks/list')).find((n) => n.chainId === 1337);
    expect(added).toMatchObject({ name: 'Second devnet', builtIn: false, sources: [{ url: `${secondChain.url}/` }] });
    expect(await bg.dapp(DAPP, 'eth_blockNumber')).toMatchObject({ result: expect.stringMatching(/^0x/) });
    const switching = bg.dapp(DAPP, 'wallet_switchEthereumChain', [{ chainId: '0x7a69' }]);
    await bg.decide({ approved: true });
    expect(await switching).toEqual({ result: null });
    expect((await bg.popup('wallet/status')).chainId).toBe(31337);
    expect(await bg.dapp(DAPP, 'wallet_switchEthereumChain', [{ chainId: '0x4242' }])).toMatchObject({
      error: { code: 4902 },
    });
  });

  it("adding a chain the wallet has (every catalog chain is built in) offers the switch and never adds the dapp's URL", async () => {
    const bg = await harness.wallet();
    await bg.hello(DAPP);
    const catalogIds = defaultCatalog.map((c) => c.chainId);
    const networks = await bg.popup('networks/list');
    // The catalog's networks are all there from the start and cannot be removed: none is ever "new".
    expect(networks.filter((n) => catalogIds.includes(n.chainId)).map((n) => [n.chainId, n.builtIn])).toEqual(
      catalogIds.map((id) => [id, true]),
    );
    await expect(bg.popup('networks/remove', { chainId: 10 })).rejects.toThrow(/built in/);
    const before = networks.find((n) => n.chainId === 10)!;

    // wagmi's way: OP Mainnet with its one URL.
    const adding = bg.dapp(DAPP, 'wallet_addEthereumChain', [
      {
        chainId: '0xa',
        chainName: 'OP Mainnet',
        nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
        rpcUrls: ['https://mainnet.optimism.example/rpc'],
      },
    ]);
    const approval = await bg.decide({ approved: false });
    expect(approval.request).toEqual({
      kind: 'switch_chain',
      origin: DAPP,
      fromChainId: 31337,
      toChainId: 10,
      networkName: before.name,
    });
    expect(await adding).toMatchObject({ error: { code: 4001 } });
    const after = (await bg.popup('networks/list')).find((n) => n.chainId === 10)!;
    expect(after.sources.map((s) => s.url)).toEqual(before.sources.map((s) => s.url));
    expect(after.sources.map((s) => s.url)).toEqual(catalogChain(10)!.sources.map((s) => s.url));

    // The chain the dapp is already on: nothing to ask.
    expect(
      await bg.dapp(DAPP, 'wallet_addEthereumChain', [
        {
          chainId: '0x7a69',
          chainName: 'Local devnet',
          nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
          rpcUrls: [secondChain.url],
        },
      ]),
    ).toEqual({ result: null });
    expect((await bg.popup('networks/list')).find((n) => n.chainId === 31337)!.sources.map((s) => s.url)).not.toContain(
      `${secondChain.url}/`,
    );
    expect(await bg.popup('approvals/list')).toEqual([]);
  });
});
