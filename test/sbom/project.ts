import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** An npm integrity string and the hex digest it encodes, both made here (not by custody). */
function integrityOf(text: string): { integrity: string; sha512: string } {
  const digest = createHash('sha512').update(text).digest();
  return { integrity: `sha512-${digest.toString('base64')}`, sha512: digest.toString('hex') };
}

export const LEFT_PAD = integrityOf('left-pad-1.3.0');
export const TYPES_NODE = integrityOf('@types/node-20.11.0');

/**
 * A project with a package-lock.json v3 written by hand from npm's documentation
 * (docs.npmjs.com/cli/v10/configuring-npm/package-lock-json): a production dependency with a
 * nested one, a dev dependency, an optional one and a scoped package. Counted by hand: 5
 * packages besides the root; edges root→left-pad, root→chalk, root→@types/node (dev),
 * root→fsevents (optional), chalk→ansi-styles.
 */
export async function writeSmallNpmProject(dir: string, name = 'demo-app'): Promise<void> {
  await mkdir(dir, { recursive: true });
  const manifest = {
    name,
    version: '1.0.0',
    license: 'MIT',
    dependencies: { 'left-pad': '^1.3.0', chalk: '^4.1.2' },
    devDependencies: { '@types/node': '^20.11.0' },
    optionalDependencies: { fsevents: '^2.3.3' },
  };
  const lock = {
    name,
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { ...manifest },
      'node_modules/left-pad': {
        version: '1.3.0',
        resolved: 'https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz',
        integrity: LEFT_PAD.integrity,
        license: 'WTFPL',
      },
      'node_modules/chalk': {
        version: '4.1.2',
        resolved: 'https://registry.npmjs.org/chalk/-/chalk-4.1.2.tgz',
        integrity: integrityOf('chalk-4.1.2').integrity,
        license: 'MIT',
        dependencies: { 'ansi-styles': '^4.1.0' },
      },
      'node_modules/ansi-styles': {
        version: '4.3.0',
        resolved: 'https://registry.npmjs.org/ansi-styles/-/ansi-styles-4.3.0.tgz',
        integrity: integrityOf('ansi-styles-4.3.0').integrity,
        license: 'MIT',
      },
      'node_modules/@types/node': {
        version: '20.11.0',
        resolved: 'https://registry.npmjs.org/@types/node/-/node-20.11.0.tgz',
        integrity: TYPES_NODE.integrity,
        dev: true,
        license: 'MIT',
      },
      'node_modules/fsevents': {
        version: '2.3.3',
        resolved: 'https://registry.npmjs.org/fsevents/-/fsevents-2.3.3.tgz',
        integrity: integrityOf('fsevents-2.3.3').integrity,
        optional: true,
        license: 'MIT',
        os: ['darwin'],
      },
    },
  };
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(join(dir, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
}
