import type { VersionScheme } from './scheme.js';

/**
 * A PEP 440 version split into the parts its ordering uses ("Version scheme", "Summary of
 * permitted suffixes and relative ordering"). `pre` is `[letter, number]` with the letter in
 * normal form (`a`, `b`, `rc`).
 */
export interface Pep440Version {
  epoch: number;
  release: number[];
  pre?: ['a' | 'b' | 'rc', number];
  post?: number;
  dev?: number;
  local?: (number | string)[];
}

// The permissive form PEP 440 "Normalization" accepts: leading `v`, any of `.-_` separators,
// the spellings alpha/beta/c/pre/preview/rev/r, implicit numbers and implicit post releases (`1.0-1`).
const PATTERN =
  /^v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\d+)?)?(?:-(\d+)|[-_.]?(post|rev|r)[-_.]?(\d+)?)?(?:[-_.]?(dev)[-_.]?(\d+)?)?(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?$/;

const PRE_LETTER: Record<string, 'a' | 'b' | 'rc'> = {
  a: 'a',
  alpha: 'a',
  b: 'b',
  beta: 'b',
  c: 'rc',
  rc: 'rc',
  pre: 'rc',
  preview: 'rc',
};

/** Parses a PEP 440 version (case-insensitive, normalization rules applied); undefined when invalid. */
export function parsePep440Version(raw: string): Pep440Version | undefined {
  const match = PATTERN.exec(raw.trim().toLowerCase());
  if (match === null) return undefined;
  const [
    ,
    epoch,
    release,
    preLetter,
    preNumber,
    implicitPost,
    postWord,
    postNumber,
    devWord,
    devNumber,
    local,
  ] = match;
  const version: Pep440Version = {
    epoch: epoch === undefined ? 0 : Number(epoch),
    release: (release ?? '0').split('.').map(Number),
  };
  if (preLetter !== undefined) version.pre = [PRE_LETTER[preLetter] ?? 'rc', Number(preNumber ?? 0)];
  if (implicitPost !== undefined) version.post = Number(implicitPost);
  else if (postWord !== undefined) version.post = Number(postNumber ?? 0);
  if (devWord !== undefined) version.dev = Number(devNumber ?? 0);
  if (local !== undefined) {
    version.local = local.split(/[-_.]/).map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  }
  return version;
}

function compareNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareRelease(a: number[], b: number[]): number {
  // Trailing zeros are insignificant: 1.0 == 1.0.0 (PEP 440 "Release segment").
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const order = compareNumbers(a[i] ?? 0, b[i] ?? 0);
    if (order !== 0) return order;
  }
  return 0;
}

const PRE_RANK = { a: 0, b: 1, rc: 2 } as const;

/**
 * Where the pre-release part sorts: a bare dev release (`1.0.dev1`) before any pre-release of the
 * same release, a final or post release after them all.
 */
function preKey(v: Pep440Version): [number, number] {
  if (v.pre !== undefined) return [PRE_RANK[v.pre[0]], v.pre[1]];
  if (v.post === undefined && v.dev !== undefined) return [-1, 0];
  return [3, 0];
}

function compareLocal(a: (number | string)[] | undefined, b: (number | string)[] | undefined): number {
  // A version without a local label sorts before the same version with one; numeric segments
  // sort after alphanumeric ones; a longer label that shares a prefix is newer (PEP 440 "Local version identifiers").
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (typeof x === 'number' && typeof y === 'number') {
      const order = compareNumbers(x, y);
      if (order !== 0) return order;
    } else if (typeof x === 'number') return 1;
    else if (typeof y === 'number') return -1;
    else if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** Orders two parsed PEP 440 versions. */
export function comparePep440Parsed(a: Pep440Version, b: Pep440Version): number {
  return (
    compareNumbers(a.epoch, b.epoch) ||
    compareRelease(a.release, b.release) ||
    compareNumbers(...pairOf(preKey(a), preKey(b), 0)) ||
    compareNumbers(...pairOf(preKey(a), preKey(b), 1)) ||
    compareNumbers(a.post ?? -1, b.post ?? -1) ||
    compareNumbers(a.dev ?? Number.POSITIVE_INFINITY, b.dev ?? Number.POSITIVE_INFINITY) ||
    compareLocal(a.local, b.local)
  );
}

function pairOf(a: [number, number], b: [number, number], index: 0 | 1): [number, number] {
  return [a[index], b[index]];
}

/**
 * Compares two PyPI versions by PEP 440. Strings that are not PEP 440 versions (legacy versions)
 * sort before every valid one and among themselves by plain string order, as pip's old
 * LegacyVersion did.
 */
export function comparePep440Versions(a: string, b: string): number {
  const va = parsePep440Version(a);
  const vb = parsePep440Version(b);
  if (va !== undefined && vb !== undefined) return comparePep440Parsed(va, vb);
  if (va === undefined && vb === undefined) return a < b ? -1 : a > b ? 1 : 0;
  return va === undefined ? -1 : 1;
}

/** PyPI's version order (PEP 440) as a scheme. */
export const pep440Scheme: VersionScheme = {
  name: 'pypi',
  isValid: (version) => parsePep440Version(version) !== undefined,
  compare: comparePep440Versions,
};
