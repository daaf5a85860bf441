import { formatPurl, type Logger, npmPurl } from '@custody/core';
import picomatch from 'picomatch';
import { normalizeLicenseCached } from '../license/index.js';
import type { Component, LicenseDefinition, Relationship } from '../model/index.js';
import { DirectoryResolver, dirnameOf, type Resolver } from '../resolver/index.js';
import type { Cataloger } from './cataloger.js';
import { addInstalledLicenses } from './javascript/installed.js';
import { manifestLicense, type PackageManifest, readPackageManifest } from './javascript/package-json.js';
import { assignScopes, CatalogMerger } from './merge.js';
import { catalogers as allCatalogers, LOCKFILE_NAMES } from './registry.js';
import { readGitInfo } from './vcs.js';

/** How a directory is cataloged. */
export interface CatalogOptions {
  /** Globs (picomatch, relative to the directory) of files and folders to leave out. */
  exclude?: string[];
  /** Leave out dev-only packages (every path from the root goes through a dev edge) and dev edges. */
  excludeDev?: boolean;
  /** Walk into `node_modules` folders when looking for manifests. */
  includeNodeModules?: boolean;
  logger?: Logger;
}

/** What cataloging a directory found. */
export interface CatalogResult {
  /** The project at the directory's root (type `application`); not repeated in `components`. */
  root: Component;
  /** Every other component, sorted by id. */
  components: Component[];
  /** Dependency edges (root → direct dependencies and workspace members, package → package). */
  relationships: Relationship[];
  /** `LicenseRef-` definitions the declared licenses need. */
  licenseDefinitions: LicenseDefinition[];
  /** Manifests read, relative to the directory, sorted. */
  manifests: string[];
  /** Problems tolerated on the way (no manifest found, dependencies missing from a lockfile). */
  warnings: string[];
}

/** The project component of a folder, from its package.json (or the folder's name). */
function projectComponent(
  dir: string,
  manifest: PackageManifest | undefined,
  fallbackName: string,
): { component: Component; definitions: LicenseDefinition[] } {
  const name = typeof manifest?.name === 'string' && manifest.name !== '' ? manifest.name : undefined;
  const version =
    typeof manifest?.version === 'string' && manifest.version !== '' ? manifest.version : undefined;
  const purl =
    name !== undefined
      ? npmPurl(name, version)
      : formatPurl({ type: 'generic', name: fallbackName === '' ? 'project' : fallbackName });
  const component: Component = {
    id: purl,
    type: 'application',
    name: name ?? (fallbackName === '' ? 'project' : fallbackName),
    purl,
    filesAnalyzed: false,
  };
  if (version !== undefined) component.version = version;
  if (manifest !== undefined) {
    component.evidence = [{ path: dir === '' ? 'package.json' : `${dir}/package.json` }];
    component.metadata = { kind: 'npm' };
  }
  const definitions: LicenseDefinition[] = [];
  const license = manifestLicense(manifest);
  if (typeof license === 'string' && license.trim() !== '') {
    const normalized = normalizeLicenseCached(license);
    component.licenses = { declared: normalized.statement };
    definitions.push(...normalized.definitions);
  }
  return { component, definitions };
}

/** The folder a manifest belongs to. */
function projectDirOf(path: string): string {
  return dirnameOf(path);
}

/** True when `dir` or a folder above it holds a lockfile. */
function coveredByLockfile(dir: string, lockfileDirs: Set<string>): boolean {
  let current = dir;
  for (;;) {
    if (lockfileDirs.has(current)) return true;
    if (current === '') return false;
    current = dirnameOf(current);
  }
}

/**
 * A matcher of a cataloger's globs. A glob that is a file name in any folder (a globstar, a
 * slash, then a plain name: every built-in one) matches by file name, as picomatch would with
 * `dot: true`, without compiling a pattern; any other goes through picomatch.
 */
function globsMatcher(globs: readonly string[]): (path: string) => boolean {
  const names = globs.map((glob) => (/^\*\*\/[^*?[\]{}()!+/\\]+$/.test(glob) ? glob.slice(3) : undefined));
  if (names.some((name) => name === undefined)) return picomatch([...globs], { dot: true });
  return (path) => names.some((name) => path === name || path.endsWith(`/${name}`));
}

/** The manifests each cataloger reads among `paths`, applying "a lockfile wins over node_modules". */
export function selectManifests(paths: string[], catalogers: readonly Cataloger[]): [Cataloger, string][] {
  const lockfileDirs = new Set<string>();
  for (const path of paths) {
    const base = path.slice(path.lastIndexOf('/') + 1);
    if (LOCKFILE_NAMES.has(base) && !path.includes('node_modules/')) lockfileDirs.add(dirnameOf(path));
  }
  const selected: [Cataloger, string][] = [];
  for (const cataloger of catalogers) {
    const matches = globsMatcher(cataloger.globs);
    for (const path of paths) {
      if (!matches(path)) continue;
      if (cataloger.tags.includes('installed')) {
        if (path.includes('node_modules/') || coveredByLockfile(projectDirOf(path), lockfileDirs)) continue;
      }
      selected.push([cataloger, path]);
    }
  }
  return selected;
}

