// @metamask/eth-sig-util pulls @ethereumjs/util, which calls Node's Buffer while loading: imported by
// anything the background bundles, it stops the service worker before it registers a single listener
// (the popup then waits on "Starting…" forever). Tests may use it to check our results; product code not.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe('code the background bundles', () => {
  it('never imports @metamask/eth-sig-util', () => {
    const root = join(import.meta.dirname, '../..');
    const offenders = ['lib', 'components', 'entrypoints']
      .flatMap((dir) => sourceFiles(join(root, dir)))
      .filter((file) => /from ['"]@metamask\/eth-sig-util['"]/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
