import { npmPurl } from '@custody/core';
import { describe, expect, it } from 'vitest';
import { hashesFromIntegrity, plainNpmPurl, sourceOf, splitNameVersion } from './package-builder.js';

describe('plainNpmPurl', () => {
  // packageurl-js (through core's npmPurl) is the reference implementation.
  it.each([
    ['@types/node', '20.11.0'],
    ['lodash', '4.17.21'],
    ['@babel/core', '8.0.0-rc.1+build.5'],
    ['a_b.c~d', '1.0.0'],
    ['x', ''],
    ['@Scope/Name', '1.0.0'],
    ['a b', '1.0.0'],
    ['ü', '1'],
    ['x', '1.0.0#x?y@z'],
    ['a:b', '1'],
  ])('%s@%s formats as packageurl-js does', (name, version) => {
    expect(plainNpmPurl(name, version)).toBe(npmPurl(name, version === '' ? undefined : version));
  });
});

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
