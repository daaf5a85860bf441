import { parsePurl } from '@custody/core';
import { describe, expect, it } from 'vitest';
import { component, edges, expectInputError, packages, parse } from '../__fixtures__/harness.js';
import { parsePnpmLockfile } from './pnpm-lock.js';

// Written from pnpm's lockfile format (pnpm/spec lockfile/6.0.md and 9.0.md) and the shapes
// pnpm 8 and 9 wrote in test/sbom-catalog.
// pnpm 7's lockfile 5.4 (pnpm/spec lockfile/5.md): `/name/version_peer` keys, importer
// dependencies as plain strings beside `specifiers`.
const V5 = `lockfileVersion: 5.4

importers:

  .:
    specifiers:
      dom-alias: npm:react-dom@^18
      member: workspace:*
      react: ^18.2.0
      react-dom: ^18.2.0
      tarred: file:vendor/tarred-1.0.0.tgz
    dependencies:
      dom-alias: /react-dom/18.2.0_react@17.0.2
      member: link:packages/member
      react-dom: 18.2.0_react@18.2.0
      tarred: file:vendor/tarred-1.0.0.tgz
    devDependencies:
      react: 18.2.0

  packages/member:
    specifiers:
      gitdep: github:u/gitdep
      react: ^17
    dependencies:
      gitdep: github.com/u/gitdep/0123456789abcdef0123456789abcdef01234567
      react: 17.0.2

packages:

  /react-dom/18.2.0_react@18.2.0:
    resolution: {integrity: sha512-AAAA}
    peerDependencies:
      react: ^18.2.0
    dependencies:
      react: 18.2.0
      scheduler: 0.23.0
    dev: false

  /react-dom/18.2.0_react@17.0.2:
    resolution: {integrity: sha512-AAAA}
    dependencies:
      react: 17.0.2
      scheduler: 0.23.0
    dev: false

  /react/18.2.0:
    resolution: {integrity: sha512-BBBB}
    dev: true

  /react/17.0.2:
    resolution: {integrity: sha512-CCCC}
    dev: false

  /scheduler/0.23.0:
    resolution: {integrity: sha512-DDDD}
    dev: false

  file:vendor/tarred-1.0.0.tgz:
    resolution: {integrity: sha512-EEEE, tarball: file:vendor/tarred-1.0.0.tgz}
    name: tarred
    version: 1.0.0
    dev: false

  github.com/u/gitdep/0123456789abcdef0123456789abcdef01234567:
    resolution: {tarball: https://codeload.github.com/u/gitdep/tar.gz/0123456789abcdef0123456789abcdef01234567}
    name: gitdep
    version: 2.0.0
    dev: false
`;

const V6 = `lockfileVersion: '6.0'

importers:

  .:
    dependencies:
      react-dom:
        specifier: ^18.2.0
        version: 18.2.0(react@18.2.0)
      dom-alias:
        specifier: npm:react-dom@^18
        version: /react-dom@18.2.0(react@17.0.2)
      tarred:
        specifier: file:vendor/tarred-1.0.0.tgz
        version: file:vendor/tarred-1.0.0.tgz
      member:
        specifier: workspace:*
        version: link:packages/member
    devDependencies:
      react:
        specifier: ^18.2.0
        version: 18.2.0

  packages/member:
    dependencies:
      gitdep:
        specifier: github:u/gitdep
        version: github.com/u/gitdep/0123456789abcdef0123456789abcdef01234567
      react:
        specifier: ^17
        version: 17.0.2

packages:

  /react-dom@18.2.0(react@18.2.0):
    resolution: {integrity: sha512-AAAA}
    peerDependencies:
      react: ^18.2.0
    dependencies:
      react: 18.2.0
      scheduler: 0.23.0
    dev: false

  /react-dom@18.2.0(react@17.0.2):
    resolution: {integrity: sha512-AAAA}
    dependencies:
      react: 17.0.2
      scheduler: 0.23.0
    dev: false

  /react@18.2.0:
    resolution: {integrity: sha512-BBBB}
    dev: true

  /react@17.0.2:
    resolution: {integrity: sha512-CCCC}
    dev: false

  /scheduler@0.23.0:
    resolution: {integrity: sha512-DDDD}
    dev: false

  file:vendor/tarred-1.0.0.tgz:
    resolution: {integrity: sha512-EEEE, tarball: file:vendor/tarred-1.0.0.tgz}
    name: tarred
    version: 1.0.0
    dev: false

  github.com/u/gitdep/0123456789abcdef0123456789abcdef01234567:
    resolution: {tarball: https://codeload.github.com/u/gitdep/tar.gz/0123456789abcdef0123456789abcdef01234567}
    name: gitdep
    version: 2.0.0
    dev: false
`;

