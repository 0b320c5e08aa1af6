import { describe, expect, it } from 'vitest';
import { answerStatusLabel, breakerLabel, formatLatency, healthStateLabel, proofLabel } from './labels';

describe('labels', () => {
  it('names each answer status', () => {
    expect(answerStatusLabel({ status: 'agree' })).toBe('agrees');
    expect(answerStatusLabel({ status: 'disagree' })).toBe('disagrees');
    expect(answerStatusLabel({ status: 'error', error: 'refused: connect ECONNREFUSED' })).toBe('error: refused');
    expect(answerStatusLabel({ status: 'wrong-chain' })).toBe('wrong chain');
    expect(answerStatusLabel({ status: 'stale' })).toBe('stale');
    expect(answerStatusLabel({ status: 'skipped', error: 'circuit-open' })).toBe('skipped: circuit-open');
    expect(answerStatusLabel({ status: 'skipped', error: 'timeout: no answer within 150 ms' })).toBe('no answer yet');
    expect(answerStatusLabel({ status: 'skipped' })).toBe('not asked');
  });

  it('names proofs, lone answers and conflicts for what they are', () => {
    expect(answerStatusLabel({ status: 'agree', proof: 'valid' }, 'verified')).toBe('proved it');
    expect(answerStatusLabel({ status: 'agree' }, 'verified')).toBe('matches the proof');
    expect(answerStatusLabel({ status: 'disagree', proof: 'invalid' }, 'verified')).toBe('proof failed');
    expect(answerStatusLabel({ status: 'disagree' }, 'verified')).toBe('differs from the proof');
    expect(answerStatusLabel({ status: 'agree' }, 'unconfirmed')).toBe('alone, unconfirmed');
    expect(answerStatusLabel({ status: 'disagree' }, 'conflict')).toBe('differs');
    expect(proofLabel('unsupported')).toBe('not offered');
    expect(proofLabel(undefined)).toBe('—');
  });

  it('names health and breaker states', () => {
    expect(healthStateLabel('open')).toBe('breaker open');
    expect(breakerLabel('healthy')).toBe('closed');
    expect(breakerLabel('half-open')).toBe('half-open');
  });

  it('formats latency', () => {
    expect(formatLatency(12.4)).toBe('12 ms');
    expect(formatLatency(null)).toBe('—');
  });
});
