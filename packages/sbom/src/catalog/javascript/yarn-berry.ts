import type { DependencyKind } from '../../model/index.js';
import { dirnameOf, joinPath, type Location } from '../../resolver/index.js';
import type { CatalogEnvironment, ParsedPackages } from '../cataloger.js';
import { expectObject, malformed, unsupportedVersion } from '../syntax.js';
import { parseYamlLockfile } from '../yaml.js';
import { type JsPackage, JsPackageGraph, type JsSource, splitNameVersion } from './package-builder.js';
import { manifestLicense, type PackageManifest, readPackageManifest } from './package-json.js';
import { MANIFEST_SECTIONS } from './yarn-lock.js';

const CATALOGER = 'yarn-lock-cataloger';

/** Lockfile versions of yarn 2 (4), 3 (4–6) and 4 (8, 10): their entry layout is the same. */
const SUPPORTED = new Set([4, 5, 6, 7, 8, 9, 10]);

interface BerryEntry {
  version?: string | number;
  resolution?: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  dependenciesMeta?: Record<string, { optional?: boolean }>;
  checksum?: string;
  languageName?: string;
  linkType?: string;
}

/** A resolution `name@protocol:reference` split, with the source it means. */
function readResolution(resolution: string): { name: string; reference: string; source: JsSource } {
  const parsed = splitNameVersion(resolution) ?? { name: resolution, version: '' };
  const reference = parsed.version;
  let source: JsSource = 'registry';
  if (reference.startsWith('workspace:')) source = 'workspace';
  else if (reference.startsWith('link:') || reference.startsWith('portal:')) source = 'link';
  else if (reference.startsWith('file:'))
    source = /\.(?:tgz|tar\.gz)(?:#|$)/.test(reference) ? 'file' : 'link';
  else if (/^(?:git\+|git:|github:|ssh:)/.test(reference) || /#commit=/.test(reference)) source = 'git';
  else if (/^https?:/.test(reference)) source = 'tarball';
  return { name: parsed.name, reference, source };
}

/** Candidate lockfile keys for a dependency `name: range` (berry adds `npm:` when none is given). */
function descriptorKeys(name: string, range: string): string[] {
  const keys = [`${name}@${range}`];
  if (!/^[a-z]+:/.test(range)) keys.push(`${name}@npm:${range}`);
  return keys;
}

/**
 * The `resolutions` override of the project's package.json that applies to `parent`'s dependency
 * `name: range` (yarn docs, "resolutions": `name@range`, `parent/name`, or `name`). Berry records
 * the overridden descriptor in the lockfile, so the lookup must apply it too.
 */
function resolutionFor(
  resolutions: Record<string, string>,
  parent: string,
  name: string,
  range: string,
): string | undefined {
  const npmRange = range.startsWith('npm:') ? range.slice(4) : range;
  return (
    resolutions[`${name}@${range}`] ??
    resolutions[`${name}@npm:${npmRange}`] ??
    resolutions[`${name}@${npmRange}`] ??
    resolutions[`${parent}/${name}`] ??
    resolutions[name]
  );
}

/**
 * Parses a yarn Berry lockfile (`__metadata`). Entries are keyed by comma-joined descriptors;
 * `resolution` names the locator. `checksum` is a hash of yarn's zip cache entry, not of the
 * published tarball, so it is kept as a property and never as a component hash.
 */
export async function parseYarnBerryLockfile(
  contents: string,
  location: Location,
  env: CatalogEnvironment,
): Promise<ParsedPackages> {
  const file = env.resolver.displayPath(location.path);
  const lock = expectObject(await parseYamlLockfile(contents, file), file, 'the lockfile');
  const metadata = expectObject(lock.__metadata ?? {}, file, '"__metadata"');
  const version = Number(metadata.version);
  if (!SUPPORTED.has(version))
    throw unsupportedVersion(
      file,
      String(metadata.version ?? 'none'),
      'yarn Berry __metadata.version 4 to 10',
    );
  const projectDir = dirnameOf(location.path);
  const graph = new JsPackageGraph(CATALOGER, location);

  const byDescriptor = new Map<string, [string, BerryEntry]>();
  const entries: [string, BerryEntry][] = [];
  for (const [key, value] of Object.entries(lock)) {
    if (key === '__metadata') continue;
    if (value === null || typeof value !== 'object') throw malformed(file, `entry "${key}" is not a map`);
    const entry = value as BerryEntry;
    if (entry.resolution === undefined)
      throw malformed(file, `entry "${key}" has no resolution (truncated?)`);
    entries.push([key, entry]);
    for (const descriptor of key.split(', ')) {
      byDescriptor.set(descriptor, [key, entry]);
      // A patch descriptor from `resolutions` is recorded with the workspace that declared it
      // (`::locator=…`); dependencies name it without.
      const bare = descriptor.replace(/::locator=[^,]*$/, '');
      if (bare !== descriptor && !byDescriptor.has(bare)) byDescriptor.set(bare, [key, entry]);
    }
  }

  // Workspaces: Berry lists them as `name@workspace:path` entries; `.` is the project itself.
  const ids = new Map<BerryEntry, string>();
  const workspaceManifests = new Map<BerryEntry, PackageManifest | undefined>();
  await Promise.all(
    entries.map(async ([, entry]) => {
      const { reference, source } = readResolution(entry.resolution as string);
      if (source !== 'workspace') return;
      const path = reference.slice('workspace:'.length);
      workspaceManifests.set(entry, await readPackageManifest(env.resolver, joinPath(projectDir, path)));
    }),
  );
  const idOf = (key: string, entry: BerryEntry): string => {
    const known = ids.get(entry);
    if (known !== undefined) return known;
    const resolution = entry.resolution as string;
    const { name, reference, source } = readResolution(resolution);
    let id: string;
    if (source === 'workspace' && reference === 'workspace:.') {
      id = env.projectId;
    } else {
      // `b-alias@npm:b@^1` among an entry's descriptors: installed under another name.
      const aliases = key
        .split(', ')
        .map((d) => splitNameVersion(d)?.name)
        .filter((n): n is string => n !== undefined && n !== name);
      const patched = reference.startsWith('patch:');
      const properties: Record<string, string> = {};
      if (entry.checksum !== undefined) properties['yarn:checksum'] = String(entry.checksum);
      if (patched) properties['yarn:patch'] = reference;
      const manifest = workspaceManifests.get(entry);
      const pkg: JsPackage = {
        name,
        version:
          entry.version === undefined || entry.version === '0.0.0-use.local'
            ? (manifest?.version ?? '')
            : String(entry.version),
        // A patch is the same package, changed locally; its purl stays the registry one.
        source: patched ? 'registry' : source,
        lockfilePath: key,
        alias: aliases[0],
        properties: Object.keys(properties).length > 0 ? properties : undefined,
        license: manifestLicense(manifest),
      };
      if (source === 'git' || source === 'tarball') pkg.resolved = reference;
      // `file:vendor/x.tgz#vendor/x.tgz::hash=…&locator=…`: the part before `#` is the tarball.
      if (source === 'file') pkg.resolved = reference.replace(/#.*$/, '');
      const localPath = source === 'workspace' ? reference.slice('workspace:'.length) : reference;
      id = graph.add(pkg, { workspace: source === 'workspace', localPath });
      for (const alias of aliases.slice(1)) graph.addAlias(id, alias);
      if (source === 'workspace') graph.depends(env.projectId, id, 'prod');
    }
    ids.set(entry, id);
    return id;
  };

  const rootManifest = await readPackageManifest(env.resolver, projectDir);
  const resolutions =
    (rootManifest as { resolutions?: Record<string, string> } | undefined)?.resolutions ?? {};
  for (const [key, entry] of entries) {
    const from = idOf(key, entry);
    const manifest = workspaceManifests.get(entry);
    // Berry merges a workspace's dev and prod dependencies in the lockfile; its package.json
    // says which is which.
    const kindOf = (name: string): DependencyKind => {
      if (entry.dependenciesMeta?.[name]?.optional) return 'optional';
      if (manifest === undefined) return 'prod';
      for (const [section, kind] of MANIFEST_SECTIONS)
        if ((manifest[section] as Record<string, string> | undefined)?.[name] !== undefined) return kind;
      return 'prod';
    };
    const parentName = readResolution(entry.resolution as string).name;
    for (const [name, range] of Object.entries(entry.dependencies ?? {})) {
      const override = resolutionFor(resolutions, parentName, name, String(range));
      const target = [
        ...(override !== undefined ? descriptorKeys(name, override) : []),
        ...descriptorKeys(name, String(range)),
      ]
        .map((k) => byDescriptor.get(k))
        .find((e) => e !== undefined);
      if (target === undefined) {
        graph.unresolved(`${name}@${range}`);
        continue;
      }
      graph.depends(from, idOf(target[0], target[1]), kindOf(name));
    }
  }
  return graph.result();
}
