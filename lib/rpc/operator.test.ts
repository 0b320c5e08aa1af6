import { describe, expect, it } from 'vitest';
import { createFakeNetwork } from '../testing/fake-network';
import { hostOperator, resolveOperators } from './operator';
import { createQuorumClient } from './quorum';

describe('operators', () => {
  it('a URL belongs to its registrable domain; IPs and loopback endpoints are their own', () => {
    expect(hostOperator('https://a.rpc.example.com/v1')).toBe('domain:example.com');
    expect(hostOperator('https://eth.example.co.uk')).toBe('domain:example.co.uk');
    // Private suffixes (github.io) name different parties.
    expect(hostOperator('https://alice.github.io')).not.toBe(hostOperator('https://bob.github.io'));
    expect(hostOperator('http://10.0.0.1:8545')).toBe('ip:10.0.0.1');
    expect(hostOperator('http://10.0.0.1:8546')).toBe('ip:10.0.0.1');
    expect(hostOperator('http://127.0.0.1:8545')).not.toBe(hostOperator('http://127.0.0.1:8546'));
    expect(hostOperator('http://127.0.0.2:8545')).not.toBe(hostOperator('http://127.0.0.3:8545'));
  });

  it('sources of one domain are one operator whatever their labels; one label is one operator', () => {
    const keys = resolveOperators([
      { id: 'a', url: 'https://mainnet.infura.example/x', operator: 'Infura' },
      { id: 'b', url: 'https://eth.other.infura.example/y', operator: 'Totally Independent' },
      { id: 'c', url: 'https://rpc.ankr.example', operator: 'Ankr' },
      { id: 'd', url: 'https://backup.ankr-mirror.example', operator: 'Ankr' },
      { id: 'e', url: 'https://node.example.org', operator: 'Example' },
    ]);
    expect(keys.get('a')).toBe(keys.get('b'));
    expect(keys.get('c')).toBe(keys.get('d'));
    expect(new Set(keys.values()).size).toBe(3);
  });

  it('one party with two hostnames cannot confirm its own value', async () => {
    const net = createFakeNetwork();
    const a = net.add('liar-a', { kind: 'liar' });
    const b = net.add('liar-b', { kind: 'liar' });
    const honest = net.add('honest', { kind: 'honest' });
    // Two hostnames of one registrable domain, labelled as two operators.
    const sameDomain = (url: string, host: string) => url.replace(/^http:\/\/[^/]+/, `http://${host}`);
    const client = createQuorumClient({
      chainId: net.chainId,
      quorum: 2,
      fetch: ((input: RequestInfo | URL, init?: RequestInit) => {
        const url = String(input);
        const target = url.startsWith('http://one.') ? a : url.startsWith('http://two.') ? b : honest;
        return net.fetch(target, init);
      }) as typeof fetch,
      sources: [
        { id: 'one', url: sameDomain(a, 'one.evil.example'), operator: 'Operator One', enabled: true },
        { id: 'two', url: sameDomain(b, 'two.evil.example'), operator: 'Operator Two', enabled: true },
        { id: 'honest', url: honest, operator: 'Honest', enabled: true },
      ],
    });
    try {
      const result = await client.request({
        method: 'eth_getBalance',
        params: ['0x00000000000000000000000000000000000a11ce', 'latest'],
      });
      expect(result.status).not.toBe('confirmed');
    } finally {
      client.close();
    }
  });
});
