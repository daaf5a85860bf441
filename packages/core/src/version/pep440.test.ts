import { describe, expect, it } from 'vitest';
import { comparePep440Versions, parsePep440Version } from './pep440.js';

// The ascending example list of PEP 440, "Summary of permitted suffixes and relative ordering".
const specOrder = [
  '1.dev0',
  '1.0.dev456',
  '1.0a1',
  '1.0a2.dev456',
  '1.0a12.dev456',
  '1.0a12',
  '1.0b1.dev456',
  '1.0b2',
  '1.0b2.post345.dev456',
  '1.0b2.post345',
  '1.0rc1.dev456',
  '1.0rc1',
  '1.0',
  '1.0+abc.5',
  '1.0+abc.7',
  '1.0+5',
  '1.0.post456.dev34',
  '1.0.post456',
  '1.0.15',
  '1.1.dev1',
];

describe('PEP 440 version order', () => {
  const pairs: [string, string][] = [];
  for (let i = 0; i < specOrder.length; i++) {
    for (let j = i + 1; j < specOrder.length; j++)
      pairs.push([specOrder[i] as string, specOrder[j] as string]);
  }
  it.each(pairs)('%s < %s', (lower, higher) => {
    expect(comparePep440Versions(lower, higher)).toBe(-1);
    expect(comparePep440Versions(higher, lower)).toBe(1);
  });

  // PEP 440 "Normalization": each spelling equals its normal form.
  it.each([
    ['1.0', '1.0.0'],
    ['v1.0', '1.0'],
    ['1.0ALPHA1', '1.0a1'],
    ['1.0-beta.2', '1.0b2'],
    ['1.0c1', '1.0rc1'],
    ['1.0pre1', '1.0rc1'],
    ['1.0preview1', '1.0rc1'],
    ['1.0a', '1.0a0'],
    ['1.0-1', '1.0.post1'],
    ['1.0rev1', '1.0.post1'],
    ['1.0-r1', '1.0.post1'],
    ['1.0.post', '1.0.post0'],
    ['1.0-dev', '1.0.dev0'],
    ['1.0+ubuntu-1', '1.0+ubuntu.1'],
    ['0!1.0', '1.0'],
  ])('%s equals %s', (a, b) => {
    expect(comparePep440Versions(a, b)).toBe(0);
  });

  it('sorts a later epoch after any version of an earlier one', () => {
    expect(comparePep440Versions('1!0.1', '2024.10')).toBe(1);
  });

  it.each(['', 'not a version', '1.0-', '1..0', '1.0+'])('refuses %j', (bad) => {
    expect(parsePep440Version(bad)).toBeUndefined();
  });

  it('parses every part', () => {
    expect(parsePep440Version('2!1.2.3rc4.post5.dev6+local.7')).toEqual({
      epoch: 2,
      release: [1, 2, 3],
      pre: ['rc', 4],
      post: 5,
      dev: 6,
      local: ['local', 7],
    });
  });
});
