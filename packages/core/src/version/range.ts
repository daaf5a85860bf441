import { createRequire } from 'node:module';
import type Semver from 'semver';
import { CoreError } from '../errors/index.js';
import { lazy } from '../lazy/require.js';
import type { VersionScheme } from './scheme.js';

const require = createRequire(import.meta.url);

// Only the Range class (and what it requires), not all of semver: a policy with version ranges
// compiles them on every `policy check`, and the whole library is twice the modules to load.
const SemverRange = lazy(() => require('semver/classes/range') as typeof Semver.Range);

/** One comparison of a version range: `>= 1.2`, `!= 2.0`, `= 3.1-2`. */
export interface VersionComparator {
  operator: '=' | '!=' | '<' | '<=' | '>' | '>=';
  version: string;
}

/**
 * A version range independent of ecosystem: a disjunction (`||`) of conjunctions (`,` or spaces)
 * of comparators, so `>=1.0, <1.4 || >=2.0, <2.1` reads as in most package managers. `*` matches
 * every version. The versions are compared with the scheme the range is applied with.
 */
export interface VersionRange {
  any: VersionComparator[][];
}

const COMPARATOR = /^(>=|<=|!=|==|=|<|>)?\s*(\S+)$/;

/** Parses a range; throws a CoreError INVALID_VERSION naming the bad part. */
export function parseVersionRange(text: string): VersionRange {
  const trimmed = text.trim();
  if (trimmed === '*' || trimmed === '') return { any: [[]] };
  const any = trimmed.split('||').map((alternative) => {
    // Operators may be written apart from their version (`>= 1.0`): glue them first.
    const parts = alternative
      .trim()
      .replace(/(>=|<=|!=|==|=|<|>)\s+/g, '$1')
      .split(/[\s,]+/)
      .filter((part) => part !== '');
    if (parts.length === 0) throw invalidRange(text, 'an empty alternative');
    return parts.map((part) => {
      const match = COMPARATOR.exec(part);
      if (match === null || match[2] === undefined || /^[<>=!]/.test(match[2]))
        throw invalidRange(text, part);
      const operator =
        match[1] === undefined || match[1] === '==' ? '=' : (match[1] as VersionComparator['operator']);
      return { operator, version: match[2] };
    });
  });
  return { any };
}

function invalidRange(range: string, part: string): CoreError {
  return new CoreError('INVALID_VERSION', 'input', `invalid version range "${range}": ${part}`, {
    hint: 'write comparators like ">=1.0, <2.0 || =3.1" (operators =, !=, <, <=, >, >=)',
  });
}

function holds(order: number, operator: VersionComparator['operator']): boolean {
  switch (operator) {
    case '=':
      return order === 0;
    case '!=':
      return order !== 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
  }
}

/** True when `version` lies in `range` under `scheme`'s order. */
export function satisfiesVersionRange(version: string, range: VersionRange, scheme: VersionScheme): boolean {
  return range.any.some((all) =>
    all.every((comparator) => holds(scheme.compare(version, comparator.version), comparator.operator)),
  );
}

/**
 * An npm range (node-semver syntax, as `satisfiesSemverRange` reads it) compiled once, for testing
 * many versions; throws a CoreError INVALID_VERSION for a range npm would refuse.
 */
export function npmRangeMatcher(range: string): (version: string) => boolean {
  let compiled: Semver.Range;
  try {
    compiled = new (SemverRange())(range, { loose: true });
  } catch {
    throw invalidRange(range, 'not an npm semver range');
  }
  return (version) => compiled.test(version);
}
