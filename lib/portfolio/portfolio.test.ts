import { describe, expect, it } from 'vitest';
import type { Address, TokenView } from '../messages/popup-api';
import type { QuorumResult, RpcRequest, SourceEvidence } from '../rpc/types';
import type { KeyValueArea } from '../storage/areas';
import { balanceOfData } from './erc20';
import { createLastConfirmedStore } from './last-confirmed';
import { createPortfolio, mapConcurrent, type PortfolioQuorumClient } from './portfolio';

const OWNER: Address = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const TOKEN: TokenView = {
  chainId: 31337,
  address: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  symbol: 'ATT',
  name: 'Accord Test Token',
  decimals: 18,
  source: 'user',
};
const HASH = `0x${'ab'.repeat(32)}` as const;
const word = (n: bigint) => `0x${n.toString(16).padStart(64, '0')}`;

function memoryArea(): KeyValueArea & { data: Record<string, unknown> } {
  const data: Record<string, unknown> = {};
  return {
    data,
    async get(keys) {
      const list = Array.isArray(keys) ? keys : [keys];
      return Object.fromEntries(list.filter((k) => k in data).map((k) => [k, structuredClone(data[k])]));
    },
    async set(items) {
      Object.assign(data, structuredClone(items));
    },
    async remove(keys) {
      for (const k of Array.isArray(keys) ? keys : [keys]) delete data[k];
    },
  };
}

function source(
  id: string,
  status: SourceEvidence['status'],
  value?: unknown,
  error?: SourceEvidence['error'],
): SourceEvidence {
  return { id, operator: `${id} operator`, url: `http://127.0.0.1/${id}`, status, latencyMs: 12, value, error };
}

/** A scripted quorum client: `answer` decides the result for each request. */
function fakeClient(answer: (request: RpcRequest) => Partial<QuorumResult> & { sources?: SourceEvidence[] }) {
  const requests: RpcRequest[] = [];
  const client: PortfolioQuorumClient = {
    async request(request) {
      requests.push(request);
      const { sources = [], ...rest } = answer(request);
      return {
        value: null,
        status: 'unavailable',
        ...rest,
        evidence: {
          method: request.method,
          rule: 'state',
          anchor:
            rest.status === 'unavailable'
              ? null
              : { number: 123, hash: HASH, stateRoot: HASH, confirmations: 3, confirmed: true, at: 0 },
          quorum: 2,
          agreeing: sources.filter((s) => s.status === 'agree').length,
          sources,
        },
      } as QuorumResult;
    },
  };
  return { client, requests };
}

const honestAndLiars = (value: string) => [
  source('alpha', 'agree', value),
  source('bravo', 'agree', value),
  source('charlie', 'agree', value),
  source('zero', 'disagree', '0x0'),
  source('down', 'error', undefined, { kind: 'refused', message: 'connection refused' }),
];

function setup(answer: Parameters<typeof fakeClient>[0], area = memoryArea(), now = () => 1_000_000) {
  const fake = fakeClient(answer);
  const portfolio = createPortfolio({
    clientFor: () => fake.client,
    lastConfirmed: createLastConfirmedStore({ area }),
    now,
  });
  return { ...fake, portfolio, area };
}

const params = { chainId: 31337, address: OWNER, native: { symbol: 'ETH', decimals: 18 }, tokens: [TOKEN] };

