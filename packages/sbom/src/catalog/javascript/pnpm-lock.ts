import type { DependencyKind } from '../../model/index.js';
import { dirnameOf, joinPath, type Location } from '../../resolver/index.js';
import type { CatalogEnvironment, ParsedPackages } from '../cataloger.js';
import { expectObject, malformed, unsupportedVersion } from '../syntax.js';
import { parseYamlLockfile } from '../yaml.js';
import { type JsPackage, JsPackageGraph, sourceOf, splitNameVersion } from './package-builder.js';
import { manifestLicense, type PackageManifest, readPackageManifest } from './package-json.js';

const CATALOGER = 'pnpm-lock-cataloger';

/** `resolution` of a pnpm package: registry integrity, a tarball, a git commit or a folder. */
interface PnpmResolution {
  integrity?: string;
  tarball?: string;
  type?: string;
  repo?: string;
  commit?: string;
  directory?: string;
}

/** A `packages` (v6) or `packages` + `snapshots` (v9) entry. */
interface PnpmPackage {
  resolution?: PnpmResolution;
  name?: string;
  version?: string;
  dev?: boolean;
  optional?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** An importer's dependency: `{specifier, version}` (v6+), or just the version (v5). */
type ImporterDependency = string | { specifier?: string; version?: string };

interface PnpmImporter {
  dependencies?: Record<string, ImporterDependency>;
  devDependencies?: Record<string, ImporterDependency>;
  optionalDependencies?: Record<string, ImporterDependency>;
}

/**
 * A pnpm 7 (lockfile 5.x) key, `/name/1.0.0_peer@2.0.0` or `/@scope/name/1.0.0`, as name and
 * version without the peer suffix (pnpm 7 joined peers to the version with `_`).
 */
export function splitV5Key(key: string): { name: string; version: string } | undefined {
  const segments = (key.startsWith('/') ? key.slice(1) : key).split('/');
  const scoped = segments[0]?.startsWith('@') ?? false;
  const nameLength = scoped ? 2 : 1;
  if (segments.length <= nameLength) return undefined;
  const name = segments.slice(0, nameLength).join('/');
  const version = segments.slice(nameLength).join('/').split('_')[0] ?? '';
  return { name, version };
}

/** `name@version(peer@1)(other@2)` without its peer suffix (pnpm's dependency-path format). */
export function withoutPeerSuffix(key: string): string {
  const paren = key.indexOf('(', 1);
  return paren < 0 ? key : key.slice(0, paren);
}

const SECTIONS: [keyof PnpmImporter, DependencyKind][] = [
  ['dependencies', 'prod'],
  ['devDependencies', 'dev'],
  ['optionalDependencies', 'optional'],
];

/**
 * Parses pnpm-lock.yaml 5.x (pnpm 7: `/name/version_peer` keys), v6 (`/name@version(peer)` keys)
 * and v9 (`packages` + `snapshots`).
 */
export async function parsePnpmLockfile(
  contents: string,
  location: Location,
  env: CatalogEnvironment,
): Promise<ParsedPackages> {
  const file = env.resolver.displayPath(location.path);
  const lock = expectObject(await parseYamlLockfile(contents, file), file, 'the lockfile');
  const version = String(lock.lockfileVersion ?? '');
  const major = Number.parseInt(version, 10);
  // 5.x is pnpm 7's (`/name/version_peer` keys); v7 was pnpm 9's pre-release name for the v9 layout.
  if (!(major === 5 || major === 6 || major === 7 || major === 9))
    throw unsupportedVersion(
      file,
      version === '' ? 'none' : `'${version}'`,
      "pnpm lockfileVersion 5.x, '6.0' and '9.0'",
    );
  const v5 = major === 5;
  const v9 = major >= 7;
  const packages = (lock.packages ?? {}) as Record<string, PnpmPackage>;
  const snapshots = (v9 ? (lock.snapshots ?? {}) : packages) as Record<string, PnpmPackage>;
  if (typeof packages !== 'object' || typeof snapshots !== 'object')
    throw malformed(file, '"packages" or "snapshots" is not a map');
  const importers: Record<string, PnpmImporter> =
    lock.importers !== undefined
      ? (expectObject(lock.importers, file, '"importers"') as Record<string, PnpmImporter>)
      : { '.': lock as PnpmImporter };

  for (const [path, importer] of Object.entries(importers))
    if (importer === null || typeof importer !== 'object')
      throw malformed(file, `importer "${path}" is not a map`);
  // Loops over keys, indexed: they run once per package before V8 optimizes them, where for-of
  // over Object.entries pays an array and an iterator step per entry.
  const packageKeys = Object.keys(packages);
  const snapshotKeys = Object.keys(snapshots);
  const expectMaps = (map: Record<string, PnpmPackage>, keys: string[]): void => {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const entry = map[key];
      if (entry !== null && typeof entry !== 'object') throw malformed(file, `package "${key}" is not a map`);
    }
  };
  expectMaps(packages, packageKeys);
  expectMaps(snapshots, snapshotKeys);
  // A YAML file cut at a line boundary still parses; what gives it away is an entry without its
  // mandatory `resolution`, or v9 packages without their snapshots.
  for (let i = 0; i < packageKeys.length; i++) {
    const key = packageKeys[i] as string;
    if (packages[key]?.resolution === undefined)
      throw malformed(file, `package "${key}" has no resolution (truncated?)`);
  }
  if (v9 && Object.keys(packages).length > 0 && lock.snapshots === undefined)
    throw malformed(file, 'has "packages" but no "snapshots" (truncated?)');
  const projectDir = dirnameOf(location.path);
  const graph = new JsPackageGraph(CATALOGER, location);