const V9 = `lockfileVersion: '9.0'

importers:

  .:
    dependencies:
      react-dom:
        specifier: ^18.2.0
        version: 18.2.0(react@18.2.0)
      dom-alias:
        specifier: npm:react-dom@^18
        version: react-dom@18.2.0(react@17.0.2)
      tarred:
        specifier: file:vendor/tarred-1.0.0.tgz
        version: file:vendor/tarred-1.0.0.tgz
      member:
        specifier: workspace:*
        version: link:packages/member
    devDependencies:
      react:
        specifier: ^18.2.0
        version: 18.2.0

  packages/member:
    dependencies:
      gitdep:
        specifier: github:u/gitdep
        version: https://codeload.github.com/u/gitdep/tar.gz/0123456789abcdef0123456789abcdef01234567
      react:
        specifier: ^17
        version: 17.0.2

packages:

  react-dom@18.2.0:
    resolution: {integrity: sha512-AAAA}
    peerDependencies:
      react: ^18.2.0

  react@18.2.0:
    resolution: {integrity: sha512-BBBB}

  react@17.0.2:
    resolution: {integrity: sha512-CCCC}

  scheduler@0.23.0:
    resolution: {integrity: sha512-DDDD}

  tarred@file:vendor/tarred-1.0.0.tgz:
    resolution: {integrity: sha512-EEEE, tarball: file:vendor/tarred-1.0.0.tgz}
    version: 1.0.0

  gitdep@https://codeload.github.com/u/gitdep/tar.gz/0123456789abcdef0123456789abcdef01234567:
    resolution: {tarball: https://codeload.github.com/u/gitdep/tar.gz/0123456789abcdef0123456789abcdef01234567}
    version: 2.0.0

snapshots:

  react-dom@18.2.0(react@18.2.0):
    dependencies:
      react: 18.2.0
      scheduler: 0.23.0

  react-dom@18.2.0(react@17.0.2):
    dependencies:
      react: 17.0.2
      scheduler: 0.23.0

  react@18.2.0: {}

  react@17.0.2: {}

  scheduler@0.23.0: {}

  tarred@file:vendor/tarred-1.0.0.tgz: {}

  gitdep@https://codeload.github.com/u/gitdep/tar.gz/0123456789abcdef0123456789abcdef01234567: {}
`;

const MEMBER = JSON.stringify({ name: 'member', version: '0.1.0', license: 'MIT' });

describe.each([
  ['5.4', V5],
  ['v6', V6],
  ['v9', V9],
])('pnpm-lock.yaml %s', (_, text) => {
  const files = { 'pnpm-lock.yaml': text, 'packages/member/package.json': MEMBER };

  it('merges peer-suffix variants and aliases into one component per name@version', async () => {
    const parsed = await parse(parsePnpmLockfile, 'pnpm-lock.yaml', files);
    expect(packages(parsed)).toEqual([
      'gitdep@2.0.0',
      'member@0.1.0',
      'react-dom@18.2.0',
      'react@17.0.2',
      'react@18.2.0',
      'scheduler@0.23.0',
      'tarred@1.0.0',
    ]);
    expect(component(parsed, 'react-dom@18.2.0')?.metadata).toMatchObject({ aliases: ['dom-alias'] });
  });

  it('keeps the edges of every variant, and importer sections as edge kinds', async () => {
    const parsed = await parse(parsePnpmLockfile, 'pnpm-lock.yaml', files);
    expect(edges(parsed)).toEqual([
      'ROOT -> member@0.1.0 prod',
      'ROOT -> react-dom@18.2.0 prod',
      'ROOT -> react@18.2.0 dev',
      'ROOT -> tarred@1.0.0 prod',
      'member@0.1.0 -> gitdep@2.0.0 prod',
      'member@0.1.0 -> react@17.0.2 prod',
      'react-dom@18.2.0 -> react@17.0.2 prod',
      'react-dom@18.2.0 -> react@18.2.0 prod',
      'react-dom@18.2.0 -> scheduler@0.23.0 prod',
    ]);
  });

  it('qualifies tarball and git purls and names workspace members by their package.json', async () => {
    const parsed = await parse(parsePnpmLockfile, 'pnpm-lock.yaml', files);
    expect(parsePurl(component(parsed, 'tarred@1.0.0')?.purl ?? '').qualifiers).toEqual({
      download_url: 'file:vendor/tarred-1.0.0.tgz',
    });
    expect(component(parsed, 'gitdep@2.0.0')?.metadata).toMatchObject({ source: 'git' });
    expect(component(parsed, 'member@0.1.0')).toMatchObject({
      licenses: { declared: { expression: 'MIT' } },
      metadata: { workspace: true },
    });
  });
});

describe('pnpm-lock.yaml errors', () => {
  it.each([
    [
      'an unknown version',
      "lockfileVersion: '4.2'\n",
      'UNSUPPORTED_LOCKFILE_VERSION',
      /lockfile version '4\.2' is not supported/,
    ],
    [
      'invalid YAML, on its line',
      "lockfileVersion: '9.0'\nimporters:\n  a: b: c\n",
      'MALFORMED_LOCKFILE',
      /pnpm-lock\.yaml:3: invalid YAML/,
    ],
    [
      'a file cut at a line boundary',
      "lockfileVersion: '9.0'\n\nimporters:\n  .: {}\n\npackages:\n\n  a@1.0.0:\n",
      'MALFORMED_LOCKFILE',
      /package "a@1\.0\.0" has no resolution \(truncated\?\)/,
    ],
    [
      'v9 packages without snapshots',
      "lockfileVersion: '9.0'\n\npackages:\n\n  a@1.0.0:\n    resolution: {integrity: sha512-AAAA}\n",
      'MALFORMED_LOCKFILE',
      /has "packages" but no "snapshots" \(truncated\?\)/,
    ],
    [
      'a truncated file',
      "lockfileVersion: '9.0'\n\nimporters:\n  .:\n    dependencies:\n      a:\n        specifier: ^1",
      'MALFORMED_LOCKFILE',
      /pnpm-lock\.yaml:7: truncated/,
    ],
  ])('%s', (_, text, code, message) =>
    expectInputError(parsePnpmLockfile, 'pnpm-lock.yaml', text, code, message),
  );
});
