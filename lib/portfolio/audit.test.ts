import { describe, expect, it } from 'vitest';
import type { QuorumResult, SourceEvidence } from '@/lib/rpc/types';
import { auditReads } from './audit';
import { decodeQuantity } from './erc20';

const HASH = `0x${'ab'.repeat(32)}` as const;

function evidence(id: string, status: SourceEvidence['status'], extra: Partial<SourceEvidence> = {}): SourceEvidence {
  return { id, operator: id, url: `http://s/${id}`, status, latencyMs: null, ...extra };
}

function result(sources: SourceEvidence[]): QuorumResult {
  return {
    value: '0x10',
    status: 'confirmed',
    evidence: {
      method: 'eth_getBalance',
      rule: 'state',
      anchor: { number: 7, hash: HASH, stateRoot: HASH, confirmations: 2, confirmed: true, at: 0 },
      quorum: 2,
      agreeing: 2,
      sources,
    },
  };
}

/** Each source URL answers with a fixed behaviour; records what it was asked. */
function fakeFetch(answers: Record<string, 'agree' | 'zero' | 'refused' | 'header-missing'>) {
  const asked: { url: string; body: unknown }[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const body = JSON.parse(String(init?.body));
    asked.push({ url, body });
    const id = url.split('/').pop()!;
    if (answers[id] === 'refused') throw new TypeError('fetch failed');
    const calls = Array.isArray(body) ? body : [body];
    const out = calls.map((c: { id: number }) =>
      answers[id] === 'header-missing'
        ? { jsonrpc: '2.0', id: c.id, error: { code: -32000, message: 'header not found' } }
        : { jsonrpc: '2.0', id: c.id, result: answers[id] === 'zero' ? '0x0' : '0x10' },
    );
    return new Response(JSON.stringify(Array.isArray(body) ? out : out[0]));
  }) as typeof globalThis.fetch;
  return { fetch, asked };
}

const askable = (ids: string[]) => ids.map((id) => ({ id, url: `http://s/${id}`, enabled: true, chainOk: true }));

describe('auditReads', () => {
  it('asks the skipped sources at the anchor block and marks agreement against the agreed value', async () => {
    const { fetch, asked } = fakeFetch({ c: 'agree', z: 'zero', d: 'refused' });
    const read = {
      result: result([
        evidence('a', 'agree', { value: '0x10', latencyMs: 3 }),
        evidence('b', 'agree', { value: '0x10', latencyMs: 4 }),
        evidence('c', 'skipped'),
        evidence('z', 'skipped'),
        evidence('d', 'stale', { error: { kind: 'stale', message: 'at block 5' } }),
      ]),
      method: 'eth_getBalance',
      params: ['0xabc', 'latest'],
      decode: decodeQuantity,
    };
    const [audited] = await auditReads({ reads: [read], sources: askable(['a', 'b', 'c', 'z', 'd']), fetch });
    const byId = Object.fromEntries(audited.evidence.sources.map((s) => [s.id, s]));
    expect(byId.c).toMatchObject({ status: 'agree', value: '0x10', operator: 'c' });
    expect(byId.z).toMatchObject({ status: 'disagree', value: '0x0' });
    expect(byId.d).toMatchObject({ status: 'error', error: { kind: 'refused' } });
    expect(audited.status).toBe('confirmed');
    expect(audited.value).toBe('0x10');
    expect(asked.map((a) => a.url).sort()).toEqual(['http://s/c', 'http://s/d', 'http://s/z']);
    expect((asked[0].body as { params: unknown[] }).params).toEqual(['0xabc', '0x7']);
  });

  it('keeps "stale" for a stale source that does not have the block, and never asks disabled ones', async () => {
    const { fetch, asked } = fakeFetch({ s: 'header-missing', off: 'agree' });
    const read = {
      result: result([
        evidence('s', 'stale', { error: { kind: 'stale', message: 'at block 5' } }),
        evidence('off', 'skipped'),
      ]),
      method: 'eth_getBalance',
      params: ['0xabc', 'latest'],
      decode: decodeQuantity,
    };
    const sources = [...askable(['s']), { id: 'off', url: 'http://s/off', enabled: false, chainOk: true }];
    const [audited] = await auditReads({ reads: [read], sources, fetch });
    expect(audited.evidence.sources[0].status).toBe('stale');
    expect(audited.evidence.sources[1].status).toBe('skipped');
    expect(asked.map((a) => a.url)).toEqual(['http://s/s']);
  });

  it('sends one batch per source for several reads', async () => {
    const { fetch, asked } = fakeFetch({ c: 'agree' });
    const reads = [0, 1, 2].map((i) => ({
      result: result([evidence('a', 'agree', { value: '0x10', latencyMs: 1 }), evidence('c', 'skipped')]),
      method: 'eth_getBalance',
      params: [`0x${i}`, 'latest'],
      decode: decodeQuantity,
    }));
    await auditReads({ reads, sources: askable(['a', 'c']), fetch });
    expect(asked).toHaveLength(1);
    expect(asked[0].body).toHaveLength(3);
  });
});
