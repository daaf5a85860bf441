import picomatch from 'picomatch';
import type { DependencyKind } from '../../model/index.js';
import { dirnameOf, joinPath, type Location, type Resolver } from '../../resolver/index.js';
import type { CatalogEnvironment, ParsedPackages } from '../cataloger.js';
import { expectObject, malformed, parseJson, unsupportedVersion } from '../syntax.js';
import { type JsPackage, JsPackageGraph, sourceOf } from './package-builder.js';
import { type PackageManifest, readPackageManifest, workspaceGlobs } from './package-json.js';

/**
 * One `packages` entry of a v2/v3 lockfile (npm/cli docs: package-lock-json.md): the manifest
 * fields npm copies, and where and how it installed the package.
 */
export interface NpmLockEntry
  extends Pick<
    PackageManifest,
    | 'name'
    | 'version'
    | 'license'
    | 'dependencies'
    | 'devDependencies'
    | 'optionalDependencies'
    | 'peerDependencies'
    | 'peerDependenciesMeta'
    | 'workspaces'
  > {
  resolved?: string;
  integrity?: string;
  link?: boolean;
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
}

/** A v1 `dependencies` entry (nested). */
interface NpmV1Entry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dev?: boolean;
  optional?: boolean;
  requires?: Record<string, string>;
  dependencies?: Record<string, NpmV1Entry>;
}

const NODE_MODULES = 'node_modules/';

/** The package name a `node_modules/…` key installs (the last segment, scoped or not). */
export function nameFromKey(key: string): string {
  const i = key.lastIndexOf(NODE_MODULES);
  return i < 0 ? key.slice(key.lastIndexOf('/') + 1) : key.slice(i + NODE_MODULES.length);
}

/** The key of the package `name` as Node's resolution finds it from the package at `from`. */
export function resolveNodeModules(
  packages: Record<string, NpmLockEntry>,
  from: string,
  name: string,
): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base === '' ? NODE_MODULES + name : `${base}/${NODE_MODULES}${name}`;
    if (packages[candidate] !== undefined) return candidate;
    if (base === '') return undefined;
    const i = base.lastIndexOf(`/${NODE_MODULES}`);
    base = i < 0 ? '' : base.slice(0, i);
  }
}

/** A root entry made from the project's package.json, for lockfiles that do not record one. */
function rootEntryOf(manifest: PackageManifest | undefined): NpmLockEntry | undefined {
  if (manifest === undefined) return undefined;
  const entry: NpmLockEntry = {};
  if (manifest.dependencies !== undefined) entry.dependencies = manifest.dependencies;
  if (manifest.devDependencies !== undefined) entry.devDependencies = manifest.devDependencies;
  if (manifest.optionalDependencies !== undefined) entry.optionalDependencies = manifest.optionalDependencies;
  if (manifest.peerDependencies !== undefined) entry.peerDependencies = manifest.peerDependencies;
  if (manifest.workspaces !== undefined) entry.workspaces = manifest.workspaces;
  return entry;
}

/** A root entry for a lockfile with no package.json beside it: every top-level package. */
function rootEntryFromTopLevel(packages: Record<string, NpmLockEntry>): NpmLockEntry {
  const entry: Required<Pick<NpmLockEntry, 'dependencies' | 'devDependencies' | 'optionalDependencies'>> = {
    dependencies: {},
    devDependencies: {},
    optionalDependencies: {},
  };
  for (const [key, value] of Object.entries(packages)) {
    if (!key.startsWith(NODE_MODULES) || key.indexOf(`/${NODE_MODULES}`) >= 0) continue;
    const name = nameFromKey(key);
    if (value.dev || value.devOptional) entry.devDependencies[name] = '*';
    else if (value.optional) entry.optionalDependencies[name] = '*';
    else entry.dependencies[name] = '*';
  }
  return entry;
}

