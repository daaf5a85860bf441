import { describe, expect, it } from 'vitest';
import { debianVersionScheme } from './debian.js';
import { mavenVersionScheme } from './maven.js';
import { pep440Scheme } from './pep440.js';
import { npmRangeMatcher, parseVersionRange, satisfiesVersionRange } from './range.js';
import type { VersionScheme } from './scheme.js';

// Each row: scheme, range, version, expected. The expectations follow each ecosystem's documented
// order (deb-version(7), PEP 440, Maven's POM reference), not this code's output.
const cases: [VersionScheme, string, string, boolean][] = [
  [debianVersionScheme, '<1.1.1n-0+deb11u4', '1.1.1n-0+deb11u3', true],
  [debianVersionScheme, '<1.1.1n-0+deb11u4', '1.1.1n-0+deb11u4', false],
  [debianVersionScheme, '>=2.36-9, <2.36-9+deb12u3', '2.36-9+deb12u1', true],
  [debianVersionScheme, '>=2.36-9, <2.36-9+deb12u3', '2.36-9~bpo1', false],
  [debianVersionScheme, '= 1:2.0-1', '1:2.0-1', true],
  [pep440Scheme, '>=2.0, <2.31.0', '2.31.0rc1', true],
  [pep440Scheme, '>=2.0, <2.31.0', '2.31.0', false],
  [pep440Scheme, '<1.0 || >=3.0', '2.0', false],
  [pep440Scheme, '<1.0 || >=3.0', '3.0.post1', true],
  [pep440Scheme, '!=1.0', '1.0.0', false],
  [mavenVersionScheme, '>=2.0-beta9, <2.15.0', '2.14.1', true],
  [mavenVersionScheme, '>=2.0-beta9, <2.15.0', '2.0-alpha1', false],
  [mavenVersionScheme, '<2.15.0', '2.15.0-rc1', true],
  [mavenVersionScheme, '*', '1', true],
];

describe('version ranges', () => {
  it.each(cases)('%# %s: %s holds %s is %s', (scheme, range, version, expected) => {
    expect(satisfiesVersionRange(version, parseVersionRange(range), scheme)).toBe(expected);
  });

  it.each(['>=', '1.0 ||', '<<1.0', '>= , <2'])('refuses %j', (bad) => {
    expect(() => parseVersionRange(bad)).toThrow('invalid version range');
  });

  // node-semver's README: prereleases match only a comparator on the same [major, minor, patch].
  it.each([
    ['^1.2.3', '1.9.0', true],
    ['^1.2.3', '2.0.0', false],
    ['>=1.2.3-beta.1 <1.3.0', '1.2.3-beta.2', true],
    ['<2.0.0', '2.0.0-rc.1', false],
    ['1.x || >=2.5.0', '2.4.0', false],
  ] as const)('npm range %s holds %s: %s', (range, version, expected) => {
    expect(npmRangeMatcher(range)(version)).toBe(expected);
  });

  it('refuses a range npm refuses', () => {
    expect(() => npmRangeMatcher('>=>1')).toThrow('invalid version range');
  });
});
