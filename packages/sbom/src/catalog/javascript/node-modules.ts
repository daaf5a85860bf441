import { joinPath, type Location, type Resolver } from '../../resolver/index.js';
import type { CatalogEnvironment, ParsedPackages } from '../cataloger.js';
import { expectObject, parseJson } from '../syntax.js';
import { catalogNpmPackages, type NpmLockEntry, parseNpmLockfile } from './npm-lock.js';
import { JsPackageGraph } from './package-builder.js';
import { manifestLicense, type PackageManifest, readPackageManifest } from './package-json.js';

const CATALOGER = 'node-modules-cataloger';

/**
 * The installed packages under `dir/node_modules`, keyed like lockfile v3 `packages`
 * (`node_modules/a/node_modules/b`), read from each package's package.json.
 */
async function readTree(
  resolver: Resolver,
  projectDir: string,
): Promise<Record<string, NpmLockEntry & { evidence: string }>> {
  const packages: Record<string, NpmLockEntry & { evidence: string }> = {};
  const visit = async (folder: string): Promise<void> => {
    const entries = await resolver.list(joinPath(projectDir, folder));
    if (entries === undefined) return;
    const names: string[] = [];
    await Promise.all(
      entries.map(async (entry) => {
        // `.bin`, `.pnpm` (pnpm's store, a different layout) and `.package-lock.json` are not packages.
        if (!entry.directory || entry.name.startsWith('.')) return;
        if (entry.name.startsWith('@')) {
          const scoped = await resolver.list(joinPath(projectDir, folder, entry.name));
          for (const inner of scoped ?? []) if (inner.directory) names.push(`${entry.name}/${inner.name}`);
        } else names.push(entry.name);
      }),
    );
    await Promise.all(
      names.map(async (name) => {
        const key = `${folder}/${name}`;
        const manifest: PackageManifest | undefined = await readPackageManifest(
          resolver,
          joinPath(projectDir, key),
        );
        if (manifest?.version === undefined) return;
        const entry: NpmLockEntry & { evidence: string } = {
          version: manifest.version,
          evidence: joinPath(projectDir, key, 'package.json'),
        };
        if (manifest.name !== undefined && manifest.name !== name) entry.name = manifest.name;
        const license = manifestLicense(manifest);
        if (license !== undefined) entry.license = license;
        // npm 6 wrote where it fetched the package from into the installed package.json.
        if (manifest._resolved !== undefined) entry.resolved = manifest._resolved;
        if (manifest._integrity !== undefined) entry.integrity = manifest._integrity;
        if (manifest.dependencies !== undefined) entry.dependencies = manifest.dependencies;
        if (manifest.optionalDependencies !== undefined)
          entry.optionalDependencies = manifest.optionalDependencies;
        if (manifest.peerDependencies !== undefined) entry.peerDependencies = manifest.peerDependencies;
        packages[key] = entry;
        await visit(`${key}/node_modules`);
      }),
    );
  };
  await visit('node_modules');
  return packages;
}

/**
 * Catalogs the installed `node_modules` beside a package.json that no lockfile covers: npm's
 * hidden lockfile (`node_modules/.package-lock.json`) when there is one, else every installed
 * package.json, resolved into a graph the way Node resolves `require`.
 */
export async function parseNodeModules(
  contents: string,
  location: Location,
  env: CatalogEnvironment,
): Promise<ParsedPackages> {
  const graph = new JsPackageGraph(CATALOGER, location);
  const projectDir = location.path.includes('/')
    ? location.path.slice(0, location.path.lastIndexOf('/'))
    : '';
  if ((await env.resolver.list(joinPath(projectDir, 'node_modules'))) === undefined) return graph.result();
  const hiddenPath = joinPath(projectDir, 'node_modules/.package-lock.json');
  const hidden = await env.resolver.tryReadText(hiddenPath);
  if (hidden !== undefined)
    return parseNpmLockfile(hidden, env.resolver.location(hiddenPath), env, CATALOGER);
  const file = env.resolver.displayPath(location.path);
  const manifest = expectObject(parseJson(contents, file), file, 'package.json') as PackageManifest;
  const packages = await readTree(env.resolver, projectDir);
  const root: NpmLockEntry = {};
  if (manifest.dependencies !== undefined) root.dependencies = manifest.dependencies;
  if (manifest.devDependencies !== undefined) root.devDependencies = manifest.devDependencies;
  if (manifest.optionalDependencies !== undefined) root.optionalDependencies = manifest.optionalDependencies;
  catalogNpmPackages(packages, root, graph, env.projectId, (key) => packages[key]?.evidence);
  return graph.result();
}