/** Converts a v1 spec that is not a version (`npm:`, `file:`, git) into entry fields. */
async function v1Entry(
  key: string,
  dep: NpmV1Entry,
  projectDir: string,
  resolver: Resolver,
  out: Record<string, NpmLockEntry>,
): Promise<void> {
  const spec = dep.version ?? '';
  const entry: NpmLockEntry = {};
  if (dep.resolved !== undefined) entry.resolved = dep.resolved;
  if (dep.integrity !== undefined) entry.integrity = dep.integrity;
  if (dep.dev) entry.dev = true;
  if (dep.optional) entry.optional = true;
  if (dep.requires !== undefined) entry.dependencies = dep.requires;
  const alias = /^npm:((?:@[^/]+\/)?[^@]+)@(.+)$/.exec(spec);
  if (alias !== null) {
    entry.name = alias[1] as string;
    entry.version = alias[2] as string;
  } else if (spec.startsWith('file:') && sourceOf(spec) === 'link') {
    // npm 6 records a linked folder as `"version": "file:path"`; the folder's package.json
    // has its real name and version.
    const target = joinPath(spec.slice('file:'.length));
    const manifest = await readPackageManifest(resolver, joinPath(projectDir, target));
    out[key] = { link: true, resolved: target };
    out[target] = {
      name: manifest?.name ?? nameFromKey(key),
      version: manifest?.version ?? '0.0.0',
      ...(dep.requires !== undefined ? { dependencies: dep.requires } : {}),
      ...(manifest?.license !== undefined ? { license: manifest.license } : {}),
    };
    return;
  } else if (/^\d/.test(spec)) {
    entry.version = spec;
  } else {
    // A git or tarball spec: the lockfile has no version number; an installed copy does.
    entry.resolved = dep.resolved ?? spec;
    const installed = await readPackageManifest(resolver, joinPath(projectDir, key));
    entry.version = installed?.version ?? /#([0-9a-f]{7,40})$/.exec(spec)?.[1] ?? spec;
  }
  out[key] = entry;
}

/** The `packages` map of a v1 lockfile, rebuilt from its nested `dependencies`. */
async function packagesFromV1(
  dependencies: Record<string, NpmV1Entry>,
  projectDir: string,
  resolver: Resolver,
): Promise<Record<string, NpmLockEntry>> {
  const out: Record<string, NpmLockEntry> = {};
  const pending: Promise<void>[] = [];
  const walk = (deps: Record<string, NpmV1Entry>, prefix: string): void => {
    for (const [name, dep] of Object.entries(deps)) {
      if (dep === null || typeof dep !== 'object') continue;
      const key = `${prefix}${NODE_MODULES}${name}`;
      pending.push(v1Entry(key, dep, projectDir, resolver, out));
      if (dep.dependencies !== undefined) walk(dep.dependencies, `${key}/`);
    }
  };
  walk(dependencies, '');
  await Promise.all(pending);
  return out;
}

/** The project folder of a lockfile (`node_modules/.package-lock.json` belongs to its parent). */
function projectDirOf(path: string): string {
  const dir = dirnameOf(path);
  return dir === 'node_modules' || dir.endsWith('/node_modules') ? dirnameOf(dir) : dir;
}

