import { dirname } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { describeWithReference, requireReferenceData } from '#test-helpers';
import { type CatalogResult, catalogDirectory } from '../../packages/sbom/src/catalog/index.js';
import { checkEdges, checkPackages, componentsNamed } from './reference-checks.js';

// Expected values written down by hand from the lockfile; see reference-checks.ts.
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
