import { describe, expect, it } from 'vitest';
import { benchVaultUnlock } from './bench';

describe('benchVaultUnlock', () => {
  // Timings are reported by `npm run bench -- vault`, not asserted here.
  it('measures create and unlock at the production iteration count', async () => {
    const result = await benchVaultUnlock(1);
    expect(result.iterations).toBeGreaterThanOrEqual(900_000);
    expect(result.unlockMs).toBeGreaterThan(0);
    console.info(`vault bench: ${JSON.stringify(result)}`);
  });
});
