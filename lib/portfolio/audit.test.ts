import { describe, expect, it } from 'vitest';
import type { QuorumResult, SourceEvidence } from '../rpc/types';
import { mergeAudit, pinCall, startAudit } from './audit';
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
      anchor: {
        number: 7,
        hash: HASH,
        stateRoot: HASH,
        header: {
          timestamp: 0,
          gasLimit: '30000000',
          baseFeePerGas: null,
          miner: HASH.slice(0, 42) as `0x${string}`,
          mixHash: HASH,
        },
        confirmations: 2,
        voters: 2,
        confirmed: true,
        at: 0,
      },
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

/** What the portfolio does: start the audit for the reads at block 7, wait for it, merge. */
async function auditReads({
  reads,
  sources,
  fetch,
}: {
  reads: { result: QuorumResult; method: string; params: unknown[]; decode: (raw: unknown) => bigint | null }[];
  sources: { id: string; url: string; enabled: boolean; chainOk: boolean | null }[];
  fetch: typeof globalThis.fetch;
}) {
  const audit = startAudit({ calls: reads.map((r) => pinCall(r.method, r.params, 7)), sources, fetch });
  await audit.settled;
  audit.close();
  return reads.map((r, i) => mergeAudit({ result: r.result, read: i, audit, decode: r.decode, waitedMs: 0 }));
}

const askable = (ids: string[]) => ids.map((id) => ({ id, url: `http://s/${id}`, enabled: true, chainOk: true }));

describe('auditReads', () => {
  it('asks the skipped sources at the anchor block and marks agreement against the agreed value', async () => {
    const { fetch, asked } = fakeFetch({ a: 'agree', b: 'agree', c: 'agree', z: 'zero', d: 'refused' });
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
    const byId = Object.fromEntries(audited.evidence.sources.map((s: SourceEvidence) => [s.id, s]));
    expect(byId.c).toMatchObject({ status: 'agree', value: '0x10', operator: 'c' });
    expect(byId.z).toMatchObject({ status: 'disagree', value: '0x0' });
    expect(byId.d).toMatchObject({ status: 'error', error: { kind: 'refused' } });
    expect(audited.status).toBe('confirmed');
    expect(audited.value).toBe('0x10');
    // Every usable source is asked (the race's answers still win for the ones it asked).
    expect(asked.map((a) => a.url).sort()).toEqual([
      'http://s/a',
      'http://s/b',
      'http://s/c',
      'http://s/d',
      'http://s/z',
    ]);
    expect((asked[0].body as { params: unknown[] }).params).toEqual(['0xabc', '0x7']);
    expect(byId.a).toMatchObject({ status: 'agree', latencyMs: 3 });
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
    const { fetch, asked } = fakeFetch({ a: 'agree', c: 'agree' });
    const reads = [0, 1, 2].map((i) => ({
      result: result([evidence('a', 'agree', { value: '0x10', latencyMs: 1 }), evidence('c', 'skipped')]),
      method: 'eth_getBalance',
      params: [`0x${i}`, 'latest'],
      decode: decodeQuantity,
    }));
    await auditReads({ reads, sources: askable(['a', 'c']), fetch });
    expect(asked).toHaveLength(2);
    for (const request of asked) expect(request.body).toHaveLength(3);
  });
});

describe('mergeAudit', () => {
  it('reports a source still silent after the grace as not answering, without failing the read', () => {
    const audit = { settled: new Promise<void>(() => {}), answer: () => undefined, close() {} };
    const merged = mergeAudit({
      result: result([evidence('a', 'agree', { value: '0x10', latencyMs: 1 }), evidence('h', 'skipped')]),
      read: 0,
      audit,
      decode: decodeQuantity,
      waitedMs: 150,
    });
    expect(merged.evidence.sources[1]).toMatchObject({
      status: 'skipped',
      error: { kind: 'timeout', message: 'no answer within 150 ms' },
    });
    expect(merged.status).toBe('confirmed');
  });
});
