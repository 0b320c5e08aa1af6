import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// Test doubles live in lib/testing and only tests import them; lib imports relatively (no WXT '@/' alias).

const LIB = join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

describe('lib layout', () => {
  const files = sources(LIB).map((path) => ({ path: relative(LIB, path), text: readFileSync(path, 'utf8') }));
  const product = files.filter((f) => !/\.test\.tsx?$/.test(f.path) && !f.path.startsWith('testing/'));

  it('product code never imports a test double', () => {
    const offenders = product.filter((f) => /from '[^']*\/testing\//.test(f.text)).map((f) => f.path);
    expect(offenders).toEqual([]);
  });

  it('lib imports relatively, as it reads without the generated WXT config', () => {
    const offenders = files.filter((f) => /from '@\//.test(f.text)).map((f) => f.path);
    expect(offenders).toEqual([]);
  });
});
