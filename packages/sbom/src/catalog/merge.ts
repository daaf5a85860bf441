import type {
  Component,
  ComponentScope,
  DependencyKind,
  LicenseDefinition,
  Relationship,
} from '../model/index.js';
import type { ParsedPackages } from './cataloger.js';

const KIND_STRENGTH: Record<DependencyKind, number> = { prod: 3, peer: 2, optional: 1, dev: 0 };

/**
 * Merges what several manifests found. A component found twice (the same id from two lockfiles)
 * is one component: evidence, lockfile paths and aliases accumulate, the first source's other
 * fields stay. Of two edges between the same pair, the stronger kind stays.
 */
export class CatalogMerger {
  readonly components = new Map<string, Component>();
  readonly relationships = new Map<string, Relationship>();
  readonly licenseDefinitions = new Map<string, LicenseDefinition>();
  readonly warnings: string[] = [];

  addComponent(component: Component): void {
    const existing = this.components.get(component.id);
    if (existing === undefined) {
      this.components.set(component.id, component);
      return;
    }
    for (const evidence of component.evidence ?? []) {
      existing.evidence ??= [];
      if (!existing.evidence.some((e) => e.path === evidence.path && e.layer === evidence.layer))
        existing.evidence.push(evidence);
    }
    const a = existing.metadata;
    const b = component.metadata;
    if (a?.kind === 'npm' && b?.kind === 'npm') {
      for (const field of ['lockfilePaths', 'aliases'] as const) {
        const extra = b[field];
        if (extra === undefined) continue;
        const list = a[field] ?? [];
        for (const value of extra) if (!list.includes(value)) list.push(value);
        a[field] = list;
      }
      if (b.workspace) a.workspace = true;
    }
    existing.hashes ??= component.hashes;
    existing.licenses ??= component.licenses;
    existing.downloadLocation ??= component.downloadLocation;
    if (existing.hashes === undefined) delete existing.hashes;
    if (existing.licenses === undefined) delete existing.licenses;
    if (existing.downloadLocation === undefined) delete existing.downloadLocation;
  }

  addRelationship(relationship: Relationship): void {
    const key = `${relationship.from}\u0000${relationship.to}\u0000${relationship.type}`;
    const existing = this.relationships.get(key);
    if (
      existing?.dependencyKind !== undefined &&
      relationship.dependencyKind !== undefined &&
      KIND_STRENGTH[existing.dependencyKind] >= KIND_STRENGTH[relationship.dependencyKind]
    )
      return;
    if (existing !== undefined && relationship.dependencyKind === undefined) return;
    this.relationships.set(key, relationship);
  }

  add(parsed: ParsedPackages): void {
    for (const component of parsed.components) this.addComponent(component);
    for (const relationship of parsed.relationships) this.addRelationship(relationship);
    for (const definition of parsed.licenseDefinitions)
      if (!this.licenseDefinitions.has(definition.id)) this.licenseDefinitions.set(definition.id, definition);
    this.warnings.push(...parsed.warnings);
  }
}

/** Ids reachable from `root` following edges whose kind `follow` accepts. */
function reachable(
  root: string,
  adjacency: Map<string, Relationship[]>,
  follow: (kind: DependencyKind | undefined) => boolean,
): Set<string> {
  const seen = new Set<string>([root]);
  const queue = [root];
  for (let i = 0; i < queue.length; i++) {
    const edges = adjacency.get(queue[i] as string);
    if (edges === undefined) continue;
    for (let j = 0; j < edges.length; j++) {
      const edge = edges[j] as Relationship;
      if (seen.has(edge.to) || !follow(edge.dependencyKind)) continue;
      seen.add(edge.to);
      queue.push(edge.to);
    }
  }
  return seen;
}

/**
 * Sets each component's scope from the graph: `required` when some path from the root uses only
 * prod and peer edges; `optional` when every non-dev path goes through an optional edge; `dev`
 * when every path goes through a dev edge. A component no path reaches keeps its lockfile's flag.
 */
export function assignScopes(
  rootId: string,
  components: Iterable<Component>,
  relationships: Iterable<Relationship>,
): void {
  const adjacency = new Map<string, Relationship[]>();
  for (const edge of relationships) {
    if (edge.type !== 'DEPENDS_ON' && edge.type !== 'CONTAINS') continue;
    const list = adjacency.get(edge.from);
    if (list === undefined) adjacency.set(edge.from, [edge]);
    else list.push(edge);
  }
  const required = reachable(rootId, adjacency, (k) => k === undefined || k === 'prod' || k === 'peer');
  const shipped = reachable(rootId, adjacency, (k) => k !== 'dev');
  const any = reachable(rootId, adjacency, () => true);
  for (const component of components) {
    let scope: ComponentScope | undefined;
    if (required.has(component.id)) scope = 'required';
    else if (shipped.has(component.id)) scope = 'optional';
    else if (any.has(component.id)) scope = 'dev';
    else scope = component.scope;
    // `delete` only where there is something to delete: it turns an object into a slow dictionary.
    if (scope !== undefined) component.scope = scope;
    else if (component.scope !== undefined) delete component.scope;
  }
}
