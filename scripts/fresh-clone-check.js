// The fresh-clone check: on a clone where `npm ci` ran (and the tests after it), `npm install` must leave the
// committed lockfile as it is and `git status` clean (build and test outputs are ignored). `npm test` runs it
// when CI is set, which .ci/run does; `node scripts/fresh-clone-check.js` runs it alone.
//
// It changes nothing it finds: a lockfile that `npm install` rewrote is put back as committed (node_modules
// keeps what that install added; it is ignored), and files that were already changed before it ran are
// reported apart, not blamed on the install.
import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const LOCKFILE = 'package-lock.json';

function gitStatus() {
  const status = spawnSync('git', ['status', '--porcelain', '--untracked-files=all'], { encoding: 'utf8' });
  if (status.status !== 0) return { ok: false, lines: [], error: (status.stderr || 'git status failed').trim() };
  return { ok: true, lines: status.stdout.split('\n').filter(Boolean) };
}

/** @returns {{ ok: boolean, problems: string[], ms: number }} */
export function freshCloneCheck() {
  const started = Date.now();
  const problems = [];
  const before = gitStatus();
  if (!before.ok) return { ok: false, problems: [`not a git clone: ${before.error}`], ms: Date.now() - started };
  if (before.lines.length)
    problems.push(`changed before npm install (by the tests or by hand):\n${before.lines.join('\n')}`);

  const lockWasClean = !before.lines.some((line) => line.slice(3) === LOCKFILE);
  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { encoding: 'utf8' });
  if (install.status !== 0) problems.push(`npm install failed (exit ${install.status}):\n${install.stderr.trim()}`);

  const after = gitStatus();
  const added = after.lines.filter((line) => !before.lines.includes(line));
  if (added.length) problems.push(`npm install changed the clone:\n${added.join('\n')}`);
  if (lockWasClean && added.some((line) => line.slice(3) === LOCKFILE)) {
    spawnSync('git', ['checkout', '--', LOCKFILE]);
  }
  return { ok: problems.length === 0, problems, ms: Date.now() - started };
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { ok, problems, ms } = freshCloneCheck();
  for (const problem of problems) console.error(problem);
  console.log(`fresh-clone check: ${ok ? 'clean' : 'NOT clean'} (${ms} ms)`);
  process.exit(ok ? 0 : 1);
}
