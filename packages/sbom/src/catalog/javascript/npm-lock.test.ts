import { parsePurl } from '@custody/core';
import { describe, expect, it } from 'vitest';
import { component, edges, expectInputError, packages, parse } from '../__fixtures__/harness.js';
import { parseNpmLockfile } from './npm-lock.js';

const lock = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

describe('package-lock.json v2/v3', () => {
  const v3 = lock({
    name: 'app',
    lockfileVersion: 3,
    packages: {
      '': {
        name: 'app',
        workspaces: ['packages/*'],
        dependencies: { a: '^1', 'b-alias': 'npm:b@^2' },
        devDependencies: { d: '^1' },
        optionalDependencies: { o: '^1' },
      },
      'node_modules/a': {
        version: '1.0.0',
        integrity: 'sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAA=',
        license: 'MIT',
        dependencies: { b: '^1' },
      },
      'node_modules/b': { version: '1.0.0' },
      'node_modules/b-alias': { name: 'b', version: '2.0.0', resolved: 'https://r.example/b/-/b-2.0.0.tgz' },
      'node_modules/d': { version: '1.0.0', dev: true, dependencies: { b: '^2' } },
      'node_modules/d/node_modules/b': { version: '2.0.0', dev: true },
      'node_modules/o': { version: '1.0.0', optional: true },
      'node_modules/g': {
        version: '1.0.0',
        resolved: 'git+ssh://git@github.com/u/g.git#0123456789abcdef0123456789abcdef01234567',
      },
      'node_modules/m': { resolved: 'packages/m', link: true },
      'packages/m': { name: 'm', version: '0.1.0', dependencies: { g: '^1' }, devDependencies: { a: '^1' } },
    },
  });

  it('makes one component per package, nested copies of one version included', async () => {
    const parsed = await parse(parseNpmLockfile, 'package-lock.json', { 'package-lock.json': v3 });
    expect(packages(parsed)).toEqual([
      'a@1.0.0',
      'b@1.0.0',
      'b@2.0.0',
      'd@1.0.0',
      'g@1.0.0',
      'm@0.1.0',
      'o@1.0.0',
    ]);
    expect(component(parsed, 'b@2.0.0')?.metadata).toMatchObject({
      aliases: ['b-alias'],
      lockfilePaths: ['node_modules/b-alias', 'node_modules/d/node_modules/b'],
    });
  });

  it('resolves dependencies the way Node does, through links to workspace members', async () => {
    const parsed = await parse(parseNpmLockfile, 'package-lock.json', { 'package-lock.json': v3 });
    expect(edges(parsed)).toEqual([
      'ROOT -> a@1.0.0 prod',
      'ROOT -> b@2.0.0 prod',
      'ROOT -> d@1.0.0 dev',
      'ROOT -> m@0.1.0 prod',
      'ROOT -> o@1.0.0 optional',
      'a@1.0.0 -> b@1.0.0 prod',
      'd@1.0.0 -> b@2.0.0 prod',
      'm@0.1.0 -> a@1.0.0 dev',
      'm@0.1.0 -> g@1.0.0 prod',
    ]);
    expect(component(parsed, 'm@0.1.0')?.metadata).toMatchObject({ workspace: true, source: 'workspace' });
  });

  it('gives git packages a vcs_url purl and keeps integrity as hashes', async () => {
    const parsed = await parse(parseNpmLockfile, 'package-lock.json', { 'package-lock.json': v3 });
    // Read back through packageurl-js, the purl reference implementation.
    expect(parsePurl(component(parsed, 'g@1.0.0')?.purl ?? '')).toEqual({
      type: 'npm',
      name: 'g',
      version: '1.0.0',
      qualifiers: { vcs_url: 'git+ssh://git@github.com/u/g.git#0123456789abcdef0123456789abcdef01234567' },
    });
    expect(component(parsed, 'a@1.0.0')?.hashes).toEqual([{ algorithm: 'SHA-1', value: '0'.repeat(40) }]);
    expect(component(parsed, 'a@1.0.0')?.licenses?.declared?.expression).toBe('MIT');
    expect(component(parsed, 'b@2.0.0')?.downloadLocation).toBe('https://r.example/b/-/b-2.0.0.tgz');
  });
});