describe('createPortfolio().getBalances', () => {
  it('reads native with eth_getBalance and tokens with balanceOf eth_calls', async () => {
    const { portfolio, requests } = setup((request) =>
      request.method === 'eth_getBalance'
        ? { status: 'confirmed', value: '0x1bc16d674ec80000', sources: honestAndLiars('0x1bc16d674ec80000') }
        : { status: 'confirmed', value: word(5n), sources: honestAndLiars(word(5n)) },
    );
    const { head, balances } = await portfolio.getBalances(params);
    expect(requests).toEqual([
      { method: 'eth_getBalance', params: [OWNER, 'latest'] },
      { method: 'eth_call', params: [{ to: TOKEN.address, data: balanceOfData(OWNER) }, 'latest'] },
    ]);
    expect(head).toBe(123);
    expect(balances[0].asset).toEqual({ kind: 'native', symbol: 'ETH', decimals: 18 });
    expect(balances[0].balance).toMatchObject({
      status: 'confirmed',
      value: '2000000000000000000',
      agreeing: 3,
      quorum: 2,
      enabledSources: 5,
      block: { number: 123, hash: HASH },
    });
    expect(balances[1].balance.value).toBe('5');
  });

  it('shows each source with its decoded answer, the liar as disagreeing and the dead one as an error', async () => {
    const { portfolio } = setup(() => ({ status: 'confirmed', value: '0x10', sources: honestAndLiars('0x10') }));
    const { balances } = await portfolio.getBalances({ ...params, tokens: [] });
    const sources = balances[0].balance.sources;
    expect(sources.find((s) => s.sourceId === 'zero')).toMatchObject({ status: 'disagree', value: '0' });
    expect(sources.find((s) => s.sourceId === 'down')).toMatchObject({
      status: 'error',
      value: null,
      error: 'refused: connection refused',
    });
    expect(sources.find((s) => s.sourceId === 'alpha')).toMatchObject({ status: 'agree', value: '16', latencyMs: 12 });
  });

  it('never passes a value that did not meet the quorum, and carries the last confirmed one instead', async () => {
    let mode: 'ok' | 'down' | 'conflict' = 'ok';
    let clock = 1_000_000;
    const { portfolio } = setup(
      () => {
        if (mode === 'ok') return { status: 'confirmed', value: '0x0738', sources: honestAndLiars('0x0738') };
        if (mode === 'conflict') {
          return {
            status: 'conflict',
            value: '0x0',
            sources: [source('a', 'disagree', '0x1'), source('z', 'disagree', '0x0')],
          };
        }
        return {
          status: 'unavailable',
          value: null,
          sources: [source('a', 'error', undefined, { kind: 'refused', message: '' })],
        };
      },
      memoryArea(),
      () => clock,
    );
    await portfolio.getBalances({ ...params, tokens: [] });
    mode = 'down';
    clock += 180_000;
    const down = (await portfolio.getBalances({ ...params, tokens: [] })).balances[0].balance;
    expect(down).toMatchObject({
      status: 'unavailable',
      value: null,
      lastConfirmed: { value: '1848', block: 123, at: 1_000_000 },
    });
    expect(down.sources[0].error).toBe('refused');
    mode = 'conflict';
    const conflict = (await portfolio.getBalances({ ...params, tokens: [] })).balances[0].balance;
    expect(conflict).toMatchObject({ status: 'conflict', value: null, lastConfirmed: { value: '1848' } });
  });

  it('passes an unconfirmed value marked as such', async () => {
    const { portfolio } = setup(() => ({
      status: 'unconfirmed',
      value: '0x5',
      sources: [source('alpha', 'agree', '0x5')],
    }));
    const balance = (await portfolio.getBalances({ ...params, tokens: [] })).balances[0].balance;
    expect(balance).toMatchObject({ status: 'unconfirmed', value: '5', agreeing: 1 });
  });

  it('remembers the last confirmed value across restarts (a new portfolio on the same storage)', async () => {
    const area = memoryArea();
    const first = setup((request) => {
      const value = request.method === 'eth_getBalance' ? '0x64' : word(100n);
      return { status: 'confirmed', value, sources: honestAndLiars(value) };
    }, area);
    await first.portfolio.getBalances(params);
    const second = setup(
      () => ({ status: 'unavailable', value: null, sources: [] }),
      area,
      () => 2_000_000,
    );
    const { balances, head } = await second.portfolio.getBalances(params);
    expect(head).toBeNull();
    expect(balances[0].balance.lastConfirmed).toEqual({ value: '100', block: 123, at: 1_000_000 });
    expect(balances[1].balance.lastConfirmed).toEqual({ value: '100', block: 123, at: 1_000_000 });
  });

  it('treats a throwing client as unavailable rather than failing the whole read', async () => {
    const portfolio = createPortfolio({
      clientFor: () => ({ request: () => Promise.reject(new Error('boom')) }),
      lastConfirmed: createLastConfirmedStore({ area: memoryArea() }),
    });
    const { balances } = await portfolio.getBalances(params);
    expect(balances.map((b) => b.balance.status)).toEqual(['unavailable', 'unavailable']);
  });

  it('does not accept a token answer that is not one 32-byte word', async () => {
    const { portfolio } = setup(() => ({
      status: 'confirmed',
      value: '0x',
      sources: [source('alpha', 'agree', '0x')],
    }));
    const balance = (await portfolio.getBalances(params)).balances[1].balance;
    expect(balance.value).toBeNull();
    expect(balance.sources[0].error).toBe('not a number');
  });

  it('keeps the number of token reads in flight bounded', async () => {
    let inFlight = 0;
    let peak = 0;
    const portfolio = createPortfolio({
      clientFor: () => ({
        async request(request) {
          inFlight++;
          peak = Math.max(peak, inFlight);
          await new Promise((r) => setTimeout(r, 5));
          inFlight--;
          return {
            value: word(1n),
            status: 'confirmed',
            evidence: { method: request.method, rule: 'state', anchor: null, quorum: 2, agreeing: 2, sources: [] },
          };
        },
      }),
      lastConfirmed: createLastConfirmedStore({ area: memoryArea() }),
      concurrency: 3,
    });
    const tokens = Array.from({ length: 10 }, (_, i) => ({
      ...TOKEN,
      address: `0x${String(i).padStart(40, '0')}` as Address,
    }));
    const { balances } = await portfolio.getBalances({ ...params, tokens });
    expect(balances).toHaveLength(11);
    expect(peak).toBeLessThanOrEqual(4); // 3 token reads + the native read
  });
});