  // Workspace members: importers other than `.`, named by their package.json, else by the name
  // another importer links them under (`vite: link:packages/vite`), else by their path.
  const linkedNames = new Map<string, string>();
  for (const [path, importer] of Object.entries(importers))
    for (const [section] of SECTIONS)
      for (const [name, dep] of Object.entries(importer[section] ?? {})) {
        const ref = typeof dep === 'string' ? dep : dep?.version;
        if (ref?.startsWith('link:')) {
          const target = joinPath(path === '.' ? '' : path, ref.slice('link:'.length));
          if (!linkedNames.has(target)) linkedNames.set(target, name);
        }
      }
  const importerIds = new Map<string, string>([['.', env.projectId]]);
  await Promise.all(
    Object.keys(importers)
      .filter((path) => path !== '.')
      .map(async (path) => {
        const manifest = await readPackageManifest(env.resolver, joinPath(projectDir, path));
        const pkg: JsPackage = {
          name: manifest?.name ?? linkedNames.get(path) ?? path,
          version: manifest?.version ?? '',
          lockfilePath: path,
          license: manifestLicense(manifest),
        };
        importerIds.set(path, graph.add(pkg, { workspace: true, localPath: path }));
      }),
  );
  // Folder dependencies (`file:` directories, pnpm's injected workspace packages): their
  // package.json has the version the lockfile leaves out.
  const folderManifests = new Map<string, PackageManifest | undefined>();
  await Promise.all(
    Object.values(packages).map(async (info) => {
      const directory = info?.resolution?.directory;
      if (directory === undefined || folderManifests.has(directory) || importers[directory] !== undefined)
        return;
      folderManifests.set(directory, undefined);
      folderManifests.set(
        directory,
        await readPackageManifest(env.resolver, joinPath(projectDir, directory)),
      );
    }),
  );
  for (const path of [...importerIds.keys()].sort()) {
    if (path !== '.') graph.depends(env.projectId, importerIds.get(path) as string, 'prod');
  }

