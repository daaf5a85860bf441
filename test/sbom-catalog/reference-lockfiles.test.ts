import { dirname } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { describeWithReference, requireReferenceData } from '#test-helpers';
import { type CatalogResult, catalogDirectory } from '../../packages/sbom/src/catalog/index.js';
import type { Component } from '../../packages/sbom/src/model/index.js';

/**
 * Real lockfiles of real projects, read through the reference-data resolver. Every expected value
 * here was written down by hand from reading the lockfile (grep, jq, awk, base64); the comment on
 * each count says how. Hashes are given as the lockfile's SRI string and decoded by Node's base64,
 * independently of custody's integrity parser.
 */

/** `name@version` of a component (`ROOT` for the root), for readable edge assertions. */
function label(result: CatalogResult, id: string): string {
  if (id === result.root.id) return 'ROOT';
  const component = result.components.find((c) => c.id === id);
  return component === undefined ? `?${id}` : `${component.name}@${component.version ?? ''}`;
}

/** Components by name and version (`''` for a component whose version is unknown). */
function componentsNamed(result: CatalogResult, name: string, version: string): Component[] {
  return result.components.filter((c) => c.name === name && (c.version ?? '') === version);
}

function edgesOf(result: CatalogResult): Set<string> {
  return new Set(
    result.relationships
      .filter((r) => r.type === 'DEPENDS_ON')
      .map((r) => `${label(result, r.from)} -> ${label(result, r.to)} ${r.dependencyKind}`),
  );
}

function hexOfSri(sri: string): string {
  return Buffer.from(sri.slice(sri.indexOf('-') + 1), 'base64').toString('hex');
}

interface ExpectedPackage {
  name: string;
  version: string;
  /** The SRI string as the lockfile writes it (npm, pnpm, yarn v1). */
  integrity?: string;
  license?: string;
  scope?: 'required' | 'optional' | 'dev';
  alias?: string;
  workspace?: boolean;
  properties?: Record<string, string>;
}