/**
 * Catalogs every supported manifest a resolver holds, under a given root component. The same
 * package found through several manifests or paths is one component with several incoming edges.
 */
export async function catalogResolver(
  resolver: Resolver,
  root: Component,
  options: CatalogOptions & { catalogers?: readonly Cataloger[] } = {},
): Promise<Omit<CatalogResult, 'root'>> {
  const paths = await resolver.paths();
  const selected = selectManifests(paths, options.catalogers ?? allCatalogers);
  const merger = new CatalogMerger();
  // The project a manifest belongs to: the root for `dir` itself, else the folder's package.json.
  type Project = ReturnType<typeof projectComponent>;
  const projects = new Map<string, Promise<Project>>([
    ['', Promise.resolve({ component: root, definitions: [] })],
  ]);
  const projectOf = (dir: string): Promise<Project> => {
    let project = projects.get(dir);
    if (project === undefined) {
      project = readPackageManifest(resolver, dir, true).then((manifest) =>
        projectComponent(dir, manifest, dir.slice(dir.lastIndexOf('/') + 1)),
      );
      projects.set(dir, project);
    }
    return project;
  };
  // Progress draws only on a terminal; a scan of a large tree shows which manifest it is on.
  const progress = options.logger?.progress('cataloging');
  let done = 0;
  const results = await Promise.all(
    selected.map(async ([cataloger, path]) => {
      const dir = projectDirOf(path);
      const project = await projectOf(dir);
      const contents = await resolver.readText(path);
      options.logger?.debug(`${cataloger.name}: ${path}`);
      const parsed = await cataloger.parse(contents, resolver.location(path), {
        resolver,
        projectId: project.component.id,
        ...(options.logger !== undefined ? { logger: options.logger } : {}),
      });
      await addInstalledLicenses(parsed, resolver, dir);
      progress?.update(`${++done}/${selected.length} ${path}`);
      return { path, dir, project, parsed };
    }),
  );
  progress?.done();
  const manifests: string[] = [];
  for (const { path, dir, project, parsed } of results) {
    // The node_modules cataloger reports nothing for a package.json with no node_modules beside it.
    if (parsed.components.length === 0 && parsed.relationships.length === 0 && path.endsWith('package.json'))
      continue;
    if (dir !== '') {
      // A project nested in the scanned folder with its own manifest: the root contains it.
      merger.addComponent(project.component);
      for (const d of project.definitions) merger.licenseDefinitions.set(d.id, d);
      merger.addRelationship({ from: root.id, to: project.component.id, type: 'CONTAINS' });
    }
    merger.add(parsed);
    manifests.push(path);
  }
  merger.components.delete(root.id);
  assignScopes(root.id, merger.components.values(), merger.relationships.values());
  let components = [...merger.components.values()];
  let relationships = [...merger.relationships.values()];
  if (options.excludeDev) {
    const dropped = new Set(components.filter((c) => c.scope === 'dev').map((c) => c.id));
    components = components.filter((c) => !dropped.has(c.id));
    relationships = relationships.filter(
      (r) => r.dependencyKind !== 'dev' && !dropped.has(r.from) && !dropped.has(r.to),
    );
  }
  components.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  relationships.sort((a, b) =>
    a.from !== b.from
      ? a.from < b.from
        ? -1
        : 1
      : a.to !== b.to
        ? a.to < b.to
          ? -1
          : 1
        : a.type < b.type
          ? -1
          : a.type > b.type
            ? 1
            : 0,
  );
  const warnings = [...merger.warnings];
  if (manifests.length === 0)
    warnings.push(
      `no supported manifest under ${resolver.description}; the SBOM describes the root package alone`,
    );
  const licenseDefinitions = [...merger.licenseDefinitions.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  return { components, relationships, licenseDefinitions, manifests: manifests.sort(), warnings };
}

/**
 * Finds every supported manifest under `dir` (skipping node_modules and .git unless asked) and
 * catalogs it into components and DEPENDS_ON edges under a root component for the directory.
 */
export async function catalogDirectory(dir: string, options: CatalogOptions = {}): Promise<CatalogResult> {
  const resolver = new DirectoryResolver(dir, {
    ...(options.exclude !== undefined ? { exclude: options.exclude } : {}),
    ...(options.includeNodeModules !== undefined ? { includeNodeModules: options.includeNodeModules } : {}),
  });
  await resolver.check();
  const [manifest, vcs] = await Promise.all([readPackageManifest(resolver, '', true), readGitInfo(dir)]);
  const { component: root, definitions } = projectComponent('', manifest, resolver.rootName);
  if (vcs !== undefined) root.vcs = vcs;
  const result = await catalogResolver(resolver, root, options);
  for (const d of definitions)
    if (!result.licenseDefinitions.some((x) => x.id === d.id)) result.licenseDefinitions.push(d);
  return { root, ...result };
}
