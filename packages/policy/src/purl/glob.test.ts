import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { purlForms, purlMatcher } from './glob.js';

it.each([
  ['pkg:npm/lodash', 'pkg:npm/lodash@4.17.21', true],
  ['pkg:npm/lodash', 'pkg:npm/lodash-es@4.17.21', false],
  ['pkg:npm/lodash@4.17.21', 'pkg:npm/lodash@4.17.21', true],
  ['pkg:npm/lodash@4.17.*', 'pkg:npm/lodash@4.18.0', false],
  ['pkg:npm/@babel/*', 'pkg:npm/%40babel/core@7.0.0', true],
  ['pkg:npm/%40babel/core', 'pkg:npm/@babel/core@7.0.0', true],
  ['pkg:npm/*', 'pkg:npm/%40babel/core@7.0.0', false], // `*` stays in one segment
  ['pkg:npm/**', 'pkg:npm/%40babel/core@7.0.0', true],
  ['pkg:deb/debian/openssl', 'pkg:deb/debian/openssl@3.0.11-1?arch=amd64&distro=bookworm', true],
  ['pkg:nuget/Ninject', 'pkg:nuget/Ninject%403.3.6', true], // Microsoft's SBOM tool escapes the @
  ['pkg:maven/org.apache.*/*', 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1', true],
  ['pkg:{npm,pypi}/requests', 'pkg:pypi/requests@2.31.0', true],
])('%s matches %s: %s', (glob, purl, expected) => {
  expect(purlMatcher(glob)(purl)).toBe(expected);
});

it('splits a purl into its forms without qualifiers and subpath', () => {
  expect(purlForms('pkg:npm/%40scope/name@1.0.0?x=1#sub')).toEqual([
    'pkg:npm/@scope/name',
    'pkg:npm/@scope/name@1.0.0',
  ]);
});

describe('the common glob shapes mean what picomatch says, edge cases included', () => {
  // picomatch (dot: true) on each form of the purl (decoded, without qualifiers, with and without
  // the version) is what every glob means; any faster matcher must give the same answers.
  const globs = [
    'pkg:npm/**',
    'pkg:npm/@babel/**',
    'pkg:npm/pkg-1*',
    'pkg:npm/@s/a-*',
    'pkg:npm/lodash@4.*',
    'pkg:deb/debian/**',
    'pkg:npm/x/.y*',
  ];
  const purls = [
    'pkg:npm',
    'pkg:npm/',
    'pkg:npm/a@1',
    'pkg:npm/%40babel/core@7.0.0',
    'pkg:npm/%40babel@1',
    'pkg:npm/.a@1',
    'pkg:npm/a/../b@1',
    'pkg:npm/./b@1',
    'pkg:npm//a@1',
    'pkg:npm/pkg-1',
    'pkg:npm/pkg-10@2.0.0',
    'pkg:npm/pkg-1.x@1',
    'pkg:npm/pkg-1/x@1',
    'pkg:npm/%40s/a-b@1',
    'pkg:npm/%40s/a-@1',
    'pkg:npm/%40s/a-b/c@1',
    'pkg:npm/lodash@4.17.21',
    'pkg:npm/lodash@5.0.0',
    'pkg:deb/debian/openssl@3.0.11-1?arch=amd64',
    'pkg:npm/x/.y@1',
    'pkg:npm/x/.yz/w@1',
  ];
  const table = globs.flatMap((glob) => purls.map((purl) => [glob, purl] as const));
  it.each(table)('%s against %s', (glob, purl) => {
    const re = picomatch.makeRe(glob, { dot: true });
    expect(purlMatcher(glob)(purl)).toBe(purlForms(purl).some((form) => re.test(form)));
  });
});
