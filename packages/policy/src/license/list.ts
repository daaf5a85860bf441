import { type LicenseLeaf, normalizeLicenseCached, tryParseLicenseExpression } from '@custody/sbom';
import { LICENSE_CATEGORIES, NETWORK_COPYLEFT } from './categories.js';
import { isLicenseCategory, type LicenseCategory } from './category.js';
import { admittedLicenses } from './families.js';

const CATEGORY_PREFIX = 'category:';

/** The categories of one concrete license: its ScanCode category, and `network-copyleft` where it applies. */
export function categoriesOf(id: string): LicenseCategory[] {
  // Own keys only: an id read from a document must not find Object.prototype members.
  const category = Object.hasOwn(LICENSE_CATEGORIES, id)
    ? (LICENSE_CATEGORIES[id] as LicenseCategory)
    : 'unknown';
  return NETWORK_COPYLEFT.has(id) ? [category, 'network-copyleft'] : [category];
}

/** One entry of an allow or deny list, read. */
export type ListEntry =
  | { type: 'category'; category: LicenseCategory }
  | { type: 'license'; licenses: string[]; exception?: string };

/** Why an entry cannot be read; undefined when it can. */
export function readListEntry(text: string): ListEntry | string {
  const trimmed = text.trim();
  if (trimmed.startsWith(CATEGORY_PREFIX)) {
    const name = trimmed.slice(CATEGORY_PREFIX.length);
    return isLicenseCategory(name)
      ? { type: 'category', category: name }
      : `unknown license category "${name}"`;
  }
  // Entries are normalized as component licenses are (deprecated ids, case), so that
  // `GPL-2.0` on a list means what `GPL-2.0` in an SBOM means.
  const normalized = normalizeLicenseCached(trimmed).statement.expression;
  const node = tryParseLicenseExpression(normalized);
  if (
    node === undefined ||
    node.type !== 'license' ||
    /^LicenseRef-/i.test(normalized) !== /^LicenseRef-/i.test(trimmed)
  ) {
    return `"${trimmed}" is not a single SPDX license id, LicenseRef-, "X WITH Y" or category:NAME`;
  }
  const entry: ListEntry = { type: 'license', licenses: admittedLicenses(node.license, node.plus) };
  if (node.exception !== undefined) entry.exception = node.exception;
  return entry;
}

const key = (id: string): string => id.toLowerCase();

/**
 * An allow or deny list compiled for lookups: the concrete licenses it names bare, those it names
 * with each exception, and its categories.
 */
export class LicenseList {
  private readonly bare = new Set<string>();
  private readonly withException = new Map<string, Set<string>>();
  private readonly categories = new Set<LicenseCategory>();

  constructor(entries: readonly string[]) {
    for (const text of entries) {
      const entry = readListEntry(text);
      if (typeof entry === 'string') continue; // reported by validation, never reached for a loaded policy
      if (entry.type === 'category') this.categories.add(entry.category);
      else if (entry.exception === undefined) for (const id of entry.licenses) this.bare.add(key(id));
      else {
        const set = this.withException.get(key(entry.exception)) ?? new Set<string>();
        this.withException.set(key(entry.exception), set);
        for (const id of entry.licenses) set.add(key(id));
      }
    }
  }

  /** True when the list names this concrete license, by id or by one of its categories. */
  holdsLicense(id: string): boolean {
    if (this.bare.has(key(id))) return true;
    if (this.categories.size === 0) return false;
    return categoriesOf(id).some((c) => this.categories.has(c));
  }

  /**
   * True when the list covers this concrete license under the leaf's exception: an `X WITH Y`
   * entry always; the bare license only when exceptions inherit.
   */
  holds(id: string, exception: string | undefined, exceptionsInherit: boolean): boolean {
    if (exception === undefined) return this.holdsLicense(id);
    if (this.withException.get(key(exception))?.has(key(id)) === true) return true;
    return exceptionsInherit && this.holdsLicense(id);
  }
}

/** The concrete licenses a leaf admits (one, or several for `-or-later` and `+`). */
export function leafLicenses(leaf: LicenseLeaf): string[] {
  return admittedLicenses(leaf.license, leaf.plus);
}
