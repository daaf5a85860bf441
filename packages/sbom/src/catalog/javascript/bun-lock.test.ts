import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { component, edges, expectInputError, packages, parse } from '../__fixtures__/harness.js';
import { parseBunLockfile } from './bun-lock.js';

const SRI = `sha512-${createHash('sha512').update('a').digest('base64')}`;

// The text bun.lock as bun 1.4 writes it (see test/sbom-catalog): JSON with trailing commas,
// packages keyed by install path (`d/b` is b nested under d, `@s/x/@s/y` scoped under scoped).
const LOCK = `{
  "lockfileVersion": 1,
  "workspaces": {
    "": {
      "name": "app",
      "dependencies": {
        "@s/x": "^1.0.0",
        "b-alias": "npm:b@^1.0.0",
        "t": "file:vendor/t-1.0.0.tgz",
      },
      "devDependencies": {
        "d": "^1.0.0",
      },
      "optionalDependencies": {
        "o": "^1.0.0",
      },
    },
    "packages/member": {
      "name": "member",
      "version": "0.1.0",
      "dependencies": {
        "b": "^2.0.0",
      },
    },
  },
  "packages": {
    "@s/x": ["@s/x@1.0.0", "", { "dependencies": { "@s/y": "^1.0.0", "b": "^1.0.0" } }, "${SRI}"],

    "@s/x/@s/y": ["@s/y@1.0.0", "", {}, "${SRI}"],

    "b": ["b@1.0.0", "", {}, "${SRI}"],

    "b-alias": ["b@1.0.0", "", {}, "${SRI}"],

    "d": ["d@1.0.0", "https://registry.example/d/-/d-1.0.0.tgz", { "dependencies": { "b": "^2.0.0" } }, "${SRI}"],

    "d/b": ["b@2.0.0", "", {}, "${SRI}"],

    "member": ["member@workspace:packages/member"],

    "member/b": ["b@2.0.0", "", {}, "${SRI}"],

    "o": ["o@1.0.0", "", {}, "${SRI}"],

    "t": ["t@vendor/t-1.0.0.tgz", {}, "${SRI}"],
  }
}
`;

describe('bun.lock', () => {
  const files = {
    'bun.lock': LOCK,
    'node_modules/t/package.json': JSON.stringify({ name: 't', version: '1.0.0' }),
  };

  it('reads registry, nested, aliased, tarball and workspace packages', async () => {
    const parsed = await parse(parseBunLockfile, 'bun.lock', files);
    expect(packages(parsed)).toEqual([
      '@s/x@1.0.0',
      '@s/y@1.0.0',
      'b@1.0.0',
      'b@2.0.0',
      'd@1.0.0',
      'member@0.1.0',
      'o@1.0.0',
      't@1.0.0',
    ]);
    expect(component(parsed, 'b@1.0.0')?.metadata).toMatchObject({ aliases: ['b-alias'] });
    expect(component(parsed, 't@1.0.0')?.metadata).toMatchObject({
      source: 'file',
      resolved: 'file:vendor/t-1.0.0.tgz',
    });
    expect(component(parsed, 'd@1.0.0')?.downloadLocation).toBe('https://registry.example/d/-/d-1.0.0.tgz');
    expect(component(parsed, 'o@1.0.0')?.hashes).toEqual([
      { algorithm: 'SHA-512', value: createHash('sha512').update('a').digest('hex') },
    ]);
  });

  it('resolves dependencies from the nearest install path, scoped names included', async () => {
    const parsed = await parse(parseBunLockfile, 'bun.lock', files);
    expect(edges(parsed)).toEqual([
      '@s/x@1.0.0 -> @s/y@1.0.0 prod',
      '@s/x@1.0.0 -> b@1.0.0 prod',
      'ROOT -> @s/x@1.0.0 prod',
      'ROOT -> b@1.0.0 prod',
      'ROOT -> d@1.0.0 dev',
      'ROOT -> member@0.1.0 prod',
      'ROOT -> o@1.0.0 optional',
      'ROOT -> t@1.0.0 prod',
      'd@1.0.0 -> b@2.0.0 prod',
      'member@0.1.0 -> b@2.0.0 prod',
    ]);
  });

  it.each([
    [
      'an unknown version',
      '{"lockfileVersion": 7}\n',
      'UNSUPPORTED_LOCKFILE_VERSION',
      /lockfile version 7 is not supported/,
    ],
    [
      'malformed JSON, on its line',
      '{\n  "lockfileVersion": 1,\n  "packages": { "a" ["a@1.0.0"] },\n}\n',
      'MALFORMED_LOCKFILE',
      /^bun\.lock:3: invalid JSON: unexpected "\[" at column 21$/,
    ],
    [
      'a truncated file',
      '{\n  "lockfileVersion": 1,\n  "packages": {\n',
      'MALFORMED_LOCKFILE',
      /bun\.lock:3: truncated JSON/,
    ],
    [
      'an entry that is not an array',
      '{"lockfileVersion": 1, "packages": {"a": "a@1.0.0"}}\n',
      'MALFORMED_LOCKFILE',
      /"packages" entry "a" is not an \[ident, …\] array/,
    ],
  ])('rejects %s', (_, text, code, message) =>
    expectInputError(parseBunLockfile, 'bun.lock', text, code, message),
  );
});
