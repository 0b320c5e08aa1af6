import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// Test doubles live in lib/testing and only tests import them; lib imports relatively (none of WXT's aliases:
// '@/' and '~/' for the source folder, '@@/' and '~~/' for the root), whatever the quotes and whether the
// import is static, a re-export, a side effect, a dynamic import(), require() or vi.mock().

const LIB = join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx|js|mjs|cjs)$/.test(name) ? [path] : [];
  });
}

/** Every module specifier a file names: `from 'x'`, `import 'x'`, `import('x')`, `require('x')`, `vi.mock('x')`. */
function specifiers(text: string): string[] {
  const pattern =
    /(?:\bfrom\s*|\bimport\s*(?:\(\s*)?|\brequire\s*\(\s*|\bvi\.(?:mock|doMock|importActual)\s*(?:<[^>]*>)?\(\s*)(['"`])([^'"`\n]+)\1/g;
  return [...text.matchAll(pattern)].map((m) => m[2]);
}

const isAlias = (specifier: string) => /^(?:@|@@|~|~~)\//.test(specifier);
const isTestDouble = (specifier: string) => /(?:^|\/)testing\//.test(specifier);

describe('lib layout', () => {
  const files = sources(LIB).map((path) => ({ path: relative(LIB, path), text: readFileSync(path, 'utf8') }));
  const product = files.filter((f) => !/\.test\.tsx?$/.test(f.path) && !f.path.startsWith('testing/'));

  it('finds aliased and test-double imports in every spelling', () => {
    const written = [
      `import { a } from '@/lib/a';`,
      `import { a } from "@/lib/a";`,
      'import { a } from `~/lib/a`;',
      `export * from '@@/lib/a';`,
      `import '~~/lib/a';`,
      `const a = await import('@/lib/a');`,
      `const a = await import ( "~/lib/a" );`,
      `const a = require('@@/lib/a');`,
      `vi.mock('@/lib/a', () => ({}));`,
      `import { fake } from "../testing/fake-network";`,
      `const fake = await import('../../testing/fake-network');`,
    ].map((line) => specifiers(line));
    expect(written.map((found) => found.some((s) => isAlias(s) || isTestDouble(s)))).toEqual(written.map(() => true));
    const fine = specifiers(
      `import { a } from './a';\nimport { mpt } from '@ethereumjs/mpt';\nimport x from "../rpc/x";\n// see @/ in docs`,
    );
    expect(fine).toEqual(['./a', '@ethereumjs/mpt', '../rpc/x']);
  });

  it('product code never imports a test double', () => {
    const offenders = product.filter((f) => specifiers(f.text).some(isTestDouble)).map((f) => f.path);
    expect(offenders).toEqual([]);
  });

  it('lib imports relatively, as it reads without the generated WXT config', () => {
    const offenders = files
      .filter((f) => f.path !== 'testing/kept-apart.test.ts' && specifiers(f.text).some(isAlias))
      .map((f) => f.path);
    expect(offenders).toEqual([]);
  });
});
