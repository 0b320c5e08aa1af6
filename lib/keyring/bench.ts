import { DEFAULT_KDF_ITERATIONS, openVault, PRODUCTION_ITERATION_BOUNDS, sealVault } from './vault';

export interface VaultUnlockBench {
  iterations: number;
  /** Sealing a new vault (one PBKDF2 run plus encryption). */
  createMs: number;
  /** Opening it with the password: what unlock costs (median of the runs). */
  unlockMs: number;
  runs: number;
}

/** Benchmark section: vault create and unlock at the production PBKDF2 count (target: unlock < 1.5 s). */
export async function benchVaultUnlock(runs = 3): Promise<VaultUnlockBench> {
  const secrets = {
    version: 1 as const,
    keychains: [{ id: 'bench', type: 'hd' as const, mnemonic: 'abandon '.repeat(11).concat('about') }],
  };
  const password = 'benchmark password';
  let started = performance.now();
  const { record } = await sealVault(secrets, password, DEFAULT_KDF_ITERATIONS);
  const createMs = performance.now() - started;
  const unlocks: number[] = [];
  for (let i = 0; i < runs; i++) {
    started = performance.now();
    await openVault(record, password, PRODUCTION_ITERATION_BOUNDS);
    unlocks.push(performance.now() - started);
  }
  unlocks.sort((a, b) => a - b);
  return {
    iterations: DEFAULT_KDF_ITERATIONS,
    createMs: Math.round(createMs),
    unlockMs: Math.round(unlocks[Math.floor(unlocks.length / 2)]),
    runs,
  };
}
