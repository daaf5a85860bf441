import type { Component } from '@custody/sbom';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type PackageBan } from '../model/policy.js';
import { packageEvaluator } from './package-rule.js';

function outcome(ban: PackageBan, purl: string, version?: string): string {
  const component: Component = { id: 'c', type: 'library', name: 'c', purl };
  if (version !== undefined) component.version = version;
  return packageEvaluator
    .prepare({ id: 'p', kind: 'package', severity: 'high', mode: 'enforce', deny: [ban] }, DEFAULT_SETTINGS)
    .evaluate(component).outcome;
}

// Expected values from each ecosystem's documented order: npm's semver ranges (node-semver
// README), deb-version(7), PEP 440, Maven's version order specification.
const cases: [string, PackageBan, string, string | undefined, 'pass' | 'fail'][] = [
  [
    'exact purl, any version',
    { purl: 'pkg:npm/event-stream' },
    'pkg:npm/event-stream@3.3.6',
    '3.3.6',
    'fail',
  ],
  ['other package', { purl: 'pkg:npm/event-stream' }, 'pkg:npm/event-stream-x@1.0.0', '1.0.0', 'pass'],
  ['scoped glob', { purl: 'pkg:npm/@evil/*' }, 'pkg:npm/%40evil/core@1.0.0', '1.0.0', 'fail'],
  ['glob with version', { purl: 'pkg:npm/lodash@4.17.*' }, 'pkg:npm/lodash@4.17.20', '4.17.20', 'fail'],
  [
    'npm caret range inside',
    { purl: 'pkg:npm/lodash', versions: '<4.17.21' },
    'pkg:npm/lodash@4.17.20',
    '4.17.20',
    'fail',
  ],
  [
    'npm range outside',
    { purl: 'pkg:npm/lodash', versions: '<4.17.21' },
    'pkg:npm/lodash@4.17.21',
    '4.17.21',
    'pass',
  ],
  [
    'npm OR range',
    { purl: 'pkg:npm/ua-parser-js', versions: '0.7.29 || 0.8.0 || 1.0.0' },
    'pkg:npm/ua-parser-js@0.8.0',
    '0.8.0',
    'fail',
  ],
  [
    'npm prerelease excluded by default',
    { purl: 'pkg:npm/x', versions: '<2.0.0' },
    'pkg:npm/x@2.0.0-rc.1',
    '2.0.0-rc.1',
    'pass',
  ],
  [
    'debian epoch and revision',
    { purl: 'pkg:deb/debian/openssl', versions: '<3.0.11-1~deb12u2' },
    'pkg:deb/debian/openssl@3.0.11-1~deb12u1?arch=amd64',
    '3.0.11-1~deb12u1',
    'fail',
  ],
  [
    'debian tilde sorts before',
    { purl: 'pkg:deb/debian/openssl', versions: '>=3.0.11-1' },
    'pkg:deb/debian/openssl@3.0.11-1~deb12u1',
    '3.0.11-1~deb12u1',
    'pass',
  ],
  [
    'debian epoch wins',
    { purl: 'pkg:deb/debian/x', versions: '<2.0' },
    'pkg:deb/debian/x@1:1.0',
    '1:1.0',
    'pass',
  ],
  [
    'pypi pre-release before final',
    { purl: 'pkg:pypi/requests', versions: '<2.31.0' },
    'pkg:pypi/requests@2.31.0rc1',
    '2.31.0rc1',
    'fail',
  ],
  [
    'pypi post-release after final',
    { purl: 'pkg:pypi/requests', versions: '<=2.31.0' },
    'pkg:pypi/requests@2.31.0.post1',
    '2.31.0.post1',
    'pass',
  ],
  [
    'maven log4shell range',
    { purl: 'pkg:maven/org.apache.logging.log4j/log4j-core', versions: '>=2.0-beta9, <2.15.0' },
    'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
    '2.14.1',
    'fail',
  ],
  [
    'maven rc before release',
    { purl: 'pkg:maven/org.apache.logging.log4j/log4j-core', versions: '>=2.0-beta9, <2.15.0' },
    'pkg:maven/org.apache.logging.log4j/log4j-core@2.15.0-rc1',
    '2.15.0-rc1',
    'fail',
  ],
  [
    'maven release outside',
    { purl: 'pkg:maven/org.apache.logging.log4j/log4j-core', versions: '>=2.0-beta9, <2.15.0' },
    'pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1',
    '2.17.1',
    'pass',
  ],
  [
    'maven group glob',
    { purl: 'pkg:maven/org.apache.logging.log4j/*', versions: '<2.17.1' },
    'pkg:maven/org.apache.logging.log4j/log4j-api@2.16.0',
    '2.16.0',
    'fail',
  ],
  [
    'no version with a range',
    { purl: 'pkg:npm/lodash', versions: '<5' },
    'pkg:npm/lodash',
    undefined,
    'pass',
  ],
];

describe('package rule', () => {
  it.each(cases)('%s', (_, ban, purl, version, expected) => {
    expect(outcome(ban, purl, version)).toBe(expected);
  });

  it('passes a component without purl', () => {
    const verdict = packageEvaluator
      .prepare(
        { id: 'p', kind: 'package', severity: 'high', mode: 'enforce', deny: [{ purl: 'pkg:npm/*' }] },
        DEFAULT_SETTINGS,
      )
      .evaluate({ id: 'c', type: 'library', name: 'c' });
    expect(verdict.outcome).toBe('pass');
  });
});

it('treats a purl type named like an Object member as a type without an order of its own', () => {
  expect(outcome({ purl: 'pkg:constructor/x', versions: '<2.0.0' }, 'pkg:constructor/x@1.0.0', '1.0.0')).toBe(
    'fail',
  );
});