function checkPackages(get: () => CatalogResult, packages: ExpectedPackage[]): void {
  it.each(packages)('has $name@$version once, with what the lockfile says', (expected) => {
    const found = componentsNamed(get(), expected.name, expected.version);
    expect(found).toHaveLength(1);
    const component = found[0] as Component;
    expect(component.purl).toMatch(/^pkg:npm\//);
    expect(component.filesAnalyzed).toBe(false);
    if (expected.integrity !== undefined) {
      const algorithm = expected.integrity.startsWith('sha1-') ? 'SHA-1' : 'SHA-512';
      expect(component.hashes).toContainEqual({ algorithm, value: hexOfSri(expected.integrity) });
    }
    if (expected.license !== undefined)
      expect(component.licenses?.declared?.expression).toBe(expected.license);
    if (expected.scope !== undefined) expect(component.scope).toBe(expected.scope);
    if (expected.alias !== undefined && component.metadata?.kind === 'npm')
      expect(component.metadata.aliases).toContain(expected.alias);
    if (expected.workspace !== undefined && component.metadata?.kind === 'npm')
      expect(component.metadata.workspace ?? false).toBe(expected.workspace);
    if (expected.properties !== undefined) expect(component.properties).toMatchObject(expected.properties);
  });
}

function checkEdges(get: () => CatalogResult, edges: string[]): void {
  it.each(edges)('records the edge %s', (edge) => {
    expect(edgesOf(get())).toContain(edge);
  });
}

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

describeWithReference('vite pnpm-lock.yaml (v9)', ['sbom/lockfiles/vite/pnpm-lock.yaml'], () => {
  let result: CatalogResult;
  beforeAll(async () => {
    result = await catalogDirectory(dirname(requireReferenceData('sbom/lockfiles/vite/pnpm-lock.yaml')));
  });

  it('has one component per package and per workspace member', () => {
    // awk '/^packages:/{p=1;next} /^snapshots:/{p=0} p && /^  [^ ]/' pnpm-lock.yaml | wc -l  → 1405 packages
    //   (no duplicates after `sort | uniq -d`);
    // awk '/^importers:/{p=1;next} /^packages:/{p=0} p && /^  [^ ]/' | wc -l → 279 importers, 278 besides `.`;
    // grep -c 'resolution: {directory:' → 109 folder packages, every one of them an importer's folder
    //   (pnpm's injected workspace packages), so they are those members, not new components.
    expect(result.components).toHaveLength(1405 + 278 - 109);
    expect(result.components.filter((c) => c.metadata?.kind === 'npm' && c.metadata.workspace)).toHaveLength(
      278,
    );
  });

  it('merges peer-suffix variants into one component with the edges of both', () => {
    // snapshots: postcss-load-config@6.0.1(jiti@1.21.7)(…) and postcss-load-config@6.0.1(jiti@2.7.0)(…).
    expect(componentsNamed(result, 'postcss-load-config', '6.0.1')).toHaveLength(1);
    const edges = edgesOf(result);
    expect(edges).toContain('postcss-load-config@6.0.1 -> jiti@1.21.7 optional');
    expect(edges).toContain('postcss-load-config@6.0.1 -> jiti@2.7.0 optional');
    expect(edges).toContain('postcss-load-config@6.0.1 -> lilconfig@3.1.3 prod');
  });

  checkPackages(
    () => result,
    [
      {
        name: '@babel/core',
        version: '7.29.7',
        integrity:
          'sha512-RgHBCvtjbOK2gXSNBNIkNoEc9qoVEtau3hj8gEqKQuL3HZAibKarWFEI3Lfm6EYKkLalOh8eSrj9b+ch9H/VBA==',
      },
      {
        name: 'rolldown',
        version: '1.2.4',
        integrity:
          'sha512-rSr7irW0K7QRWzjdJXqZowkcRdDtjRduh43rBltnVKd0VFq839l1lJoDvGJb6gl7+4rTTCrPWu+YfujUL8Ug7w==',
      },
      {
        name: '@types/node',
        version: '24.13.3',
        integrity:
          'sha512-Dh8vAsV36ig5wa9OX4pXvMc9D3Veibfw2wix0CUwYODLD8nkj9UsLjASr49nPg+2eKzxhBV+v7L8pXvT4e639Q==',
      },
      // overrides: `debug: npm:obug@^1.0.2`: snapshots say `debug: obug@1.0.2(ms@2.1.3)`.
      {
        name: 'obug',
        version: '1.0.2',
        integrity:
          'sha512-Q3KPMFHLmJ4KENpj3HNkzU7nngmrgXrr7h19DHx/8+hNAD2St6zzb8Mamfj3VzrVTbjnIyu94WwPBO5yAB+kCQ==',
        alias: 'debug',
      },
      {
        name: 'fsevents',
        version: '2.3.3',
        integrity:
          'sha512-5xoDfX+fL7faATnagmWPpbFtwh/R77WmMMqqHGS65C3vvB0YHrgF+B1YmZ3441tMj5n63k0212XNoJwzlhffQw==',
      },
      {
        name: 'clipboard',
        version: '2.0.11',
        integrity:
          'sha512-C+0bbOqkezLIsmWSvlsXS0Q0bmkugu7jcfMIACB+RDEntIzQIkdr148we28AfSloQLRdZlYL/QYyrq05j/3Faw==',
      },
      {
        name: 'postcss-load-config',
        version: '6.0.1',
        integrity:
          'sha512-oPtTM4oerL+UXmx+93ytZVN82RrlY/wPUV8IeDxFrzIjXOLF1pN+EmKPLbubvKHT2HC20xXsCAH2Z+CKV6Oz/g==',
      },
      // `.` devDependencies: `@types/node` etc. Only dev paths reach `@eslint/js`.
      { name: '@eslint/js', version: '9.39.5', scope: 'dev' },
      { name: '@vitejs/plugin-vue', version: '6.0.8' },
      { name: 'chokidar', version: '3.6.0' },
      { name: 'sirv', version: '3.0.2' },
      { name: 'vue', version: '3.5.41' },
    ],
  );

  checkEdges(
    () => result,
    [
      'ROOT -> @types/node@24.13.3 dev',
      'ROOT -> @eslint/js@9.39.5 dev',
      // patched: chokidar@3.6.0(patch_hash=…) keeps its dependencies and the optional fsevents.
      'chokidar@3.6.0 -> fsevents@2.3.3 optional',
      'chokidar@3.6.0 -> readdirp@3.6.0 prod',
      // `vite: link:packages/vite` inside a snapshot: the workspace member (no package.json here,
      // so it is named by the link).
      '@vitejs/plugin-vue@6.0.8 -> vite@ prod',
      '@vitejs/plugin-vue@6.0.8 -> @rolldown/pluginutils@1.0.1 prod',
    ],
  );
});

describeWithReference(
  'jest yarn.lock (Berry, __metadata.version 10)',
  ['sbom/lockfiles/jest/yarn.lock'],
  () => {
    let result: CatalogResult;
    beforeAll(async () => {
      result = await catalogDirectory(dirname(requireReferenceData('sbom/lockfiles/jest/yarn.lock')));
    });

    it('has one component per resolution', () => {
      // grep -c '^"' yarn.lock → 2227 entries, each with one `resolution:` (all distinct, `sort -u`);
      // minus the project itself (`@jest/monorepo@workspace:.`) and the 6 `@patch:` resolutions,
      // each a patch of an npm resolution of the same name and version also in the file
      // (@types/mdx 2.0.14, fsevents 2.3.3, lru-cache 10.4.3, resolve 1.22.12, ts-node 10.9.2,
      // typescript 5.9.3).
      expect(result.components).toHaveLength(2227 - 1 - 6);
      // grep '^  resolution:' | grep -c '@workspace:' → 71, minus the root.
      expect(
        result.components.filter((c) => c.metadata?.kind === 'npm' && c.metadata.workspace),
      ).toHaveLength(70);
    });

    it('keeps the Berry checksum as a property, never as a hash', () => {
      const babel = componentsNamed(result, '@babel/core', '7.29.7')[0];
      expect(babel?.properties?.['yarn:checksum']).toBe(
        '10/38e71cf81db790b0bb2a3a0c8140c2b1c87576b61dc6be676de4fab8c3be871af590a739e8c489fe8e8f9a8e5899fa11e35e59e9e09d40b259c6a675f2f98928',
      );
      expect(result.components.every((c) => c.hashes === undefined)).toBe(true);
    });

    checkPackages(
      () => result,
      [
        { name: '@babel/core', version: '7.29.7' },
        // "@babel-8/core@npm:@babel/core@^8.0.0": an alias of @babel/core 8.0.1.
        { name: '@babel/core', version: '8.0.1', alias: '@babel-8/core' },
        { name: 'acorn', version: '8.18.0' },
        // Workspaces say `version: 0.0.0-use.local`; their package.json files are not in the
        // reference data, so the version is unknown.
        { name: 'jest', version: '', workspace: true },
        { name: 'jest-cli', version: '', workspace: true },
        { name: '@jest/core', version: '', workspace: true },
        // `@types/node@npm:18.x` is what package.json `resolutions: {"@types/node": "18.x"}` makes.
        { name: '@types/node', version: '18.19.130' },
        { name: 'fsevents', version: '2.3.3' },
        {
          name: 'lru-cache',
          version: '10.4.3',
          properties: {
            'yarn:patch':
              'patch:lru-cache@npm%3A10.4.3#./.yarn/patches/lru-cache-npm-10.4.3-30c10b861a.patch::version=10.4.3&hash=e5e8aa&locator=%40jest%2Fmonorepo%40workspace%3A.',
          },
        },
        { name: 'typescript', version: '5.9.3' },
        { name: '@11ty/gray-matter', version: '1.0.0' },
        { name: 'convert-source-map', version: '2.0.0' },
      ],
    );

    checkEdges(
      () => result,
      [
        'ROOT -> jest@ prod',
        'jest@ -> jest-cli@ prod',
        'jest@ -> @jest/core@ prod',
        'jest-cli@ -> @jest/core@ prod',
        '@babel/core@7.29.7 -> convert-source-map@2.0.0 prod',
        // `js-yaml: "npm:^4.1.0"` → the entry "js-yaml@npm:^4.1.0", version 4.3.1.
        '@11ty/gray-matter@1.0.0 -> js-yaml@4.3.1 prod',
      ],
    );
  },
);

describeWithReference('webpack yarn.lock (v1)', ['sbom/lockfiles/webpack/yarn.lock'], () => {
  let result: CatalogResult;
  beforeAll(async () => {
    result = await catalogDirectory(dirname(requireReferenceData('sbom/lockfiles/webpack/yarn.lock')));
  });

  it('has one component per name@version', () => {
    // grep -c '^[^# ].*:$' yarn.lock → 1397 entries, 1397 distinct "key name@version" (awk over the
    // header and `version` lines); 6 are npm aliases (grep '@npm:'), and 4 of them
    // (prettier-2, string-width-cjs, strip-ansi-cjs, wrap-ansi-cjs) alias a version that also has
    // its own entry, so they are the same component.
    expect(result.components).toHaveLength(1397 - 4);
  });

  checkPackages(
    () => result,
    [
      {
        name: '@babel/code-frame',
        version: '7.29.7',
        integrity:
          'sha512-Aup7aUOfpbAUg2ROOJN6Iw5f9DMBlzu0mIkm/malLQFN/YQgO48wCj0Kxa3sEHJvPVFg7siR+qRInwXd2qhQKw==',
      },
      {
        name: 'acorn',
        version: '7.4.1',
        integrity:
          'sha512-nQyp0o1/mNdbTO1PO6kHkwSrmgZ0MT/jCCpNiwbUjGoRN4dlBhqJtoQuCnEOKzgTVwg0ZWiCoQy6SxMebQVh8A==',
      },
      {
        name: 'string-width',
        version: '4.2.3',
        integrity:
          'sha512-wKyQRQpjJ0sIp62ErSZdGsjMJWsap5oRNihHhu6G7JVO/9jIB6UyevL+tXuOqrng8j/cxKTWyWUwvSTriiZz/g==',
        alias: 'string-width-cjs',
      },
      {
        name: 'prettier',
        version: '2.8.8',
        integrity:
          'sha512-tdN8qQGvNjw4CHbY+XXk0JgCXn9QiF21a55rBe5LJAU+kDyC4WQn4+awm2Xfk2lQMk5fKup9XgzTZtGkjBdP9Q==',
        alias: 'prettier-2',
        scope: 'dev',
      },
      {
        name: 'webpack-sources',
        version: '3.5.1',
        integrity:
          'sha512-jyuiGJdtvY434z5bUZrjz67v76/ePNvFZTp9Mdz29IlH4+GPsgyGjiv0fKI+M7BdkU6ADjulUcKAd3tUK3WlEw==',
        scope: 'required',
      },
      {
        name: 'fsevents',
        version: '2.3.3',
        integrity:
          'sha512-5xoDfX+fL7faATnagmWPpbFtwh/R77WmMMqqHGS65C3vvB0YHrgF+B1YmZ3441tMj5n63k0212XNoJwzlhffQw==',
      },
      // "tooling@webpack/tooling#v1.28.1": a GitHub dependency, no integrity.
      { name: 'tooling', version: '1.28.1', scope: 'dev' },
      { name: 'react-is', version: '18.3.1', alias: 'react-is-18' },
      { name: 'react-is', version: '19.2.7', alias: 'react-is-19' },
    ],
  );

  it('gives a GitHub dependency a vcs_url purl and no hash', () => {
    const tooling = componentsNamed(result, 'tooling', '1.28.1')[0];
    expect(tooling?.purl).toContain('vcs_url=');
    expect(tooling?.hashes).toBeUndefined();
    expect(tooling?.downloadLocation).toBe(
      'https://codeload.github.com/webpack/tooling/tar.gz/4c13a00ac84cf0e2dd57c457cd1ce46faa9e456a',
    );
  });

  checkEdges(
    () => result,
    [
      // package.json "dependencies": acorn ^8.16.0, webpack-sources ^3.5.1; "devDependencies": prettier ^3.8.2, tooling.
      'ROOT -> webpack-sources@3.5.1 prod',
      'ROOT -> tooling@1.28.1 dev',
      '@babel/code-frame@7.29.7 -> js-tokens@4.0.0 prod',
      'tooling@1.28.1 -> @yarnpkg/lockfile@1.1.0 prod',
    ],
  );
});
