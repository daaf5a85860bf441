import type { CatalogedProject } from '../assemble.js';

/**
 * A small project written by hand the way a cataloger reports an npm lockfile: a root with a
 * production, a dev and an optional dependency, a scoped package, a transitive edge, integrity
 * hashes, a license needing a `LicenseRef-` and one that is not an SPDX expression at all.
 */
export function handBuiltProject(): CatalogedProject {
  return {
    root: {
      id: 'pkg:npm/demo-app@1.0.0',
      type: 'application',
      name: 'demo-app',
      version: '1.0.0',
      purl: 'pkg:npm/demo-app@1.0.0',
      vcs: {
        url: 'https://git.example.test/demo-app.git',
        commit: '0123456789abcdef0123456789abcdef01234567',
      },
      licenses: { declared: { expression: 'MIT' } },
    },
    components: [
      {
        id: 'pkg:npm/left-pad@1.3.0',
        type: 'library',
        name: 'left-pad',
        version: '1.3.0',
        purl: 'pkg:npm/left-pad@1.3.0',
        scope: 'required',
        hashes: [
          {
            algorithm: 'SHA-512',
            value: `B4A24A3F${'0123456789ABCDEF'.repeat(7)}01234567`,
          },
        ],
        downloadLocation: 'https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz',
        licenses: { declared: { expression: 'WTFPL' } },
        filesAnalyzed: false,
      },
      {
        id: 'pkg:npm/%40types/node@20.11.0',
        type: 'library',
        name: '@types/node',
        version: '20.11.0',
        purl: 'pkg:npm/%40types/node@20.11.0',
        scope: 'dev',
        hashes: [{ algorithm: 'SHA-1', value: '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567' }],
        licenses: { declared: { expression: 'MIT' } },
      },
      {
        id: 'pkg:npm/fsevents@2.3.3',
        type: 'library',
        name: 'fsevents',
        version: '2.3.3',
        purl: 'pkg:npm/fsevents@2.3.3',
        scope: 'optional',
        licenses: { declared: { expression: 'LicenseRef-Custom-Terms', raw: 'Custom Terms' } },
      },
      {
        id: 'pkg:npm/undici-types@5.26.5',
        type: 'library',
        name: 'undici-types',
        version: '5.26.5',
        purl: 'pkg:npm/undici-types@5.26.5',
        scope: 'dev',
        // Not an SPDX expression: the writer must repair it, never write it as is.
        licenses: { declared: { expression: 'see LICENSE file' } },
      },
    ],
    relationships: [
      {
        from: 'pkg:npm/demo-app@1.0.0',
        to: 'pkg:npm/left-pad@1.3.0',
        type: 'DEPENDS_ON',
        dependencyKind: 'prod',
      },
      {
        from: 'pkg:npm/demo-app@1.0.0',
        to: 'pkg:npm/%40types/node@20.11.0',
        type: 'DEPENDS_ON',
        dependencyKind: 'dev',
      },
      {
        from: 'pkg:npm/demo-app@1.0.0',
        to: 'pkg:npm/fsevents@2.3.3',
        type: 'DEPENDS_ON',
        dependencyKind: 'optional',
      },
      {
        from: 'pkg:npm/%40types/node@20.11.0',
        to: 'pkg:npm/undici-types@5.26.5',
        type: 'DEPENDS_ON',
        dependencyKind: 'prod',
      },
    ],
    licenseDefinitions: [
      { id: 'LicenseRef-Custom-Terms', name: 'Custom Terms', text: 'Use at your own risk.' },
    ],
    warnings: [],
  };
}
