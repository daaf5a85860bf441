import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { formatPurl, npmPurl, parsePurl, tryParsePurl } from './purl.js';

// packageurl-js, the purl reference implementation, is the oracle for custody's own fast path.
const { PackageURL } = createRequire(import.meta.url)('packageurl-js') as typeof import('packageurl-js');

function reference(name: string, version?: string, qualifiers?: Record<string, string>): string {
  const slash = name.startsWith('@') ? name.indexOf('/') : -1;
  return new PackageURL(
    'npm',
    slash > 0 ? name.slice(0, slash) : undefined,
    slash > 0 ? name.slice(slash + 1) : name,
    version === '' ? undefined : version,
    qualifiers,
    undefined,
  ).toString();
}

describe('npmPurl', () => {
  it.each([
    ['@types/node', '20.11.0'],
    ['lodash', '4.17.21'],
    ['@babel/core', '8.0.0-rc.1+build.5'],
    ['semver', '7.6.0-beta.1'],
    ['a_b.c~d', '1.0.0'],
    ['@s~x/a~b', '1~2_3'],
    ['x', ''],
    ['x', undefined],
    ['@Scope/Name', '1.0.0'],
    ['JSONStream', '1.3.5'],
    ['a b', '1.0.0'],
    ['ü', '1'],
    ['x', '1.0.0#x?y@z'],
    ['a:b', '1'],
    ['x', '1.0.0:2'],
    ['@a/b/c', '1'],
    ['packages/create-vite', '0.0.0'],
    ['packages/Vite/src/__tests__', ''],
    ['a//b', '1'],
    ['a/', '1'],
    ['x/.y', '1'],
  ])('%s@%s formats as packageurl-js does', (name, version) => {
    expect(npmPurl(name, version)).toBe(reference(name, version));
  });

  it.each<Record<string, string>>([
    { vcs_url: 'git+https://github.com/u/r.git#abc', arch: 'x' },
    {
      vcs_url: 'https://codeload.github.com/webpack/tooling/tar.gz/4c13a00ac84cf0e2dd57c457cd1ce46faa9e456a',
    },
    { download_url: 'git+ssh://git@github.com/u/r.git#abc' },
    { download_url: "https://x.example/a!b'c(d)e*f~g.tgz" },
    { download_url: 'https://x.example/a b+c?y&z=w' },
    { download_url: 'https://x.example/ü/a%20b.tgz' },
    { Arch: 'x' },
    { download_url: '' },
    { b: '2', a: '1', c: '3' },
  ])('formats qualifiers %j as packageurl-js does', (qualifiers) => {
    expect(npmPurl('r', '1.0.0', qualifiers)).toBe(reference('r', '1.0.0', qualifiers));
    expect(npmPurl('@s/Name', undefined, qualifiers)).toBe(reference('@s/Name', undefined, qualifiers));
  });

  it('round-trips through parsePurl', () => {
    expect(parsePurl(npmPurl('@scope/pkg', '1.2.3'))).toEqual({
      type: 'npm',
      namespace: '@scope',
      name: 'pkg',
      version: '1.2.3',
    });
  });
});

describe('formatPurl and parsePurl', () => {
  it('encode as the purl spec shows for a Debian package with qualifiers', () => {
    // The spec's own example (purl-spec README): pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie
    expect(
      formatPurl({
        type: 'deb',
        namespace: 'debian',
        name: 'curl',
        version: '7.50.3-1',
        qualifiers: { distro: 'jessie', arch: 'i386' },
      }),
    ).toBe('pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie');
  });

  it('reject a malformed purl with an input error naming it', () => {
    expect(() => parsePurl('npm/lodash', 'sbom.json')).toThrow(/invalid purl "npm\/lodash"/);
    expect(tryParsePurl('not a purl')).toBeUndefined();
  });
});
