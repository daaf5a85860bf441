import { compareDebianVersions } from '@custody/core';
import type { Relation, RelationOperator } from '../index-model/index.js';
import type { VersionEntry } from './universe.js';

/** Whether `version` satisfies `operator reference` (Policy 7.1). */
export function versionSatisfies(version: string, operator: RelationOperator, reference: string): boolean {
  const order = compareDebianVersions(version, reference);
  switch (operator) {
    case '<<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '=':
      return order === 0;
    case '>=':
      return order >= 0;
    case '>>':
      return order > 0;
  }
}

/** Positive relations (Depends, Pre-Depends) or negative ones (Breaks, Conflicts). */
export type RelationKind = 'positive' | 'negative';

/**
 * Whether a package of architecture `targetArch` and Multi-Arch `multiArch` can satisfy `relation`
 * written by a package of architecture `fromArch` (dpkg's deparchsatisfied, lib/dpkg/depcon.c):
 * an unqualified relation wants the depender's architecture unless the target is
 * `Multi-Arch: foreign`; `:any` wants `Multi-Arch: allowed`; negative relations without a
 * qualifier hit every architecture, as apt applies them.
 */
export function archSatisfies(
  relation: Relation,
  kind: RelationKind,
  fromArch: string,
  target: VersionEntry,
  nativeArch: string,
): boolean {
  const qualifier = relation.arch;
  if (qualifier === undefined) {
    if (kind === 'negative' || target.version.multiArch === 'foreign') return true;
    return target.arch === fromArch;
  }
  if (qualifier === 'any') return kind === 'negative' || target.version.multiArch === 'allowed';
  const wanted = qualifier === 'native' || qualifier === 'all' ? nativeArch : qualifier;
  return target.arch === wanted;
}

/** Whether the real package `target` (same name) satisfies `relation`. */
export function realSatisfies(
  relation: Relation,
  kind: RelationKind,
  fromArch: string,
  target: VersionEntry,
  nativeArch: string,
): boolean {
  if (target.version.name !== relation.name) return false;
  if (!archSatisfies(relation, kind, fromArch, target, nativeArch)) return false;
  return (
    relation.operator === undefined ||
    versionSatisfies(target.version.version, relation.operator, relation.version!)
  );
}

/**
 * Whether `provider` satisfies `relation` through its `Provides`. Only versioned Provides
 * (`Provides: foo (= 1.2)`) satisfy versioned relations (Policy 7.5); an unversioned Provides
 * satisfies only unversioned ones.
 */
export function providerSatisfies(
  relation: Relation,
  kind: RelationKind,
  fromArch: string,
  provider: VersionEntry,
  nativeArch: string,
): boolean {
  if (!archSatisfies(relation, kind, fromArch, provider, nativeArch)) return false;
  for (const group of provider.version.relations('Provides')) {
    for (const provided of group) {
      if (provided.name !== relation.name) continue;
      if (relation.operator === undefined) return true;
      if (provided.version === undefined) continue;
      if (versionSatisfies(provided.version, relation.operator, relation.version!)) return true;
    }
  }
  return false;
}
