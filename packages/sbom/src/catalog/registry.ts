import type { Cataloger, CatalogerTag } from './cataloger.js';
import { parseNpmLockfile } from './javascript/npm-lock.js';

/**
 * Every cataloger custody has, in one list (syft's registry). The pnpm and yarn parsers load the
 * YAML library and bun's its JSONC reader only when such a lockfile is found, so an npm-only scan
 * never pays for them.
 */
export const catalogers: readonly Cataloger[] = [
  {
    name: 'npm-lock-cataloger',
    globs: ['**/package-lock.json', '**/npm-shrinkwrap.json'],
    tags: ['javascript', 'npm', 'declared', 'directory'],
    parse: (contents, location, env) => parseNpmLockfile(contents, location, env, 'npm-lock-cataloger'),
  },
  {
    name: 'pnpm-lock-cataloger',
    globs: ['**/pnpm-lock.yaml'],
    tags: ['javascript', 'pnpm', 'declared', 'directory'],
    parse: async (contents, location, env) =>
      (await import('./javascript/pnpm-lock.js')).parsePnpmLockfile(contents, location, env),
  },
  {
    name: 'yarn-lock-cataloger',
    globs: ['**/yarn.lock'],
    tags: ['javascript', 'yarn', 'declared', 'directory'],
    parse: async (contents, location, env) =>
      (await import('./javascript/yarn-lock.js')).parseYarnLockfile(contents, location, env),
  },
  {
    name: 'bun-lock-cataloger',
    globs: ['**/bun.lock'],
    tags: ['javascript', 'bun', 'declared', 'directory'],
    parse: async (contents, location, env) =>
      (await import('./javascript/bun-lock.js')).parseBunLockfile(contents, location, env),
  },
  {
    // Bound to the project's package.json; reads the node_modules tree beside it. The catalog
    // runs it only for folders that no lockfile covers ("a lockfile wins").
    name: 'node-modules-cataloger',
    globs: ['**/package.json'],
    tags: ['javascript', 'npm', 'installed', 'directory', 'image'],
    parse: async (contents, location, env) =>
      (await import('./javascript/node-modules.js')).parseNodeModules(contents, location, env),
  },
];

/** The lockfile names the lockfile catalogers read, to tell which folders a lockfile covers. */
export const LOCKFILE_NAMES: ReadonlySet<string> = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'pnpm-lock.yaml',
  'yarn.lock',
  'bun.lock',
]);

/** The catalogers carrying every one of `tags` (all of them when none are given). */
export function selectCatalogers(tags: CatalogerTag[] = []): Cataloger[] {
  return catalogers.filter((c) => tags.every((t) => c.tags.includes(t)));
}
