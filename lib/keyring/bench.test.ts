import { describe, expect, it } from 'vitest';
import { benchVaultUnlock } from './bench';

describe('benchVaultUnlock', () => {
  it('measures create and unlock at the production iteration count, unlock under 1.5 s', async () => {
    const result = await benchVaultUnlock(1);
    expect(result.iterations).toBeGreaterThanOrEqual(900_000);
    expect(result.unlockMs).toBeGreaterThan(0);
    expect(result.unlockMs).toBeLessThan(1_500);
    console.info(`vault bench: ${JSON.stringify(result)}`);
  });
});
