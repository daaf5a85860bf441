import { normalizeLicenseCached } from '../../license/index.js';
import type { Component } from '../../model/index.js';
import { joinPath, type Resolver } from '../../resolver/index.js';
import type { ParsedPackages } from '../cataloger.js';
import { manifestLicense, readPackageManifest } from './package-json.js';

/**
 * Where an installed copy of a component may be, relative to its project: its own node_modules
 * path (npm), pnpm's and bun's isolated stores (`node_modules/.pnpm/<name>@<version>/node_modules/
 * <name>`, `node_modules/.bun/…`), the hoisted top-level folder (yarn, bun), and, for a copy that could not be hoisted, the
 * node_modules of a hoisted dependent.
 */
function installedCandidates(component: Component, dependents: string[]): string[] {
  const metadata = component.metadata;
  if (metadata?.kind !== 'npm' || component.version === undefined) return [];
  const candidates: string[] = [];
  for (const path of metadata.lockfilePaths ?? [])
    if (path.startsWith('node_modules/')) candidates.push(path);
  const store = `${component.name.replace('/', '+')}@${component.version}/node_modules/${component.name}`;
  candidates.push(
    `node_modules/.pnpm/${store}`,
    `node_modules/.bun/${store}`,
    `node_modules/${component.name}`,
  );
  for (const alias of metadata.aliases ?? []) candidates.push(`node_modules/${alias}`);
  for (const dependent of dependents)
    candidates.push(`node_modules/${dependent}/node_modules/${component.name}`);
  return candidates;
}

/** The names of the components that depend on each component id. */
function dependentsByTarget(parsed: ParsedPackages): Map<string, string[]> {
  const names = new Map(parsed.components.map((c) => [c.id, c.name]));
  const dependents = new Map<string, string[]>();
  for (const relationship of parsed.relationships) {
    const name = names.get(relationship.from);
    if (name === undefined) continue;
    const list = dependents.get(relationship.to);
    if (list === undefined) dependents.set(relationship.to, [name]);
    else list.push(name);
  }
  return dependents;
}

/**
 * Fills declared licenses that the lockfile does not record (npm v1, pnpm, yarn, bun) from the
 * installed package.json files, when the project has a node_modules folder. A candidate counts
 * only when its name and version match, so a hoisted copy of another version is never used.
 */
export async function addInstalledLicenses(
  parsed: ParsedPackages,
  resolver: Resolver,
  projectDir: string,
): Promise<void> {
  const missing = parsed.components.filter(
    (c) => c.licenses?.declared === undefined && c.metadata?.kind === 'npm',
  );
  if (missing.length === 0) return;
  if ((await resolver.list(joinPath(projectDir, 'node_modules'))) === undefined) return;
  const known = new Set(parsed.licenseDefinitions.map((d) => d.id));
  const dependents = dependentsByTarget(parsed);
  await Promise.all(
    missing.map(async (component) => {
      for (const candidate of installedCandidates(component, dependents.get(component.id) ?? [])) {
        const manifest = await readPackageManifest(resolver, joinPath(projectDir, candidate));
        if (manifest?.name !== component.name || manifest.version !== component.version) continue;
        const license = manifestLicense(manifest);
        const text =
          typeof license === 'string' ? license : (license as { type?: unknown } | undefined)?.type;
        if (typeof text !== 'string' || text.trim() === '') return;
        const normalized = normalizeLicenseCached(text);
        component.licenses = { declared: normalized.statement };
        for (const definition of normalized.definitions)
          if (!known.has(definition.id)) {
            known.add(definition.id);
            parsed.licenseDefinitions.push(definition);
          }
        return;
      }
    }),
  );
}