describe('package-lock.json v1', () => {
  const v1 = lock({
    name: 'app',
    lockfileVersion: 1,
    requires: true,
    dependencies: {
      a: { version: '1.0.0', integrity: 'sha512-AAAA', requires: { b: '^1' } },
      b: { version: '1.0.0' },
      'b-alias': { version: 'npm:b@2.0.0' },
      d: {
        version: '1.0.0',
        dev: true,
        requires: { b: '^2' },
        dependencies: { b: { version: '2.0.0', dev: true } },
      },
      g: { version: 'github:u/g#0123456789abcdef0123456789abcdef01234567', from: 'github:u/g' },
      l: { version: 'file:libs/l', requires: { a: '^1' } },
    },
  });
  const files = {
    'package-lock.json': v1,
    'package.json': JSON.stringify({
      name: 'app',
      dependencies: { a: '^1', 'b-alias': 'npm:b@2', g: 'github:u/g', l: 'file:libs/l' },
      devDependencies: { d: '^1' },
    }),
    'libs/l/package.json': JSON.stringify({ name: 'l', version: '3.0.0', license: 'ISC' }),
  };

  it('rebuilds the tree from nested dependencies, with aliases, git and linked folders', async () => {
    const parsed = await parse(parseNpmLockfile, 'package-lock.json', files);
    // The git package has no version in a v1 lockfile and is not installed: its commit stands in.
    expect(packages(parsed)).toEqual([
      'a@1.0.0',
      'b@1.0.0',
      'b@2.0.0',
      'd@1.0.0',
      'g@0123456789abcdef0123456789abcdef01234567',
      'l@3.0.0',
    ]);
    expect(edges(parsed)).toContain('d@1.0.0 -> b@2.0.0 prod');
    expect(edges(parsed)).toContain('ROOT -> b@2.0.0 prod');
    expect(edges(parsed)).toContain('l@3.0.0 -> a@1.0.0 prod');
    expect(component(parsed, 'l@3.0.0')?.licenses?.declared?.expression).toBe('ISC');
    expect(component(parsed, 'g@0123456789abcdef0123456789abcdef01234567')?.metadata).toMatchObject({
      source: 'git',
    });
  });

  it('without a package.json, hangs every top-level package on the root by its flags', async () => {
    const parsed = await parse(parseNpmLockfile, 'package-lock.json', { 'package-lock.json': v1 });
    expect(edges(parsed)).toContain('ROOT -> d@1.0.0 dev');
    expect(edges(parsed)).toContain('ROOT -> a@1.0.0 prod');
  });
});

describe('npm lockfile errors', () => {
  it.each([
    [
      'malformed JSON, on line 3',
      '{\n  "lockfileVersion": 3,\n  "packages": {,\n}\n',
      'MALFORMED_LOCKFILE',
      /^package-lock\.json:3: invalid JSON: unexpected "," at column 16$/,
    ],
    [
      'truncated JSON',
      '{\n  "lockfileVersion": 3,\n  "packages": {\n    "": {}',
      'MALFORMED_LOCKFILE',
      /package-lock\.json:4: truncated JSON/,
    ],
    [
      'an unknown lockfileVersion',
      '{"lockfileVersion": 4, "packages": {}}\n',
      'UNSUPPORTED_LOCKFILE_VERSION',
      /lockfile version 4 is not supported/,
    ],
    [
      'no lockfileVersion',
      '{"dependencies": {}}\n',
      'UNSUPPORTED_LOCKFILE_VERSION',
      /lockfile version null is not supported/,
    ],
    ['v3 without packages', '{"lockfileVersion": 3}\n', 'MALFORMED_LOCKFILE', /has no "packages" object/],
  ])('%s', (_, text, code, message) =>
    expectInputError(parseNpmLockfile, 'package-lock.json', text, code, message),
  );
});
