import type { Stanza } from './deb822.js';
import { parseRelations, type RelationGroup } from './relations.js';

/** Multi-Arch values (Debian's MultiarchSpec); absent means `no`. */
export type MultiArch = 'no' | 'same' | 'foreign' | 'allowed';

/** Relationship fields the resolver reads. */
export type RelationField = 'Depends' | 'Pre-Depends' | 'Provides' | 'Breaks' | 'Conflicts' | 'Replaces';

/** Fields kept from Packages indexes and dpkg's status file; the rest (Description…) is skipped. */
export const INDEX_FIELDS: ReadonlySet<string> = new Set([
  'Package',
  'Version',
  'Architecture',
  'Multi-Arch',
  'Essential',
  'Priority',
  'Source',
  'Depends',
  'Pre-Depends',
  'Provides',
  'Breaks',
  'Conflicts',
  'Replaces',
  'Filename',
  'Size',
  'SHA256',
  'Status',
]);

function multiArchOf(value: string | undefined): MultiArch {
  return value === 'same' || value === 'foreign' || value === 'allowed' ? value : 'no';
}

/**
 * One version of one binary package, from a Packages index or dpkg's status. Relationship fields
 * are parsed on first use: a resolver touches a few hundred of an index's 63,000 versions.
 */
export class PackageVersion {
  readonly name: string;
  readonly version: string;
  /** As written: an architecture name or `all`. */
  readonly architecture: string;
  readonly multiArch: MultiArch;
  readonly essential: boolean;
  readonly stanza: Stanza;
  private parsed: Partial<Record<RelationField, RelationGroup[]>> | undefined;

  constructor(stanza: Stanza) {
    this.stanza = stanza;
    this.name = stanza.Package ?? '';
    this.version = stanza.Version ?? '';
    this.architecture = stanza.Architecture ?? 'all';
    this.multiArch = multiArchOf(stanza['Multi-Arch']);
    this.essential = stanza.Essential === 'yes';
  }

  /** The parsed groups of one relationship field (empty when the field is absent). */
  relations(field: RelationField): RelationGroup[] {
    this.parsed ??= {};
    let groups = this.parsed[field];
    if (groups === undefined) {
      groups = parseRelations(this.stanza[field]);
      this.parsed[field] = groups;
    }
    return groups;
  }

  /** `Filename` relative to the repository's base URI, for versions from an index. */
  get filename(): string | undefined {
    return this.stanza.Filename;
  }

  get sha256(): string | undefined {
    return this.stanza.SHA256;
  }

  get size(): number | undefined {
    const size = this.stanza.Size;
    return size === undefined ? undefined : Number(size);
  }

  /** The source package name (without the `(version)` part), defaulting to the binary's name. */
  get source(): string {
    const source = this.stanza.Source;
    if (source === undefined) return this.name;
    const space = source.indexOf(' ');
    return space < 0 ? source : source.slice(0, space);
  }

  /** `name version arch`, for messages. */
  toString(): string {
    return `${this.name} ${this.version} (${this.architecture})`;
  }
}
