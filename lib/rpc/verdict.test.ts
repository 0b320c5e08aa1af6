import { describe, expect, it } from 'vitest';
import type { Answer, Attempt } from './race';
import type { SourceRuntime } from './sources';
import { medianVerdict } from './verdict';

const REVERT = { code: 3, message: 'execution reverted', data: '0x08c379a0' };

function answered(operator: string, answer: Partial<Answer> & { key: string }): Attempt {
  const source = { config: { id: operator, url: `http://${operator}`, operator, enabled: true } } as SourceRuntime;
  return {
    source,
    startedAt: 0,
    state: 'answered',
    overdue: false,
    answer: { value: null, isNull: false, ...answer },
    latencyMs: 1,
  };
}
const number = (operator: string, value: string) => answered(operator, { key: value, value });
const revert = (operator: string) => answered(operator, { key: 'revert:0x08c379a0', revert: REVERT });

describe('medianVerdict', () => {
  it('a revert is a vote: one number against one revert is the revert, not the number', () => {
    const verdict = medianVerdict([number('liar', '0x5208'), revert('honest')], 2, 'upper');
    expect(verdict).toMatchObject({ status: 'unconfirmed', value: null, error: REVERT });
    const confirmed = medianVerdict([number('liar', '0x5208'), revert('a'), revert('b')], 2, 'upper');
    expect(confirmed).toMatchObject({ status: 'confirmed', value: null, error: REVERT, agreeing: 2 });
  });

  it('numbers from more operators than reverted win, as the median of the numbers', () => {
    const verdict = medianVerdict([number('a', '0x5208'), number('b', '0x5300'), revert('liar')], 2, 'upper');
    expect(verdict).toMatchObject({ status: 'confirmed', value: '0x5300', agreeing: 2 });
    expect(verdict.error).toBeUndefined();
  });

  it('fees are bounded by an honest quote: a liar high among k gives the lower middle', () => {
    const gwei = (n: number) => `0x${(BigInt(n) * 10n ** 9n).toString(16)}`;
    const verdict = medianVerdict([number('liar', gwei(300)), number('honest', gwei(1))], 2, 'lower');
    expect(verdict).toMatchObject({ status: 'confirmed', value: gwei(1) });
  });
});