  const ids = new Map<string, string>();
  /** The key of the snapshot a dependency `name: ref` points at. */
  const keyOf = (name: string, ref: string): string | undefined => {
    const named = v9 ? `${name}@${ref}` : v5 ? `/${name}/${ref}` : `/${name}@${ref}`;
    if (snapshots[named] !== undefined) return named;
    if (snapshots[ref] !== undefined) return ref;
    if (v9) return undefined;
    const rooted = `/${ref}`;
    return snapshots[rooted] !== undefined ? rooted : undefined;
  };
  const packageOf = (key: string): string => {
    const known = ids.get(key);
    if (known !== undefined) return known;
    const snapshot = snapshots[key] ?? {};
    const base = v5 ? key : withoutPeerSuffix(key);
    const info = (v9 ? packages[base] : snapshot) ?? {};
    const parsed = v5 ? splitV5Key(key) : splitNameVersion(base.startsWith('/') ? base.slice(1) : base);
    const name = info.name ?? parsed?.name ?? base;
    const resolution = info.resolution ?? {};
    // An injected workspace package is a copy of that importer: one component.
    const importer = resolution.directory !== undefined ? importerIds.get(resolution.directory) : undefined;
    if (importer !== undefined) {
      ids.set(key, importer);
      return importer;
    }
    let resolved: string | undefined = resolution.tarball;
    if (resolution.type === 'git' && resolution.repo !== undefined)
      resolved = `git+${resolution.repo}${resolution.commit !== undefined ? `#${resolution.commit}` : ''}`;
    if (resolution.type === 'directory' && resolution.directory !== undefined)
      resolved = `file:${resolution.directory}`;
    const source = resolved === undefined ? 'registry' : sourceOf(resolved);
    const pkg: JsPackage = {
      name,
      version:
        info.version ??
        (resolution.directory !== undefined
          ? (folderManifests.get(resolution.directory)?.version ?? '')
          : (parsed?.version ?? '')),
      resolved,
      integrity: resolution.integrity,
      source,
      lockfilePath: key,
      scope: snapshot.dev === true ? 'dev' : snapshot.optional === true ? 'optional' : 'required',
    };
    const id = graph.add(pkg, { localPath: resolution.directory ?? key });
    ids.set(key, id);
    return id;
  };

  /** Resolves `name: ref` seen in the importer (or package) at `fromDir` to a component id. */
  const target = (fromDir: string, name: string, ref: string): string | undefined => {
    if (ref.startsWith('link:')) {
      const path = joinPath(fromDir, ref.slice('link:'.length));
      const importer = importerIds.get(path === '' ? '.' : path);
      if (importer !== undefined) return importer;
      return graph.add({ name, version: '', source: 'link', lockfilePath: path }, { localPath: path });
    }
    const key = keyOf(name, ref);
    if (key !== undefined) {
      const id = packageOf(key);
      // `alias: real@1.0.0` (v9), `alias: /real@1.0.0` (v6) or `alias: /real/1.0.0` (v5): an npm alias.
      if (key === ref || key === `/${ref}` || ref.startsWith('/')) graph.addAlias(id, name);
      return id;
    }
    graph.unresolved(`${name}@${ref}`);
    return undefined;
  };

  for (const [path, importer] of Object.entries(importers)) {
    const from = importerIds.get(path) ?? env.projectId;
    for (const [section, kind] of SECTIONS) {
      for (const [name, dep] of Object.entries(importer[section] ?? {})) {
        const ref = typeof dep === 'string' ? dep : dep?.version;
        if (ref === undefined) continue;
        const to = target(path === '.' ? '' : path, name, ref);
        if (to !== undefined) graph.depends(from, to, kind);
      }
    }
  }
  const snapshotEdges = (
    from: string,
    deps: Record<string, unknown> | undefined,
    kind: DependencyKind,
  ): void => {
    if (deps === undefined) return;
    const names = Object.keys(deps);
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      const to = target('', name, String(deps[name]));
      if (to !== undefined) graph.depends(from, to, kind);
    }
  };
  for (let i = 0; i < snapshotKeys.length; i++) {
    const key = snapshotKeys[i] as string;
    const from = packageOf(key);
    const snapshot = snapshots[key] ?? {};
    snapshotEdges(from, snapshot.dependencies, 'prod');
    snapshotEdges(from, snapshot.optionalDependencies, 'optional');
  }
  return graph.result();
}
