// `npm test`: type-check, lint, unit tests, production build checks, browser tests in Chromium and
// Firefox. Ends with one line "N passed, N failed" summing every suite and check it ran.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBrowsers } from './ensure-browsers.js';
import { freshCloneCheck } from './fresh-clone-check.js';

const bin = (name) => join('node_modules', '.bin', name);
const results = [];
mkdirSync('test-artifacts', { recursive: true });

function run(label, command, args, env = {}) {
  console.log(`\n▶ ${label}: ${[command, ...args].join(' ')}`);
  const started = Date.now();
  const outcome = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(
    `◀ ${label}: ${outcome.status === 0 ? 'ok' : `failed (exit ${outcome.status})`} in ${Date.now() - started} ms`,
  );
  return outcome.status === 0;
}

function check(label, ok) {
  results.push({ label, passed: ok ? 1 : 0, failed: ok ? 0 : 1 });
}

function vitestSuite(label, args, reportFile) {
  const ok = run(label, bin('vitest'), [
    'run',
    ...args,
    '--reporter=default',
    '--reporter=json',
    `--outputFile=${reportFile}`,
  ]);
  if (!existsSync(reportFile)) {
    results.push({ label, passed: 0, failed: 1 });
    return;
  }
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  const failed = report.numFailedTests + (ok || report.numFailedTests > 0 ? 0 : 1);
  results.push({ label, passed: report.numPassedTests, failed });
}

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const only = process.argv[2];
if (!only || only === 'browsers') ensureBrowsers();

check('type-check (tsc)', run('type-check', bin('tsc'), ['--noEmit']));
check('lint (biome)', run('lint', bin('biome'), ['check', '.']));
vitestSuite('unit tests (vitest)', [], 'test-artifacts/unit.json');

const prodBuilt =
  run('production build (chrome)', bin('wxt'), ['build']) &&
  run('production build (firefox)', bin('wxt'), ['build', '-b', 'firefox', '--mv3']);
check('production builds', prodBuilt);
if (prodBuilt) {
  const leaked = ['.output/chrome-mv3', '.output/firefox-mv3']
    .flatMap(filesUnder)
    .filter((file) => /127\.0\.0\.\d|Local devnet/.test(readFileSync(file, 'latin1')));
  if (leaked.length) console.error(`Production build contains devnet sources: ${leaked.join(', ')}`);
  check('production builds carry no devnet sources', leaked.length === 0);
  check(
    'background bundles start without Node globals (chrome, firefox)',
    ['.output/chrome-mv3/background.js', '.output/firefox-mv3/background.js'].every((file) =>
      run(`start-up of ${file}`, process.execPath, ['scripts/check-background-bundle.cjs', file]),
    ),
  );
  check(
    'web-ext lint (firefox build, 0 errors)',
    run('web-ext lint', bin('web-ext'), ['lint', '--source-dir', '.output/firefox-mv3', '--no-config-discovery']),
  );
}

vitestSuite('browser tests (Chromium + Firefox)', ['--config', 'vitest.e2e.config.ts'], 'test-artifacts/e2e.json');

// On CI (a fresh clone; .ci/run sets CI): `npm install` must not rewrite the lockfile, and nothing the tests
// wrote may show up in `git status` (build and test outputs are ignored). See scripts/fresh-clone-check.js.
if (process.env.CI) {
  console.log('\n▶ fresh-clone check: npm install, then git status');
  const { ok, problems, ms } = freshCloneCheck();
  for (const problem of problems) console.error(problem);
  console.log(`◀ fresh-clone check: ${ok ? 'ok' : 'failed'} in ${ms} ms`);
  check('fresh clone stays clean after npm install and the tests', ok);
}

console.log('\nSummary');
for (const r of results) console.log(`  ${r.failed ? '✗' : '✓'} ${r.label}: ${r.passed} passed, ${r.failed} failed`);
const passed = results.reduce((sum, r) => sum + r.passed, 0);
const failed = results.reduce((sum, r) => sum + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
