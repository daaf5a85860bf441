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

function compareRelationships(a: Relationship, b: Relationship): number {
  return (
    compareText(a.from, b.from) ||
    compareText(a.to, b.to) ||
    compareText(a.type, b.type) ||
    compareText(a.dependencyKind ?? '', b.dependencyKind ?? '')
  );
}

/**
 * Relationships in a stable order (from, to, type, kind: the catalog's own order, so sorting its
 * output is a single pass) with exact duplicates dropped: the same
 * edge recorded twice (npm nested copies, pnpm peer variants of one package) is one edge. Fields
 * are compared one by one rather than through joined keys: building and comparing thousands of
 * concatenated strings cost more than the rest of the document on large lockfiles.
 */
export function sortRelationships(relationships: Relationship[]): Relationship[] {
  const sorted = [...relationships].sort(compareRelationships);
  const unique: Relationship[] = [];
  for (const relationship of sorted) {
    const previous = unique[unique.length - 1];
    if (previous === undefined || compareRelationships(previous, relationship) !== 0)
      unique.push(relationship);
  }
  return unique;
}
