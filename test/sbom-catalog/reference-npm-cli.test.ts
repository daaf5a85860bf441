import { dirname } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { describeWithReference, requireReferenceData } from '#test-helpers';
import { type CatalogResult, catalogDirectory } from '../../packages/sbom/src/catalog/index.js';
import { checkEdges, checkPackages, componentsNamed, label } from './reference-checks.js';

// Expected values written down by hand from the lockfile; see reference-checks.ts.
describeWithReference('npm/cli package-lock.json (v3)', ['sbom/lockfiles/npm-cli/package-lock.json'], () => {
  let result: CatalogResult;
  beforeAll(async () => {
    result = await catalogDirectory(
      dirname(requireReferenceData('sbom/lockfiles/npm-cli/package-lock.json')),
    );
  });

  it('finds the root package and the lockfile', () => {
    expect(result.manifests).toEqual(['package-lock.json']);
    expect(result.root).toMatchObject({ name: 'npm', version: '10.9.0', type: 'application' });
  });

  it('has one component per name@version', () => {
    // jq -r '.packages | to_entries[] | select(.key|contains("node_modules/")) | select(.value.link != true)
    //   | ((.value.name // (.key|split("node_modules/")|last)) + "@" + .value.version)' | sort -u | wc -l  → 1020
    // plus the 16 folders that are not under node_modules (keys without "node_modules/", minus ""):
    // the workspaces docs, smoke-tests, mock-globals, mock-registry and workspaces/* (12).
    expect(result.components).toHaveLength(1020 + 16);
  });

  it('merges the nested copies of one version into one component', () => {
    // jq '.packages | to_entries[] | select(.key|test("node_modules/minimatch$"))': 15 keys, 13 of
    // them 3.1.2, among them node_modules/eslint/… and node_modules/@eslint/eslintrc/node_modules/minimatch.
    expect(componentsNamed(result, 'minimatch', '3.1.2')).toHaveLength(1);
    const id = componentsNamed(result, 'minimatch', '3.1.2')[0]?.id;
    const parents = result.relationships.filter((r) => r.to === id).map((r) => label(result, r.from));
    expect(parents).toEqual(expect.arrayContaining(['eslint@8.57.0', '@eslint/eslintrc@2.1.4']));
  });

  checkPackages(
    () => result,
    [
      {
        name: 'semver',
        version: '7.6.3',
        integrity:
          'sha512-oVekP1cKtI+CTDvHWYFUcMtsK/00wmAEfyqKfNdARm8u1wNVhSgaX7A8d4UuIlUI5e84iEwOhs7ZPYRmzU9U6A==',
        license: 'ISC',
        scope: 'required',
      },
      {
        name: '@sigstore/tuf',
        version: '3.0.0',
        integrity:
          'sha512-9Xxy/8U5OFJu7s+OsHzI96IX/OzjF/zj0BSSaWhgJgTqtlBhQIV2xdrQI5qxLD7+CWWDepadnXAxzaZ3u9cvRw==',
        scope: 'required',
      },
      {
        name: 'ms',
        version: '2.1.3',
        integrity:
          'sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==',
        license: 'MIT',
      },
      // "dev": true in the lockfile, and only reachable from the root's devDependencies.
      {
        name: 'tap',
        version: '16.3.10',
        integrity:
          'sha512-q5Am+PpGHS6JSjk/Zn4bCRBihmZVM15v/MYXUy60wenw5HDe7pVrevLCEoMEz7tuw6jaPOJJqni1y8apN23IGw==',
        license: 'ISC',
        scope: 'dev',
      },
      {
        name: 'minipass',
        version: '7.1.2',
        integrity:
          'sha512-qOOzS1cBTWYF4BH8fVePDBOO9iptMnGUEZwNc/cMWnTV2nVLZ7VoNWEPHkYczZA0pdoA7dl6e7FL659nX9S2aw==',
      },
      // node_modules/minizlib/node_modules/minipass, and seven other nested copies.
      {
        name: 'minipass',
        version: '3.3.6',
        integrity:
          'sha512-DxiNidxSEK+tHG6zOIklvNOwm3hvCrbUrdtzY74U6HKTJxvIDfOUL5W5P2Ghd3DTkhhKPYGqeNUIh5qcM4YBfw==',
      },
      {
        name: 'minipass',
        version: '5.0.0',
        integrity:
          'sha512-3FnjYuehv9k6ovOEbyOswadCDPX1piCfhV8ncmYtHOjuPwylVWsghTLo7rabjC3Rx5xD4HDx8Wm1xnMF7S5qFQ==',
      },
      {
        name: 'minimatch',
        version: '9.0.5',
        integrity:
          'sha512-G6T0ZX48xgozx7587koeX9Ys2NYy6Gmv//P89sEte9V9whIapMNF4idKxnW2QtCcLiTWlb/wfCabAtAFWhhBow==',
      },
      {
        name: 'minimatch',
        version: '3.1.2',
        integrity:
          'sha512-J7p63hRiAjw1NDEww1W7i37+ByIrOWO5XQQAzZ3VOcL0PNybwpfmV/N05zFAzwQ9USyEcX6t3UO+K5aqBQOIHw==',
      },
      {
        name: 'chokidar',
        version: '3.6.0',
        integrity:
          'sha512-7VT13fmjotKpGipCW9JEQAusEPE+Ei8nl6/g4FBAmIm0GOOLMua9NDDo/DWp0ZAxCr3cPq5ZpBqmPAQgDda2Pw==',
        scope: 'dev',
      },
      // "dev": true, "optional": true: reached only through chokidar's optionalDependencies.
      {
        name: 'fsevents',
        version: '2.3.3',
        integrity:
          'sha512-5xoDfX+fL7faATnagmWPpbFtwh/R77WmMMqqHGS65C3vvB0YHrgF+B1YmZ3441tMj5n63k0212XNoJwzlhffQw==',
        scope: 'dev',
      },
      // "workspaces/arborist": {"version": "8.0.0", "license": "ISC"}, linked from node_modules.
      { name: '@npmcli/arborist', version: '8.0.0', license: 'ISC', workspace: true, scope: 'required' },
    ],
  );

  checkEdges(
    () => result,
    [
      'ROOT -> @sigstore/tuf@3.0.0 prod',
      'ROOT -> tap@16.3.10 dev',
      'ROOT -> @npmcli/arborist@8.0.0 prod',
      '@sigstore/tuf@3.0.0 -> tuf-js@3.0.1 prod',
      '@sigstore/tuf@3.0.0 -> @sigstore/protobuf-specs@0.3.2 prod',
      // minizlib (2.1.2) resolves minipass from its own node_modules (3.3.6); tar (6.2.1) from its own (5.0.0).
      'minizlib@2.1.2 -> minipass@3.3.6 prod',
      'tar@6.2.1 -> minipass@5.0.0 prod',
      'eslint@8.57.0 -> minimatch@3.1.2 prod',
      'chokidar@3.6.0 -> fsevents@2.3.3 optional',
      // workspaces/arborist has no node_modules/semver of its own: the hoisted 7.6.3.
      '@npmcli/arborist@8.0.0 -> semver@7.6.3 prod',
    ],
  );

  it('drops dev-only packages and dev edges with excludeDev', async () => {
    const pruned = await catalogDirectory(
      dirname(requireReferenceData('sbom/lockfiles/npm-cli/package-lock.json')),
      {
        excludeDev: true,
      },
    );
    expect(componentsNamed(pruned, 'tap', '16.3.10')).toHaveLength(0);
    expect(componentsNamed(pruned, 'semver', '7.6.3')).toHaveLength(1);
    expect(pruned.relationships.some((r) => r.dependencyKind === 'dev')).toBe(false);
    expect(pruned.components.every((c) => c.scope !== 'dev')).toBe(true);
  });
});
