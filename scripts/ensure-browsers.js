// Makes sure Debian's Chromium and Firefox ESR are present; installs them when running as root.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const BROWSERS = [
  { name: 'Chromium', binary: '/usr/lib/chromium/chromium', apt: 'chromium' },
  { name: 'Firefox ESR', binary: '/usr/bin/firefox-esr', apt: 'firefox-esr' },
];

export function ensureBrowsers(which = ['chromium', 'firefox-esr']) {
  const missing = BROWSERS.filter((b) => which.includes(b.apt) && !existsSync(b.binary));
  if (missing.length === 0) return;
  const packages = missing.map((b) => b.apt).join(' ');
  const command = `apt-get update && apt-get install -y ${packages}`;
  if (process.getuid?.() !== 0) {
    console.error(`Accord's browser tests need ${missing.map((b) => b.name).join(' and ')}. Run:\n  sudo ${command}`);
    process.exit(1);
  }
  console.log(`Installing ${packages} with apt-get...`);
  execSync(command, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

if (import.meta.url === `file://${process.argv[1]}`)
  ensureBrowsers(process.argv.slice(2).length ? process.argv.slice(2) : undefined);
