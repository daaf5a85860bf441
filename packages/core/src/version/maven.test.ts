import { describe, expect, it } from 'vitest';
import { compareMavenVersions } from './maven.js';

// Ascending lists from Maven's own ComparableVersionTest (VERSIONS_QUALIFIER, VERSIONS_NUMBER in
// maven-artifact's test sources): each version sorts strictly before every later one.
const qualifierOrder = [
  '1-alpha2snapshot',
  '1-alpha2',
  '1-alpha-123',
  '1-beta-2',
  '1-beta123',
  '1-m2',
  '1-m11',
  '1-rc',
  '1-cr2',
  '1-rc123',
  '1-SNAPSHOT',
  '1',
  '1-sp',
  '1-sp2',
  '1-sp123',
  '1-abc',
  '1-def',
  '1-pom-1',
  '1-1-snapshot',
  '1-1',
  '1-2',
  '1-123',
];
const numberOrder = [
  '2.0',
  '2.0.a',
  '2-1',
  '2.0.2',
  '2.0.123',
  '2.1.0',
  '2.1-a',
  '2.1b',
  '2.1-c',
  '2.1-1',
  '2.1.0.1',
  '2.2',
  '2.123',
  '11.a2',
  '11.a11',
  '11.b2',
  '11.b11',
  '11.m2',
  '11.m11',
  '11',
  '11.a',
  '11b',
  '11c',
  '11m',
];

function ascendingPairs(list: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) pairs.push([list[i] as string, list[j] as string]);
  }
  return pairs;
}

describe('Maven version order', () => {
  it.each([...ascendingPairs(qualifierOrder), ...ascendingPairs(numberOrder)])('%s < %s', (lower, higher) => {
    expect(compareMavenVersions(lower, higher)).toBe(-1);
    expect(compareMavenVersions(higher, lower)).toBe(1);
  });

  // Examples of the POM reference's "Version Order Specification".
  it.each([
    ['1', '1.1'],
    ['1-snapshot', '1'],
    ['1', '1-sp'],
    ['1-foo2', '1-foo10'],
    ['1-foo', '1-1'],
    ['1-1', '1.1'],
    ['1-ga', '1-sp'],
    ['1.foo', '1-1'],
    ['1-ga.1', '1-sp.1'],
    ['1-sp-1', '1-1'],
  ])('specification: %s < %s', (lower, higher) => {
    expect(compareMavenVersions(lower, higher)).toBe(-1);
  });

  it.each([
    ['1.ga', '1'],
    ['1-ga', '1'],
    ['1-0', '1'],
    ['1.0', '1'],
    ['1-a1', '1-alpha-1'],
    ['1.foo', '1-foo'],
    ['1.0.0', '1'],
    ['1-FINAL', '1'],
    ['1-release', '1'],
    ['1-cr1', '1-rc1'],
    ['1.0-0.0', '1'],
    ['01.002', '1.2'],
  ])('%s equals %s', (a, b) => {
    expect(compareMavenVersions(a, b)).toBe(0);
  });
});

it('reads qualifiers that are Object.prototype member names as plain qualifiers', () => {
  expect(compareMavenVersions('1-constructor', '1-abc')).toBe(1);
  expect(compareMavenVersions('1-toString', '1-sp')).toBe(1);
});
