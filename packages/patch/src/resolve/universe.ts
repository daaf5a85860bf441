import {
  InMemoryIndexData,
  type PackageIndexData,
  type PackageVersion,
  providedNames,
} from '../index-model/index.js';

/** What pinning reads of a repository's `Release` file (apt_preferences(5) "release" keys). */
export interface ReleaseFacts {
  suite?: string;
  codename?: string;
  origin?: string;
  label?: string;
  /** `Version` (e.g. `12.7`), for `Pin: release v=`. */
  version?: string;
  /** `NotAutomatic: yes`: versions pinned at 1 (100 with ButAutomaticUpgrades). */
  notAutomatic?: boolean;
  butAutomaticUpgrades?: boolean;
}

/** One Packages index a version was read from (a suite, component and architecture of a repository). */
export interface PackageOrigin {
  /** The repository's base URI; a version's `Filename` is relative to it. */
  baseUri: string;
  component: string;
  /** The index's architecture, for `Pin: release b=`. */
  architecture?: string;
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
 * Names are looked up in the indexes on first use: a plan touches a few hundred of 63,000.
 */
export class PackageUniverse {
  readonly nativeArch: string;
  readonly architectures: readonly string[];
  private readonly indexes: { origin: PackageOrigin; data: PackageIndexData }[] = [];
  private readonly installedByName = new Map<string, PackageVersion[]>();
  private readonly byKey = new Map<string, VersionEntry[]>();
  private readonly installedByKey = new Map<string, VersionEntry>();
  private readonly loadedNames = new Set<string>();

  constructor(nativeArch: string, foreignArchs: readonly string[] = []) {
    this.nativeArch = nativeArch;
    this.architectures = [nativeArch, ...foreignArchs.filter((a) => a !== nativeArch)];
  }

  /** The architecture a package of `architecture` counts as (`all` is native). */
  archOf(architecture: string): string {
    return architecture === 'all' ? this.nativeArch : architecture;
  }

  /** Adds one index; its versions of architectures dpkg does not know are ignored. */
  addIndex(origin: PackageOrigin, data: PackageIndexData | Iterable<PackageVersion>): void {
    const indexData = 'versionsNamed' in data ? data : new InMemoryIndexData(data);
    this.indexes.push({ origin, data: indexData });
    this.loadedNames.clear();
    this.byKey.clear();
    this.installedByKey.clear();
    for (const name of this.installedByName.keys()) this.load(name);
  }

  /** Adds a version dpkg has installed. */
  addInstalled(version: PackageVersion): void {
    const list = this.installedByName.get(version.name);
    if (list === undefined) this.installedByName.set(version.name, [version]);
    else list.push(version);
    if (this.loadedNames.has(version.name)) this.markInstalled(version);
    else this.load(version.name);
  }

  private markInstalled(version: PackageVersion): void {
    const entry = this.entryFor(version, true);
    if (entry === undefined) return;
    entry.installed = true;
    this.installedByKey.set(entry.key, entry);
  }

  /** Reads every index's versions of `name` once. */
  private load(name: string): void {
    if (this.loadedNames.has(name)) return;
    this.loadedNames.add(name);
    for (const { origin, data } of this.indexes) {
      for (const version of data.versionsNamed(name)) {
        const entry = this.entryFor(version);
        if (entry !== undefined && !entry.origins.includes(origin)) entry.origins.push(origin);
      }
    }
    for (const version of this.installedByName.get(name) ?? []) this.markInstalled(version);
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
    return entry;
  }

  /** Every version of `name:arch`, in no particular order. */
  versionsOf(key: string): readonly VersionEntry[] {
    this.load(key.slice(0, key.lastIndexOf(':')));
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
    this.load(name);
    const keys: string[] = [];
    for (const arch of this.architectures) {
      const key = `${name}:${arch}`;
      if (this.byKey.has(key)) keys.push(key);
    }
    return keys;
  }

  /** Versions whose `Provides` names `virtual`. */
  providersOf(virtual: string): VersionEntry[] {
    const names = new Set<string>();
    for (const { data } of this.indexes) for (const name of data.providerNames(virtual)) names.add(name);
    for (const [name, versions] of this.installedByName) {
      if (versions.some((v) => providedNames(v).includes(virtual))) names.add(name);
    }
    const providers: VersionEntry[] = [];
    for (const name of names) {
      for (const key of this.keysOf(name)) {
        for (const entry of this.byKey.get(key) ?? []) {
          if (providedNames(entry.version).includes(virtual)) providers.push(entry);
        }
      }
    }
    return providers;
  }
}
