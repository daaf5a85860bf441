import picomatch from 'picomatch';
import { dirnameOf, joinPath, type Resolver } from '../../resolver/index.js';
import { expectObject, parseJson } from '../syntax.js';

/** The fields of a package.json that cataloging reads. */
export interface PackageManifest {
  name?: string;
  version?: string;
  license?: unknown;
  licenses?: unknown;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  /** npm/yarn/bun `workspaces`: a list of globs, or yarn v1's `{packages: [...]}`. */
  workspaces?: string[] | { packages?: string[] };
  /** npm 6 writes these into installed package.json files. */
  _resolved?: string;
  _integrity?: string;
}

/** The workspace globs of a manifest, whichever form they take. */
export function workspaceGlobs(manifest: PackageManifest | undefined): string[] {
  const workspaces = manifest?.workspaces;
  const list = Array.isArray(workspaces)
    ? workspaces
    : Array.isArray(workspaces?.packages)
      ? workspaces.packages
      : [];
  // `./packages/*` and `packages/*/` name the same folders as `packages/*`.
  return list
    .filter((w): w is string => typeof w === 'string')
    .map((w) => w.replace(/^\.\//, '').replace(/\/+$/, ''));
}

/**
 * Reads `DIR/package.json`. A missing file is undefined; a malformed one is an input error when
 * `strict` (the project's own manifest), and undefined otherwise (an installed package's).
 */
export async function readPackageManifest(
  resolver: Resolver,
  dir: string,
  strict = false,
): Promise<PackageManifest | undefined> {
  const path = joinPath(dir, 'package.json');
  const text = await resolver.tryReadText(path);
  if (text === undefined) return undefined;
  try {
    return expectObject(
      parseJson(text, resolver.displayPath(path)),
      resolver.displayPath(path),
      'package.json',
    ) as PackageManifest;
  } catch (error) {
    if (strict) throw error;
    return undefined;
  }
}

/** The license a manifest declares (`license`, or the legacy `licenses` array). */
export function manifestLicense(manifest: PackageManifest | undefined): unknown {
  if (manifest === undefined) return undefined;
  return manifest.license ?? manifest.licenses;
}

/** A workspace member: its folder (relative to the project) and manifest. */
export interface WorkspaceMember {
  path: string;
  manifest: PackageManifest;
}

/**
 * The workspace members of the project in `projectDir`: folders matching its `workspaces` globs
 * that hold a package.json (for lockfiles that do not list members themselves: yarn v1).
 */
export async function findWorkspaceMembers(
  resolver: Resolver,
  projectDir: string,
  globs: string[],
): Promise<WorkspaceMember[]> {
  if (globs.length === 0) return [];
  const matches = picomatch(globs);
  const prefix = projectDir === '' ? '' : `${projectDir}/`;
  const folders: string[] = [];
  for (const path of await resolver.paths()) {
    if (!path.endsWith('/package.json') || !path.startsWith(prefix) || path.includes('node_modules/'))
      continue;
    const folder = dirnameOf(path.slice(prefix.length));
    if (folder !== '' && matches(folder)) folders.push(folder);
  }
  const members = await Promise.all(
    folders.map(async (path) => ({
      path,
      manifest: await readPackageManifest(resolver, joinPath(projectDir, path)),
    })),
  );
  return members.filter((m): m is WorkspaceMember => m.manifest !== undefined);
}