/** Catalogs a `packages` map (lockfile v2/v3, hidden lockfile, or v1 rebuilt) into a graph. */
export function catalogNpmPackages(
  packages: Record<string, NpmLockEntry>,
  root: NpmLockEntry,
  graph: JsPackageGraph,
  projectId: string,
  evidenceOf: (key: string) => string | undefined = () => undefined,
): void {
  const globs = workspaceGlobs(root);
  const isWorkspace = globs.length > 0 ? picomatch(globs) : () => false;
  const ids = new Map<string, string | undefined>();
  const idOf = (key: string): string | undefined => {
    if (key === '') return projectId;
    if (ids.has(key)) return ids.get(key);
    ids.set(key, undefined);
    const entry = packages[key];
    let id: string | undefined;
    if (entry?.link) {
      id = entry.resolved !== undefined ? idOf(entry.resolved) : undefined;
    } else if (entry !== undefined && !key.startsWith(NODE_MODULES) && !key.includes(`/${NODE_MODULES}`)) {
      // A folder inside the project: a workspace member or a `file:` folder dependency.
      const pkg: JsPackage = {
        name: entry.name ?? nameFromKey(key),
        version: entry.version ?? '0.0.0',
        lockfilePath: key,
        license: entry.license,
        source: isWorkspace(key) ? 'workspace' : 'link',
      };
      id = graph.add(pkg, { workspace: isWorkspace(key), localPath: key });
    } else if (entry?.version !== undefined) {
      const installedAs = nameFromKey(key);
      const name = entry.name ?? installedAs;
      const pkg: JsPackage = {
        name,
        version: entry.version,
        resolved: entry.resolved,
        integrity: entry.integrity,
        license: entry.license,
        lockfilePath: key,
        alias: installedAs !== name ? installedAs : undefined,
        scope: entry.dev || entry.devOptional ? 'dev' : entry.optional ? 'optional' : 'required',
        evidencePath: evidenceOf(key),
      };
      if (entry.resolved?.startsWith('file:') && sourceOf(entry.resolved) === 'file') {
        pkg.resolved = entry.resolved;
      }
      id = graph.add(pkg, { localPath: key });
    }
    ids.set(key, id);
    return id;
  };

  const edges = (
    from: string,
    fromId: string,
    deps: Record<string, string> | undefined,
    kind: DependencyKind,
  ) => {
    if (deps === undefined) return;
    const names = Object.keys(deps);
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      const key = resolveNodeModules(packages, from, name);
      const to = key === undefined ? undefined : idOf(key);
      if (to !== undefined) graph.depends(fromId, to, kind);
      else if (kind === 'prod' || (kind === 'dev' && from === '')) {
        graph.unresolved(`${from === '' ? '(root)' : from} -> ${name}`);
      }
    }
  };
  const visit = (key: string, entry: NpmLockEntry): void => {
    if (entry.link) return;
    const id = idOf(key);
    if (id === undefined) return;
    const local = !key.startsWith(NODE_MODULES) && !key.includes(`/${NODE_MODULES}`);
    edges(key, id, entry.dependencies, 'prod');
    edges(key, id, entry.optionalDependencies, 'optional');
    edges(key, id, entry.peerDependencies, 'peer');
    // Registry packages' devDependencies are never installed; only the project's and local
    // folders' count.
    if (local) edges(key, id, entry.devDependencies, 'dev');
    if (local && key !== '' && isWorkspace(key)) graph.depends(projectId, id, 'prod');
  };
  visit('', root);
  // Indexed loops over keys: this runs once per package (and `edges` once per dependency)
  // before V8 optimizes it, where for-of and [key, value] destructuring pay an iterator a step.
  const keys = Object.keys(packages);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (key !== '') visit(key, packages[key] as NpmLockEntry);
  }
}

/** Parses package-lock.json, npm-shrinkwrap.json (v1, v2, v3) and node_modules/.package-lock.json. */
export async function parseNpmLockfile(
  contents: string,
  location: Location,
  env: CatalogEnvironment,
  cataloger = 'javascript-lock-cataloger',
): Promise<ParsedPackages> {
  const file = env.resolver.displayPath(location.path);
  const lock = expectObject(parseJson(contents, file), file, 'the lockfile');
  const version = lock.lockfileVersion;
  const projectDir = projectDirOf(location.path);
  const manifest = await readPackageManifest(env.resolver, projectDir);
  let packages: Record<string, NpmLockEntry>;
  if (version === 1) {
    const dependencies = lock.dependencies ?? {};
    packages = await packagesFromV1(
      expectObject(dependencies, file, '"dependencies"') as Record<string, NpmV1Entry>,
      projectDir,
      env.resolver,
    );
  } else if (version === 2 || version === 3) {
    if (lock.packages === undefined) throw malformed(file, `lockfile v${version} has no "packages" object`);
    packages = expectObject(lock.packages, file, '"packages"') as Record<string, NpmLockEntry>;
    for (const [key, entry] of Object.entries(packages))
      if (entry === null || typeof entry !== 'object')
        throw malformed(file, `"packages" entry "${key}" is not an object`);
  } else {
    throw unsupportedVersion(file, JSON.stringify(version ?? null), 'lockfileVersion 1, 2 and 3');
  }
  const root = packages[''] ?? rootEntryOf(manifest) ?? rootEntryFromTopLevel(packages);
  const graph = new JsPackageGraph(cataloger, location);
  catalogNpmPackages(packages, root, graph, env.projectId);
  return graph.result();
}
