import { dirname } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { describeWithReference, requireReferenceData } from '#test-helpers';
import { type CatalogResult, catalogDirectory } from '../../packages/sbom/src/catalog/index.js';
import { checkEdges, checkPackages, componentsNamed } from './reference-checks.js';

// Expected values written down by hand from the lockfile; see reference-checks.ts.
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
