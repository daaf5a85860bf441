import type { PackageVersion } from './package.js';

/**
 * A Packages index as the resolver reads it: by package name, and by the virtual names packages
 * provide. Implementations may parse paragraphs only when a name is first asked for.
 */
export interface PackageIndexData {
  /** Every version listed under `name`. */
  versionsNamed(name: string): readonly PackageVersion[];
  /** Names of packages some version of which lists `virtual` in `Provides`. */
  providerNames(virtual: string): readonly string[];
}

/** The virtual names one version provides (names only). */
export function providedNames(version: PackageVersion): string[] {
  if (version.stanza.Provides === undefined) return [];
  const names: string[] = [];
  for (const group of version.relations('Provides')) for (const r of group) names.push(r.name);
  return names;
}

/** Index data over versions already in memory. */
export class InMemoryIndexData implements PackageIndexData {
  private readonly byName = new Map<string, PackageVersion[]>();
  private readonly providers = new Map<string, string[]>();

  constructor(versions: Iterable<PackageVersion>) {
    for (const version of versions) {
      const list = this.byName.get(version.name);
      if (list === undefined) this.byName.set(version.name, [version]);
      else list.push(version);
      for (const virtual of providedNames(version)) {
        const names = this.providers.get(virtual);
        if (names === undefined) this.providers.set(virtual, [version.name]);
        else if (!names.includes(version.name)) names.push(version.name);
      }
    }
  }

  versionsNamed(name: string): readonly PackageVersion[] {
    return this.byName.get(name) ?? [];
  }

  providerNames(virtual: string): readonly string[] {
    return this.providers.get(virtual) ?? [];
  }
}
