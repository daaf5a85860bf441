import { normalizeLicenseCached } from '../../license/index.js';
import type { Component } from '../../model/index.js';
import { joinPath, type Resolver } from '../../resolver/index.js';
import type { ParsedPackages } from '../cataloger.js';
import { manifestLicense, readPackageManifest } from './package-json.js';

/**
 * Where an installed copy of a component may be, relative to its project: its own node_modules
 * path (npm), pnpm's virtual store (`node_modules/.pnpm/<name>@<version>/node_modules/<name>`),
 * and the hoisted top-level folder (yarn, bun).
 */
function installedCandidates(component: Component): string[] {
  const metadata = component.metadata;
  if (metadata?.kind !== 'npm' || component.version === undefined) return [];
  const candidates: string[] = [];
  for (const path of metadata.lockfilePaths ?? [])
    if (path.startsWith('node_modules/')) candidates.push(path);
  candidates.push(
    `node_modules/.pnpm/${component.name.replace('/', '+')}@${component.version}/node_modules/${component.name}`,
    `node_modules/${component.name}`,
  );
  for (const alias of metadata.aliases ?? []) candidates.push(`node_modules/${alias}`);
  return candidates;
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
  await Promise.all(
    missing.map(async (component) => {
      for (const candidate of installedCandidates(component)) {
        const manifest = await readPackageManifest(resolver, joinPath(projectDir, candidate));
        if (
          manifest === undefined ||
          manifest.name !== component.name ||
          manifest.version !== component.version
        )
          continue;
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
