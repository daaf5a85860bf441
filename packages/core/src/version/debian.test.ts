import { describe, expect, it } from 'vitest';
import { compareDebianVersions, parseDebianVersion } from './debian.js';

// Orders stated in deb-version(7) and Debian Policy §5.6.12; the exhaustive check against dpkg's
// own order over real archive versions lives with the patch package's tests.
const ordered: [string, string][] = [
  ['1.0~rc1', '1.0'],
  ['1.0~~', '1.0~'],
  ['1.0~', '1.0'],
  ['1.0', '1.0a'],
  ['1.0a', '1.0+'],
  ['1.0', '1.0-1'],
  ['1.0-1', '1.0-1+deb12u1'],
  ['2.0', '1:0.1'],
  ['1.2.3', '1.2.10'],
  ['1.002', '1.3'],
  ['9', '10'],
  ['1.0-1~bpo1', '1.0-1'],
];

describe('Debian version order', () => {
  it.each(ordered)('%s < %s', (lower, higher) => {
    expect(compareDebianVersions(lower, higher)).toBe(-1);
    expect(compareDebianVersions(higher, lower)).toBe(1);
  });

  it('treats leading zeros and an absent epoch as equal', () => {
    expect(compareDebianVersions('0:1.01', '1.1')).toBe(0);
  });

  it('splits epoch, upstream and the revision after the last hyphen', () => {
    expect(parseDebianVersion('2:1.2-3-4')).toEqual({ epoch: 2, upstream: '1.2-3', revision: '4' });
  });

  it.each(['', 'a1.0', '1:', 'x:1.0', '1.0-'])('refuses %j', (bad) => {
    expect(() => parseDebianVersion(bad)).toThrow('invalid Debian version');
  });
});
