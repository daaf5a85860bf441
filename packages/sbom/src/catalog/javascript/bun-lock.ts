import type { DependencyKind } from '../../model/index.js';
import { dirnameOf, joinPath, type Location } from '../../resolver/index.js';
import type { CatalogEnvironment, ParsedPackages } from '../cataloger.js';
import { expectObject, malformed, parseJsonc, unsupportedVersion } from '../syntax.js';
import {
  type JsPackage,
  JsPackageGraph,
  type JsSource,
  sourceOf,
  splitNameVersion,
} from './package-builder.js';
import { manifestLicense, readPackageManifest } from './package-json.js';

const CATALOGER = 'bun-lock-cataloger';

/** bun.lock text format versions: 0 (bun 1.1), 1 (bun 1.2), 2 (bun 1.3 and later). */
const SUPPORTED = new Set([0, 1, 2]);

/** A `workspaces` entry: the manifest fields bun copies. */
interface BunWorkspace {
  name?: string;
  version?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/** The `info` object of a package entry. */
interface BunInfo {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalPeers?: string[];
}

const WORKSPACE_SECTIONS: [keyof BunWorkspace, DependencyKind][] = [
  ['dependencies', 'prod'],
  ['devDependencies', 'dev'],
  ['optionalDependencies', 'optional'],
  ['peerDependencies', 'peer'],
];

/** What a package entry (`[ident, registry, info, integrity]` and shorter forms) holds. */
interface BunEntry {
  name: string;
  reference: string;
  registryUrl?: string;
  info: BunInfo;
  integrity?: string;
}

/**
 * Reads one `packages` value. Registry packages are `[ident, tarball URL or "", info, integrity]`;
 * tarballs and folders `[ident, info, integrity?]`; git `[ident, info, bun tag]`; workspaces
 * `[ident]` (bun's lockfile serializer, src/install/lockfile/bun.lock.zig).
 */
function readEntry(key: string, value: unknown, file: string): BunEntry {
  if (!Array.isArray(value) || typeof value[0] !== 'string')
    throw malformed(file, `"packages" entry "${key}" is not an [ident, …] array`);
  const parsed = splitNameVersion(value[0]);
  if (parsed === undefined) throw malformed(file, `"packages" entry "${key}" has no name@version ident`);
  const entry: BunEntry = { name: parsed.name, reference: parsed.version, info: {} };
  if (typeof value[1] === 'string') {
    entry.registryUrl = value[1];
    if (value[2] !== null && typeof value[2] === 'object') entry.info = value[2] as BunInfo;
    if (typeof value[3] === 'string') entry.integrity = value[3];
  } else if (value[1] !== null && typeof value[1] === 'object') {
    entry.info = value[1] as BunInfo;
    if (typeof value[2] === 'string' && /^sha(?:1|256|384|512)-/.test(value[2])) entry.integrity = value[2];
  }
  return entry;
}

/** The source of a non-registry reference as bun writes it (a bare path for local tarballs). */
function bunSource(reference: string): { source: JsSource; resolved?: string } {
  if (reference.startsWith('workspace:')) return { source: 'workspace' };
  if (/\.(?:tgz|tar\.gz)$/.test(reference) && !/^[a-z+]+:/.test(reference))
    return { source: 'file', resolved: `file:${reference}` };
  const source = sourceOf(reference);
  return { source, resolved: reference };
}

/** Parses bun.lock (the text lockfile: JSON with trailing commas). */
export async function parseBunLockfile(
  contents: string,
  location: Location,
  env: CatalogEnvironment,
): Promise<ParsedPackages> {
  const file = env.resolver.displayPath(location.path);
  const lock = expectObject(parseJsonc(contents, file), file, 'the lockfile');
  const version = lock.lockfileVersion;
  if (typeof version !== 'number' || !SUPPORTED.has(version))
    throw unsupportedVersion(file, JSON.stringify(version ?? null), 'bun.lock lockfileVersion 0, 1 and 2');
  const workspaces = expectObject(lock.workspaces ?? {}, file, '"workspaces"') as Record<
    string,
    BunWorkspace
  >;
  const rawPackages = expectObject(lock.packages ?? {}, file, '"packages"');
  const packages = new Map<string, BunEntry>();
  for (const [key, value] of Object.entries(rawPackages)) packages.set(key, readEntry(key, value, file));
  const projectDir = dirnameOf(location.path);
  const graph = new JsPackageGraph(CATALOGER, location);

  // Workspace members: `workspaces` keys other than "" are their folders.
  const memberIds = new Map<string, string>();
  const memberPaths = Object.keys(workspaces).filter((path) => path !== '');
  const memberManifests = await Promise.all(
    memberPaths.map((path) => readPackageManifest(env.resolver, joinPath(projectDir, path))),
  );
  for (const [index, path] of memberPaths.entries()) {
    const workspace = workspaces[path] as BunWorkspace;
    const id = graph.add(
      {
        name: workspace.name ?? path.slice(path.lastIndexOf('/') + 1),
        version: workspace.version ?? '',
        lockfilePath: path,
        license: manifestLicense(memberManifests[index]),
      },
      { workspace: true, localPath: path },
    );
    memberIds.set(path, id);
    graph.depends(env.projectId, id, 'prod');
  }

  /**
   * The key of the entry a key is nested under (`delta` for `delta/beta`), or `''` at the top.
   * Scoped names contain a `/`, so the parent is the longest proper prefix that is itself a key.
   */
  const parentOf = (key: string): string => {
    for (let i = key.lastIndexOf('/'); i > 0; i = key.lastIndexOf('/', i - 1))
      if (packages.has(key.slice(0, i))) return key.slice(0, i);
    return '';
  };
  /** The name a key installs under: the part after its parent. */
  const installedName = (key: string): string => {
    const parent = parentOf(key);
    return parent === '' ? key : key.slice(parent.length + 1);
  };
  /** The node_modules path of a key (`node_modules/delta/node_modules/beta`). */
  const nodeModulesPath = (key: string): string => {
    const parent = parentOf(key);
    const own = `node_modules/${installedName(key)}`;
    return parent === '' ? own : `${nodeModulesPath(parent)}/${own}`;
  };
  /** The key of the entry `name` resolves to from the entry at `from` (node_modules walk-up). */
  const resolveKey = (from: string, name: string): string | undefined => {
    let base = from;
    for (;;) {
      const candidate = base === '' ? name : `${base}/${name}`;
      if (packages.has(candidate)) return candidate;
      if (base === '') return undefined;
      base = parentOf(base);
    }
  };

  const ids = new Map<string, string>();
  const installed = await Promise.all(
    [...packages].map(async ([key, entry]) => {
      const { source } = bunSource(entry.reference);
      if (source === 'registry' || source === 'workspace') return [key, undefined] as const;
      // A tarball's or git package's version is not in bun.lock; the installed copy has it.
      const path = joinPath(projectDir, nodeModulesPath(key));
      return [key, await readPackageManifest(env.resolver, path)] as const;
    }),
  );
  const installedManifests = new Map(installed);
  const idOf = (key: string): string | undefined => {
    const known = ids.get(key);
    if (known !== undefined) return known;
    const entry = packages.get(key);
    if (entry === undefined) return undefined;
    const { source, resolved } = bunSource(entry.reference);
    let id: string;
    if (source === 'workspace') {
      const path = entry.reference.slice('workspace:'.length);
      id =
        memberIds.get(path) ??
        graph.add(
          { name: entry.name, version: '', lockfilePath: path },
          { workspace: true, localPath: path },
        );
    } else {
      const pkg: JsPackage = {
        name: entry.name,
        version: source === 'registry' ? entry.reference : (installedManifests.get(key)?.version ?? ''),
        integrity: entry.integrity,
        source,
        lockfilePath: key,
        alias: installedName(key) !== entry.name ? installedName(key) : undefined,
      };
      if (source === 'registry') {
        if (entry.registryUrl !== undefined && entry.registryUrl !== '') pkg.resolved = entry.registryUrl;
      } else pkg.resolved = resolved;
      id = graph.add(pkg, { localPath: key });
    }
    ids.set(key, id);
    return id;
  };

  const link = (
    fromKey: string,
    fromId: string,
    deps: Record<string, string> | undefined,
    kind: DependencyKind,
  ) => {
    for (const name of Object.keys(deps ?? {})) {
      const key = resolveKey(fromKey, name);
      const to = key === undefined ? undefined : idOf(key);
      if (to !== undefined) graph.depends(fromId, to, kind);
      else if (kind === 'prod' || kind === 'dev') {
        graph.unresolved(`${fromKey || '(root)'} -> ${name}`);
      }
    }
  };
  for (const [path, workspace] of Object.entries(workspaces)) {
    const fromId = path === '' ? env.projectId : (memberIds.get(path) as string);
    // A member's own nested packages are keyed under its name (`fixture-member/gamma`).
    const fromKey = path === '' ? '' : (workspace.name ?? '');
    for (const [section, kind] of WORKSPACE_SECTIONS)
      link(fromKey, fromId, workspace[section] as Record<string, string> | undefined, kind);
  }
  for (const [key, entry] of packages) {
    const fromId = idOf(key);
    if (fromId === undefined) continue;
    link(key, fromId, entry.info.dependencies, 'prod');
    link(key, fromId, entry.info.optionalDependencies, 'optional');
    link(key, fromId, entry.info.peerDependencies, 'peer');
  }
  return graph.result();
}
