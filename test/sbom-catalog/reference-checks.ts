import { expect, it } from 'vitest';
import type { CatalogResult } from '../../packages/sbom/src/catalog/index.js';
import type { Component } from '../../packages/sbom/src/model/index.js';

/**
 * Shared checks of the reference-lockfile suites (reference-*.test.ts): real lockfiles of real projects, read through the reference-data resolver. Every expected value
 * here was written down by hand from reading the lockfile (grep, jq, awk, base64); the comment on
 * each count says how. Hashes are given as the lockfile's SRI string and decoded by Node's base64,
 * independently of custody's integrity parser.
 */

/** `name@version` of a component (`ROOT` for the root), for readable edge assertions. */
export function label(result: CatalogResult, id: string): string {
  if (id === result.root.id) return 'ROOT';
  const component = result.components.find((c) => c.id === id);
  return component === undefined ? `?${id}` : `${component.name}@${component.version ?? ''}`;
}

/** Components by name and version (`''` for a component whose version is unknown). */
export function componentsNamed(result: CatalogResult, name: string, version: string): Component[] {
  return result.components.filter((c) => c.name === name && (c.version ?? '') === version);
}

export function edgesOf(result: CatalogResult): Set<string> {
  return new Set(
    result.relationships
      .filter((r) => r.type === 'DEPENDS_ON')
      .map((r) => `${label(result, r.from)} -> ${label(result, r.to)} ${r.dependencyKind}`),
  );
}

export function hexOfSri(sri: string): string {
  return Buffer.from(sri.slice(sri.indexOf('-') + 1), 'base64').toString('hex');
}

export interface ExpectedPackage {
  name: string;
  version: string;
  /** The SRI string as the lockfile writes it (npm, pnpm, yarn v1). */
  integrity?: string;
  license?: string;
  scope?: 'required' | 'optional' | 'dev';
  alias?: string;
  workspace?: boolean;
  properties?: Record<string, string>;
}

export function checkPackages(get: () => CatalogResult, packages: ExpectedPackage[]): void {
  it.each(packages)('has $name@$version once, with what the lockfile says', (expected) => {
    const found = componentsNamed(get(), expected.name, expected.version);
    expect(found).toHaveLength(1);
    const component = found[0] as Component;
    expect(component.purl).toMatch(/^pkg:npm\//);
    expect(component.filesAnalyzed).toBe(false);
    if (expected.integrity !== undefined) {
      const algorithm = expected.integrity.startsWith('sha1-') ? 'SHA-1' : 'SHA-512';
      expect(component.hashes).toContainEqual({ algorithm, value: hexOfSri(expected.integrity) });
    }
    if (expected.license !== undefined)
      expect(component.licenses?.declared?.expression).toBe(expected.license);
    if (expected.scope !== undefined) expect(component.scope).toBe(expected.scope);
    if (expected.alias !== undefined && component.metadata?.kind === 'npm')
      expect(component.metadata.aliases).toContain(expected.alias);
    if (expected.workspace !== undefined && component.metadata?.kind === 'npm')
      expect(component.metadata.workspace ?? false).toBe(expected.workspace);
    if (expected.properties !== undefined) expect(component.properties).toMatchObject(expected.properties);
  });
}

export function checkEdges(get: () => CatalogResult, edges: string[]): void {
  it.each(edges)('records the edge %s', (edge) => {
    expect(edgesOf(get())).toContain(edge);
  });
}
