import { describe, expect, it } from 'vitest';
import type { SourceView } from '../messages/popup-api';
import { quorumReach } from './quorum-reach';

const source = (id: string, operator: string, enabled = true): SourceView => ({
  id,
  url: `http://127.0.0.1/${id}`,
  operator,
  enabled,
  health: {
    state: 'unknown',
    latencyMs: null,
    latencyHistoryMs: [],
    errorRate: 0,
    head: null,
    lagBlocks: null,
    disagreements: 0,
  },
});

describe('quorumReach', () => {
  it('has no problem when k distinct operators are enabled', () => {
    const reach = quorumReach({ name: 'Devnet', quorum: 2, sources: [source('a', 'A'), source('b', 'B')] });
    expect(reach).toEqual({ enabledSources: 2, enabledOperators: 2, problem: null });
  });

  it('counts operators, not sources: three URLs of one operator cannot meet k = 2', () => {
    const reach = quorumReach({
      name: 'Devnet',
      quorum: 2,
      sources: [source('a1', 'A'), source('a2', 'A'), source('a3', 'A'), source('b', 'B', false)],
    });
    expect(reach.enabledSources).toBe(3);
    expect(reach.problem).toBe(
      'Devnet needs 2 operators to agree (k = 2), but only 1 operator is enabled, so no value can be confirmed. Enable sources of other operators or lower k.',
    );
  });

  it("takes the background's operator count (shared domains count once) over the labels", () => {
    const reach = quorumReach({
      name: 'Ethereum',
      quorum: 2,
      enabledOperators: 1,
      sources: [source('a', 'A'), source('b', 'B')],
    });
    expect(reach.enabledOperators).toBe(1);
    expect(reach.problem).toMatch(/but only 1 operator is enabled/);
  });

  it('says when every source is disabled', () => {
    const reach = quorumReach({ name: 'Devnet', quorum: 2, sources: [source('a', 'A', false)] });
    expect(reach.problem).toBe(
      'Every source of Devnet is disabled, so nothing can be read. Enable a source in Networks.',
    );
  });

  it('says so when no enabled source answers, with the last error, and not while one still does', () => {
    const failing = (id: string, state: SourceView['health']['state'], errorRate = 1): SourceView => ({
      ...source(id, id.toUpperCase()),
      health: { ...source(id, id).health, state, errorRate, lastError: 'refused: connect ECONNREFUSED' },
    });
    const down = quorumReach({
      name: 'Ethereum',
      quorum: 2,
      sources: [failing('a', 'open'), failing('b', 'half-open'), failing('c', 'degraded'), source('d', 'D', false)],
    });
    expect(down.problem).toBe(
      'No answer from any of its 3 sources (last: refused: connect ECONNREFUSED), so nothing on Ethereum can be read now. Check the connection, or add sources that are up.',
    );
    const oneUp = quorumReach({
      name: 'Ethereum',
      quorum: 2,
      sources: [failing('a', 'open'), failing('b', 'degraded', 0.5), failing('c', 'open')],
    });
    expect(oneUp.problem).toBeNull();
    // Not checked yet is not "down".
    expect(
      quorumReach({ name: 'Ethereum', quorum: 2, sources: [source('a', 'A'), source('b', 'B')] }).problem,
    ).toBeNull();
  });
});