describe('createPortfolio().readToken', () => {
  const abiString = (text: string) => {
    const hex = Buffer.from(text).toString('hex');
    return `0x${word(32n).slice(2)}${word(BigInt(text.length)).slice(2)}${hex.padEnd(64, '0')}`;
  };

  it('reads symbol, name and decimals, each confirmed', async () => {
    const { portfolio } = setup((request) => {
      const data = (request.params?.[0] as { data: string } | undefined)?.data;
      const value =
        data === '0x95d89b41' ? abiString('ATT') : data === '0x06fdde03' ? abiString('Accord Test Token') : word(18n);
      return { status: 'confirmed', value, sources: [source('a', 'agree', value), source('b', 'agree', value)] };
    });
    await expect(portfolio.readToken({ chainId: 31337, address: TOKEN.address })).resolves.toEqual({
      chainId: 31337,
      address: TOKEN.address,
      symbol: 'ATT',
      name: 'Accord Test Token',
      decimals: 18,
    });
  });

  it('refuses metadata the sources do not agree on', async () => {
    const { portfolio } = setup(() => ({ status: 'conflict', value: null, sources: [] }));
    await expect(portfolio.readToken({ chainId: 31337, address: TOKEN.address })).rejects.toThrow(
      /Could not confirm token/,
    );
  });

  it('refuses an address that is not a token', async () => {
    const { portfolio } = setup(() => ({ status: 'confirmed', value: '0x', sources: [] }));
    await expect(portfolio.readToken({ chainId: 31337, address: TOKEN.address })).rejects.toThrow(/does not look like/);
  });
});

describe('mapConcurrent', () => {
  it('keeps order', async () => {
    await expect(mapConcurrent([3, 1, 2], 2, async (n) => n * 2)).resolves.toEqual([6, 2, 4]);
  });
});
