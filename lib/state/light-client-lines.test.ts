import { describe, expect, it } from 'vitest';
import type { LightClientView } from '../messages/popup-api';
import { lightClientFacts, lightClientStatus } from './light-client-lines';

const running: LightClientView = {
  state: 'running',
  problem: null,
  check: null,
  period: 867,
  finalized: { slot: 7109344, block: 17923026 },
  optimistic: { slot: 7109431, block: 17923113 },
  participation: 498,
  lastUpdateAt: 1_000_000,
  checkMs: { finality: 31.4, optimistic: 27.6 },
};

describe('light client lines', () => {
  it('a running client: its verified block and every number', () => {
    expect(lightClientStatus(running)).toBe('Running · verified block 17923113');
    expect(lightClientFacts(running, 1_000_000 + 120_000)).toEqual([
      ['Sync-committee period', '867'],
      ['Finalized', 'slot 7109344 · block 17923026'],
      ['Optimistic head', 'slot 7109431 · block 17923113'],
      ['Participation', '498 of 512 signed'],
      ['Last update', '2 min ago'],
      ['Checked in', 'finality 31 ms · optimistic 28 ms'],
    ]);
  });

  it('a failed or stopped client says why', () => {
    const failed = {
      ...running,
      state: 'failed' as const,
      problem: 'checkpoint at slot 1 is 900.0 days old',
      check: 'checkpoint',
    };
    expect(lightClientStatus(failed)).toBe('Not verifying: checkpoint at slot 1 is 900.0 days old (check: checkpoint)');
    const off: LightClientView = {
      ...running,
      state: 'off',
      problem: 'no checkpoint is set.',
      period: null,
      finalized: null,
      optimistic: null,
      participation: null,
      lastUpdateAt: null,
      checkMs: {},
    };
    expect(lightClientStatus(off)).toBe('Not running: no checkpoint is set.');
    expect(lightClientFacts(off, 0)).toEqual([]);
  });
});
