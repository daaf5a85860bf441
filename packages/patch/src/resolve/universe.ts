import type { PackageVersion } from '../index-model/index.js';

/** What pinning reads of a repository's `Release` file (apt_preferences(5) "release" keys). */
export interface ReleaseFacts {
  suite?: string;
  codename?: string;
  origin?: string;
  label?: string;
  /** `NotAutomatic: yes`: versions pinned at 1 (100 with ButAutomaticUpgrades). */
  notAutomatic?: boolean;
  butAutomaticUpgrades?: boolean;
}

/** One Packages index a version was read from (a suite, component and architecture of a repository). */
export interface PackageOrigin {
  /** The repository's base URI; a version's `Filename` is relative to it. */
  baseUri: string;
  component: string;
  release: ReleaseFacts;
}

/**
 * One version of one package as the resolver sees it: apt's (name, architecture) package, with the
 * indexes that list it and whether dpkg has it installed.
 */
export interface VersionEntry {
  readonly version: PackageVersion;
  /** `name:arch`, with `all` counted as the native architecture (as apt and dpkg do). */
  readonly key: string;
  readonly arch: string;
  readonly origins: PackageOrigin[];
  installed: boolean;
}

/**
 * Every version of every package of the architectures dpkg is configured for, merged by
 * (name, architecture, version) across indexes and dpkg's status, as apt's cache merges them.
 */
export class PackageUniverse {
  readonly nativeArch: string;
  readonly architectures: readonly string[];
  private readonly byKey = new Map<string, VersionEntry[]>();
  private readonly installedByKey = new Map<string, VersionEntry>();
  private providersByName: Map<string, VersionEntry[]> | undefined;

  constructor(nativeArch: string, foreignArchs: readonly string[] = []) {
    this.nativeArch = nativeArch;
    this.architectures = [nativeArch, ...foreignArchs.filter((a) => a !== nativeArch)];
  }

  /** The architecture a package of `architecture` counts as (`all` is native). */
  archOf(architecture: string): string {
    return architecture === 'all' ? this.nativeArch : architecture;
  }

  /** Adds the versions of one index; versions of architectures dpkg does not know are ignored. */
  addIndex(origin: PackageOrigin, versions: Iterable<PackageVersion>): void {
    for (const version of versions) {
      const entry = this.entryFor(version);
      if (entry !== undefined && !entry.origins.includes(origin)) entry.origins.push(origin);
    }
  }

  /** Adds a version dpkg has installed. */
  addInstalled(version: PackageVersion): void {
    const entry = this.entryFor(version, true);
    if (entry === undefined) return;
    entry.installed = true;
    this.installedByKey.set(entry.key, entry);
  }

  private entryFor(version: PackageVersion, force = false): VersionEntry | undefined {
    const arch = this.archOf(version.architecture);
    if (!force && !this.architectures.includes(arch)) return undefined;
    const key = `${version.name}:${arch}`;
    let entries = this.byKey.get(key);
    if (entries === undefined) {
      entries = [];
      this.byKey.set(key, entries);
    }
    for (const entry of entries) if (entry.version.version === version.version) return entry;
    const entry: VersionEntry = { version, key, arch, origins: [], installed: false };
    entries.push(entry);
    this.providersByName = undefined;
    return entry;
  }

  /** Every version of `name:arch`, in no particular order. */
  versionsOf(key: string): readonly VersionEntry[] {
    return this.byKey.get(key) ?? [];
  }

  /** The installed version of `name:arch`, if dpkg has one. */
  installedOf(key: string): VersionEntry | undefined {
    return this.installedByKey.get(key);
  }

  /** Every installed version. */
  installed(): IterableIterator<VersionEntry> {
    return this.installedByKey.values();
  }

  /** The keys of `name` for every configured architecture that has versions. */
  keysOf(name: string): string[] {
    const keys: string[] = [];
    for (const arch of this.architectures) {
      const key = `${name}:${arch}`;
      if (this.byKey.has(key)) keys.push(key);
    }
    return keys;
  }

  /** Versions whose `Provides` names `name` (built on first use). */
  providersOf(name: string): readonly VersionEntry[] {
    if (this.providersByName === undefined) {
      const map = new Map<string, VersionEntry[]>();
      for (const entries of this.byKey.values()) {
        for (const entry of entries) {
          if (entry.version.stanza.Provides === undefined) continue;
          for (const group of entry.version.relations('Provides')) {
            for (const provided of group) {
              const list = map.get(provided.name);
              if (list === undefined) map.set(provided.name, [entry]);
              else if (!list.includes(entry)) list.push(entry);
            }
          }
        }
      }
      this.providersByName = map;
    }
    return this.providersByName.get(name) ?? [];
  }
}
