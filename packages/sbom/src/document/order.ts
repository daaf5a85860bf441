import type { Component, Relationship } from '../model/index.js';

/**
 * Code-unit order, not `localeCompare`: the result must not depend on the machine's locale (a
 * reproducible document is byte-identical everywhere) and it is several times faster.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Components by id. Ids are unique, so the order is total. */
export function sortComponents(components: Component[]): Component[] {
  return [...components].sort((a, b) => compareText(a.id, b.id));
}

function relationshipKey(relationship: Relationship): string {
  return `${relationship.from}\u0000${relationship.type}\u0000${relationship.to}\u0000${relationship.dependencyKind ?? ''}`;
}

/**
 * Relationships in a stable order (from, type, to, kind) with exact duplicates dropped: the same
 * edge recorded twice (npm nested copies, pnpm peer variants of one package) is one edge.
 */
export function sortRelationships(relationships: Relationship[]): Relationship[] {
  const byKey = new Map<string, Relationship>();
  for (const relationship of relationships) {
    const key = relationshipKey(relationship);
    if (!byKey.has(key)) byKey.set(key, relationship);
  }
  return [...byKey.keys()].sort(compareText).map((key) => byKey.get(key)!);
}
