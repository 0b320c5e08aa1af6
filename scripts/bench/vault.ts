// Vault section: create and unlock at the production PBKDF2 count (target: unlock under 1.5 s here).
import { benchVaultUnlock } from '../../lib/keyring/bench';
import type { BenchReport } from './report';

const UNLOCK_TARGET_MS = 1500;

export async function benchVault(): Promise<BenchReport> {
  const result = await benchVaultUnlock(5);
  return {
    tables: [
      {
        title: `Vault (PBKDF2-SHA256 ${result.iterations.toLocaleString('en')} iterations + AES-256-GCM)`,
        headers: ['create ms', `unlock ms (median of ${result.runs})`],
        rows: [[String(result.createMs), String(result.unlockMs)]],
      },
    ],
    notes: [
      `unlock ${result.unlockMs} ms (target < ${UNLOCK_TARGET_MS} ms: ${result.unlockMs < UNLOCK_TARGET_MS ? 'met' : 'MISSED'})`,
    ],
  };
}
