import { dirname } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { describeWithReference, requireReferenceData } from '#test-helpers';
import { type CatalogResult, catalogDirectory } from '../../packages/sbom/src/catalog/index.js';
import { checkEdges, checkPackages, componentsNamed, edgesOf } from './reference-checks.js';

// Expected values written down by hand from the lockfile; see reference-checks.ts.
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
