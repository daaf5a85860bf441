import type { DependencyKind } from '../../model/index.js';
import { dirnameOf, type Location } from '../../resolver/index.js';
import type { CatalogEnvironment, ParsedPackages } from '../cataloger.js';
import { unsupportedVersion } from '../syntax.js';
import { assertComplete } from '../yaml.js';
import { type JsPackage, JsPackageGraph, sourceOf, splitNameVersion } from './package-builder.js';
import {
  findWorkspaceMembers,
  manifestLicense,
  type PackageManifest,
  readPackageManifest,
  workspaceGlobs,
} from './package-json.js';
import { parseYarnV1, type YarnV1Entry } from './yarn-v1-syntax.js';

const CATALOGER = 'yarn-lock-cataloger';

/** The dependency sections of a manifest, with the kind of edge each makes. */
export const MANIFEST_SECTIONS: [keyof PackageManifest, DependencyKind][] = [
  ['dependencies', 'prod'],
  ['optionalDependencies', 'optional'],
  ['devDependencies', 'dev'],
];

/** `name@npm:real@range` (an npm alias) read as the real name, and the name it is installed as. */
export function aliasOf(descriptor: string): { name: string; alias?: string; range: string } | undefined {
  const parsed = splitNameVersion(descriptor);
  if (parsed === undefined) return undefined;
  if (parsed.version.startsWith('npm:')) {
    const real = splitNameVersion(parsed.version.slice('npm:'.length));
    if (real !== undefined) return { name: real.name, alias: parsed.name, range: real.version };
  }
  return { name: parsed.name, range: parsed.version };
}

/** yarn v1 `resolved` ends in `#<sha1>` for registry tarballs: the SHA-1 in SRI form. */
function integrityFromResolved(resolved: string | undefined): string | undefined {
  const sha1 = /#([0-9a-f]{40})$/.exec(resolved ?? '')?.[1];
  return sha1 === undefined ? undefined : `sha1-${Buffer.from(sha1, 'hex').toString('base64')}`;
}

/** Parses yarn.lock: v1 here; Berry (a YAML file with `__metadata`) in yarn-berry.ts. */
export async function parseYarnLockfile(
  contents: string,
  location: Location,
  env: CatalogEnvironment,
): Promise<ParsedPackages> {
  const file = env.resolver.displayPath(location.path);
  if (/^__metadata:/m.test(contents))
    return (await import('./yarn-berry.js')).parseYarnBerryLockfile(contents, location, env);
  if (!/^# yarn lockfile v1\s*$/m.test(contents)) {
    const found = /^# yarn lockfile v(\S+)/m.exec(contents)?.[1];
    throw unsupportedVersion(
      file,
      found ?? 'unknown',
      'yarn.lock v1 ("# yarn lockfile v1") and Berry ("__metadata")',
    );
  }
  assertComplete(contents, file);
  const entries = parseYarnV1(contents, file);
  const projectDir = dirnameOf(location.path);
  const manifest = await readPackageManifest(env.resolver, projectDir);
  const members = await findWorkspaceMembers(env.resolver, projectDir, workspaceGlobs(manifest));
  const graph = new JsPackageGraph(CATALOGER, location);

  const byDescriptor = new Map<string, YarnV1Entry>();
  for (const entry of entries) for (const d of entry.descriptors) byDescriptor.set(d, entry);
  const ids = new Map<YarnV1Entry, string>();
  const idOf = (entry: YarnV1Entry): string => {
    const known = ids.get(entry);
    if (known !== undefined) return known;
    const descriptor = aliasOf(entry.descriptors[0] ?? '');
    const resolved = entry.fields.resolved;
    const source = sourceOf(resolved ?? descriptor?.range);
    const pkg: JsPackage = {
      name: descriptor?.name ?? entry.descriptors[0] ?? '',
      version: entry.fields.version ?? '',
      // The `#sha1` fragment of a registry URL is a checksum, not part of the location.
      resolved:
        resolved !== undefined && source !== 'git' ? resolved.replace(/#[0-9a-f]{40}$/, '') : resolved,
      integrity: entry.fields.integrity ?? integrityFromResolved(resolved),
      source,
      lockfilePath: entry.descriptors.join(', '),
      alias: descriptor?.alias,
    };
    const id = graph.add(pkg, { localPath: entry.descriptors[0] ?? '' });
    ids.set(entry, id);
    return id;
  };

  const memberIds = new Map<string, string>();
  for (const member of members) {
    const name = member.manifest.name ?? member.path;
    const id = graph.add(
      {
        name,
        version: member.manifest.version ?? '',
        lockfilePath: member.path,
        license: manifestLicense(member.manifest),
      },
      { workspace: true, localPath: member.path },
    );
    memberIds.set(name, id);
    graph.depends(env.projectId, id, 'prod');
  }

  const link = (from: string, name: string, range: string, kind: DependencyKind): void => {
    const entry = byDescriptor.get(`${name}@${range}`);
    const to = entry !== undefined ? idOf(entry) : memberIds.get(name);
    if (to !== undefined) graph.depends(from, to, kind);
    else if (kind !== 'optional') {
      graph.unresolved(`${name}@${range}`);
    }
  };
  const manifests: [string, PackageManifest | undefined][] = [
    [env.projectId, manifest],
    ...members.map((m): [string, PackageManifest] => [
      memberIds.get(m.manifest.name ?? m.path) as string,
      m.manifest,
    ]),
  ];
  for (const [from, m] of manifests)
    for (const [section, kind] of MANIFEST_SECTIONS)
      for (const [name, range] of Object.entries((m?.[section] ?? {}) as Record<string, string>))
        link(from, name, range, kind);
  // With no package.json beside the lockfile, the root's dependencies are the entries no other
  // entry depends on.
  if (manifest === undefined) {
    const needed = new Set<YarnV1Entry>();
    for (const entry of entries)
      for (const [name, range] of Object.entries({ ...entry.dependencies, ...entry.optionalDependencies })) {
        const target = byDescriptor.get(`${name}@${range}`);
        if (target !== undefined && target !== entry) needed.add(target);
      }
    for (const entry of entries) if (!needed.has(entry)) graph.depends(env.projectId, idOf(entry), 'prod');
  }
  for (const entry of entries) {
    const from = idOf(entry);
    for (const [name, range] of Object.entries(entry.dependencies)) link(from, name, range, 'prod');
    for (const [name, range] of Object.entries(entry.optionalDependencies))
      link(from, name, range, 'optional');
  }
  return graph.result();
}
