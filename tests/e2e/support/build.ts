// Builds both development extensions with the given devnet sources baked in as "Local devnet".
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const CHROME_DEV_DIR = resolve(ROOT, '.output/chrome-mv3-dev');
export const FIREFOX_DEV_DIR = resolve(ROOT, '.output/firefox-mv3-dev');

export function buildDevExtensions(sources: { id: string; url: string; operator: string }[]): void {
  const env = { ...process.env, ACCORD_DEVNET: JSON.stringify(sources) };
  const wxt = resolve(ROOT, 'node_modules/.bin/wxt');
  execFileSync(wxt, ['build', '--mode', 'development'], { cwd: ROOT, env, stdio: 'pipe' });
  execFileSync(wxt, ['build', '-b', 'firefox', '--mv3', '--mode', 'development'], { cwd: ROOT, env, stdio: 'pipe' });
}
