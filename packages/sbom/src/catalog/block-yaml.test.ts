import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { OutsideSubset, parseBlockYaml, splitYamlDocuments } from './block-yaml.js';

// The `yaml` library is the oracle: on every text inside the subset, the fast reader must give
// exactly what it gives.
describe('the fast reader of lockfile YAML', () => {
  it.each([
    ['nested maps', 'a:\n  b:\n    c: 1.0.0\n  d: x\n'],
    ['quoted keys and values', "'@s/n@1.0.0':\n  k: 'it''s'\n  \"q\": \"a\\tb\"\n"],
    [
      'flow maps and sequences',
      "r: {integrity: sha512-AB+/==, tarball: https://x.example/a.tgz}\ne: {}\nc: [x64, arm64]\nn: {node: '>=12'}\n",
    ],
    ['block sequences', "list:\n  - a\n  - '@b/c'\n"],
    ['scalars', "t: true\nf: false\nn: null\ni: 10\nv: 1.2.3\ns: '6.0'\nk: 10c0/abc\n"],
    ['keys with colons', 'file:../x.tgz:\n  version: 1.0.0\n/a@1.0.0(b@2.0.0):\n  dev: false\n'],
    ['comments and blank lines', '# head\n\na: 1\n\n# between\nb: 2\n'],
  ])('%s', (_, text) => {
    expect(parseBlockYaml(text)).toEqual(parse(text));
  });

  it.each([
    ['anchors', 'a: &x 1\nb: *x\n'],
    ['block scalars', 'a: |\n  text\n'],
    ['multi-line flow', 'a: {b: 1,\n  c: 2}\n'],
    ['a plain scalar with ": "', 'a: b: c\n'],
    ['tabs', 'a:\n\tb: 1\n'],
  ])('leaves %s to the yaml library', (_, text) => {
    expect(() => parseBlockYaml(text)).toThrow(OutsideSubset);
  });

  it('splits pnpm 10 multi-document lockfiles', () => {
    const docs = splitYamlDocuments(
      "---\nlockfileVersion: '9.0'\nimporters: {}\n\n---\nlockfileVersion: '9.0'\n",
    );
    expect(docs.map((d) => parseBlockYaml(d))).toEqual([
      { lockfileVersion: '9.0', importers: {} },
      { lockfileVersion: '9.0' },
    ]);
  });
});
