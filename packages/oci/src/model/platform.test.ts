import { expect, test } from 'vitest';
import { parsePlatform, platformMatches } from './platform.js';

test.each([
  ['linux/amd64', { os: 'linux', architecture: 'amd64' }, true],
  ['linux/arm64', { os: 'linux', architecture: 'arm64', variant: 'v8' }, true],
  ['linux/arm64/v8', { os: 'linux', architecture: 'arm64' }, true],
  ['linux/arm/v7', { os: 'linux', architecture: 'arm', variant: 'v6' }, false],
  ['linux/arm', { os: 'linux', architecture: 'arm', variant: 'v7' }, true],
  ['windows/amd64', { os: 'linux', architecture: 'amd64' }, false],
])('%s matches %j: %s', (want, have, expected) => {
  expect(platformMatches(parsePlatform(want), have)).toBe(expected);
});

test.each([['linux'], ['linux/'], ['a/b/c/d'], ['linux/arm/']])('refuses %j', (input) => {
  expect(() => parsePlatform(input)).toThrow(/invalid platform/);
});
