import { describe, expect, it } from 'vitest';
import { hashesFromIntegrity, sourceOf, splitNameVersion } from './package-builder.js';

describe('sourceOf', () => {
  it.each([
    [undefined, 'registry'],
    ['https://registry.npmjs.org/a/-/a-1.0.0.tgz', 'registry'],
    ['https://example.com/pkg.tgz', 'tarball'],
    ['https://codeload.github.com/u/r/tar.gz/0123', 'git'],
    ['git+ssh://git@github.com/u/r.git#abc', 'git'],
    ['github:u/r#abc', 'git'],
    ['file:vendor/a-1.0.0.tgz', 'file'],
    ['file:vendor/a-1.0.0.tgz#0123456789abcdef0123456789abcdef01234567', 'file'],
    ['file:packages/a', 'link'],
    ['link:../a', 'link'],
  ])('%s is %s', (resolved, source) => {
    expect(sourceOf(resolved)).toBe(source);
  });
});

describe('hashesFromIntegrity', () => {
  it('decodes every SRI algorithm it knows, once each, and skips malformed ones', () => {
    const sha1 = Buffer.alloc(20, 0xab).toString('base64');
    const sha512 = Buffer.alloc(64, 0xcd).toString('base64');
    expect(hashesFromIntegrity(`sha512-${sha512} sha1-${sha1} sha512-${sha512} sha256-short`)).toEqual([
      { algorithm: 'SHA-512', value: 'cd'.repeat(64) },
      { algorithm: 'SHA-1', value: 'ab'.repeat(20) },
    ]);
  });
});

describe('splitNameVersion', () => {
  it.each([
    ['@s/n@1.0.0', { name: '@s/n', version: '1.0.0' }],
    ['n@npm:m@^1', { name: 'n', version: 'npm:m@^1' }],
    ['n', undefined],
  ])('%s', (spec, expected) => {
    expect(splitNameVersion(spec)).toEqual(expected);
  });
});
