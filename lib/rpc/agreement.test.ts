import { afterEach, describe, expect, it } from 'vitest';
import { createFakeNetwork } from '../testing/fake-network';
import { agreementRule, agreementRules, answerKey, median, normalise, pinParams } from './agreement';
import { createQuorumClient, type QuorumClient } from './quorum';

describe('agreement rules', () => {
  it('has a rule for every method the issue names', () => {
    for (const m of ['eth_getBalance', 'eth_getTransactionCount', 'eth_getCode', 'eth_getStorageAt', 'eth_call']) {
      expect(agreementRules[m].kind).toBe('state');
    }
    expect(agreementRule('eth_blockNumber').kind).toBe('head');
    expect(agreementRule('eth_chainId').local?.(31337)).toBe('0x7a69');
    expect(agreementRule('net_version').local?.(1)).toBe('1');
    for (const m of ['eth_gasPrice', 'eth_maxPriorityFeePerGas', 'eth_feeHistory', 'eth_estimateGas']) {
      expect(agreementRules[m].kind).toBe('median');
    }
    expect(agreementRule('eth_sendRawTransaction').kind).toBe('broadcast');
    expect(agreementRule('eth_getTransactionReceipt').kind).toBe('identical');
    expect(agreementRule('eth_newFilter').kind).toBe('unsupported');
    expect(agreementRule('anvil_mine').kind).toBe('unsupported');
    expect(agreementRule('eth_someFutureMethod').kind).toBe('identical');
  });

  it('pins latest, pending and omitted blocks to the anchor; explicit blocks, safe and finalized pass through', () => {
    const rule = agreementRule('eth_getBalance');
    for (const tag of ['latest', 'pending', undefined]) {
      expect(pinParams(rule, tag === undefined ? ['0xa'] : ['0xa', tag], 100)).toEqual({
        params: ['0xa', '0x64'],
        pinned: true,
        needsHead: 100,
      });
    }
    expect(pinParams(rule, ['0xa', '0x5'], 100)).toEqual({ params: ['0xa', '0x5'], pinned: false, needsHead: 5 });
    for (const tag of ['safe', 'finalized']) {
      expect(pinParams(rule, ['0xa', tag], 100)).toEqual({ params: ['0xa', tag], pinned: false, needsHead: null });
    }
    expect(pinParams(rule, ['0xa', { blockHash: '0xbb' }], 100).params[1]).toEqual({ blockHash: '0xbb' });
    expect(pinParams(agreementRule('eth_call'), [{ to: '0x1' }], 7).params).toEqual([{ to: '0x1' }, '0x7']);
    expect(pinParams(agreementRule('eth_getStorageAt'), ['0x1', '0x0'], 7).params).toEqual(['0x1', '0x0', '0x7']);
    expect(pinParams(rule, ['0xa', 'latest'], null).params[1]).toBe('latest');
  });

  it('pins eth_getLogs ranges unless the filter names a block hash', () => {
    const rule = agreementRule('eth_getLogs');
    expect(pinParams(rule, [{ address: '0x1', fromBlock: '0x1' }], 9).params).toEqual([
      { address: '0x1', fromBlock: '0x1', toBlock: '0x9' },
    ]);
    expect(pinParams(rule, [{ blockHash: '0xcc' }], 9).params).toEqual([{ blockHash: '0xcc' }]);
  });

  it('normalises case, key order, null fields and fields clients disagree on', () => {
    const a = { hash: '0xABCD', number: '0x1', totalDifficulty: '0x5', to: null, logs: [{ data: '0xFF' }] };
    const b = { logs: [{ data: '0xff' }], number: '0x1', hash: '0xabcd' };
    expect(answerKey(a)).toBe(answerKey(b));
    expect(normalise('Hello')).toBe('Hello');
    expect(answerKey({ value: '0x1' })).not.toBe(answerKey({ value: '0x2' }));
  });

  it('takes the median: lower middle for prices, upper for gas limits, element-wise for fee history', () => {
    expect(median(['0x3', '0x1', '0x2'])).toBe('0x2');
    expect(median(['0x1', '0x64'], 'lower')).toBe('0x1');
    expect(median(['0x1', '0x64'], 'upper')).toBe('0x64');
    const history = (base: string, ratio: number) => ({
      oldestBlock: '0x10',
      baseFeePerGas: [base, base],
      gasUsedRatio: [ratio],
      reward: [[base]],
    });
    expect(median([history('0x1', 0.1), history('0x2', 0.2), history('0xfff', 0.9)])).toEqual(history('0x2', 0.2));
  });
});

describe('local answers', () => {
  let client: QuorumClient | null = null;
  afterEach(() => client?.close());

  it('web3_clientVersion, net_listening and eth_syncing are answered from configuration, never by a source', async () => {
    expect(agreementRule('web3_clientVersion')).toMatchObject({ kind: 'local' });
    expect(agreementRule('net_listening').local?.(1)).toBe(true);
    expect(agreementRule('eth_syncing').local?.(1)).toBe(false);
    expect(agreementRule('web3_clientVersion').local?.(1)).toBe('Accord/quorum');

    const net = createFakeNetwork();
    const sources = ['a', 'b'].map((id) => ({ id, url: net.add(id), operator: id, enabled: true }));
    client = createQuorumClient({ chainId: net.chainId, sources, fetch: net.fetch, strict: true });
    await client.refreshHead();
    net.resetCounts();
    expect(await client.requestForDapp({ method: 'web3_clientVersion' })).toBe('Accord/quorum');
    expect(await client.requestForDapp({ method: 'net_listening' })).toBe(true);
    expect(await client.requestForDapp({ method: 'eth_syncing' })).toBe(false);
    expect(net.totalHttp()).toBe(0);
    // Strict mode too, and with every source down: nothing is asked, so nothing can fail.
    net.set('a', { kind: 'down' });
    net.set('b', { kind: 'down' });
    expect(await client.requestForDapp({ method: 'net_listening' })).toBe(true);
    expect(net.totalHttp()).toBe(0);
  });
});
