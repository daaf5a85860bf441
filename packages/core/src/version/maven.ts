import type { VersionScheme } from './scheme.js';

/**
 * Maven's version order, after org.apache.maven.artifact.versioning.ComparableVersion and the
 * "Version Order Specification" of the POM reference: a version is a list of numbers and
 * qualifiers; a hyphen, or a switch between digits and letters, opens a sub-list; trailing
 * "null" items (0, "", "ga", "final", "release") are dropped from each list.
 */
type Item =
  | { kind: 'int'; value: bigint }
  | { kind: 'string'; value: string }
  | { kind: 'list'; items: Item[] };

// Known qualifiers in order; the empty qualifier (a release) sits between snapshot and sp.
const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const QUALIFIER_ALIASES: Record<string, string> = { ga: '', final: '', release: '', cr: 'rc' };
const RELEASE_RANK = QUALIFIERS.indexOf('');

function stringItem(value: string, followedByDigit: boolean): Item {
  // `a1`, `b2`, `m3` abbreviate alpha, beta and milestone only when a number follows directly.
  let text = value;
  if (followedByDigit && text.length === 1) {
    if (text === 'a') text = 'alpha';
    else if (text === 'b') text = 'beta';
    else if (text === 'm') text = 'milestone';
  }
  // Own keys only: `constructor` in a version must not find an Object.prototype member.
  const alias = Object.hasOwn(QUALIFIER_ALIASES, text) ? QUALIFIER_ALIASES[text] : undefined;
  return { kind: 'string', value: alias ?? text };
}

/** A qualifier's sort key: known ones by rank, unknown ones after all of them, lexically. */
function qualifierKey(value: string): string {
  const rank = QUALIFIERS.indexOf(value);
  return rank >= 0 ? String(rank) : `${QUALIFIERS.length}-${value}`;
}

function isNullItem(item: Item): boolean {
  if (item.kind === 'int') return item.value === 0n;
  if (item.kind === 'string') return qualifierKey(item.value) === String(RELEASE_RANK);
  return item.items.length === 0;
}

function normalize(list: Item[]): void {
  for (let i = list.length - 1; i >= 0; i--) {
    const item = list[i] as Item;
    if (isNullItem(item)) list.splice(i, 1);
    else if (item.kind !== 'list') break;
  }
}

function numberItem(text: string): Item {
  return { kind: 'int', value: BigInt(text) };
}

/** Splits a Maven version into ComparableVersion's item tree. */
export function parseMavenVersion(version: string): Item[] {
  const text = version.toLowerCase();
  const root: Item[] = [];
  let list = root;
  const stack: Item[][] = [root];
  let isDigit = false;
  let start = 0;
  const openSubList = (): void => {
    const next: Item[] = [];
    list.push({ kind: 'list', items: next });
    list = next;
    stack.push(next);
  };
  const token = (end: number): Item => {
    const part = text.slice(start, end);
    return isDigit ? numberItem(part) : stringItem(part, false);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e /* . */) {
      list.push(i === start ? numberItem('0') : token(i));
      start = i + 1;
    } else if (c === 0x2d /* - */) {
      list.push(i === start ? numberItem('0') : token(i));
      start = i + 1;
      openSubList();
    } else if (c >= 0x30 && c <= 0x39) {
      if (!isDigit && i > start) {
        list.push(stringItem(text.slice(start, i), true));
        start = i;
        openSubList();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.push(token(i));
        start = i;
        openSubList();
      }
      isDigit = false;
    }
  }
  if (text.length > start) {
    // Maven 3.9: a trailing `.X` qualifier counts as `-X`, so that 1.0.0.X1 < 1.0.0-X2 and 1.foo == 1-foo.
    if (!isDigit && list.length > 0) openSubList();
    list.push(token(text.length));
  }
  for (let i = stack.length - 1; i >= 0; i--) normalize(stack[i] as Item[]);
  return root;
}

function compareItem(a: Item | undefined, b: Item | undefined): number {
  if (a === undefined) return b === undefined ? 0 : -compareItem(b, undefined);
  switch (a.kind) {
    case 'int':
      if (b === undefined) return a.value === 0n ? 0 : 1; // 1.0 == 1, 1.1 > 1
      if (b.kind === 'int') return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
      return 1; // 1.1 > 1-sp, 1.1 > 1-1
    case 'string': {
      const key = qualifierKey(a.value);
      if (b === undefined) return compareStrings(key, String(RELEASE_RANK)); // 1-rc < 1, 1-sp > 1
      if (b.kind === 'string') return compareStrings(key, qualifierKey(b.value));
      return -1; // 1-sp < 1.1, 1-sp < 1-1
    }
    case 'list':
      if (b === undefined) return a.items.length === 0 ? 0 : compareItem(a.items[0], undefined);
      if (b.kind === 'int') return -1; // 1-1 < 1.0.x
      if (b.kind === 'string') return 1; // 1-1 > 1-sp
      return compareLists(a.items, b.items);
  }
}

function compareLists(a: Item[], b: Item[]): number {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const order = compareItem(a[i], b[i]);
    if (order !== 0) return order;
  }
  return 0;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares two Maven versions as Maven's ComparableVersion does. */
export function compareMavenVersions(a: string, b: string): number {
  return Math.sign(compareLists(parseMavenVersion(a), parseMavenVersion(b)));
}

/** Maven's version order as a scheme; every non-empty string is a Maven version. */
export const mavenVersionScheme: VersionScheme = {
  name: 'maven',
  isValid: (version) => version.trim() !== '',
  compare: compareMavenVersions,
};
