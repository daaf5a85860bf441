import { compareDebianVersions } from '@custody/core';
import type { PackageOrigin, PackageUniverse, VersionEntry } from './universe.js';

/** apt's default pin priorities (apt_preferences(5) "APT's Default Priority Assignments"). */
export const DEFAULT_PRIORITIES = {
  /** A version of the target release (`APT::Default-Release`, `apt-get -t`). */
  targetRelease: 990,
  /** A version of any other release. */
  normal: 500,
  /** The installed version (dpkg's status, apt's "now" archive). */
  installed: 100,
  /** A release marked `NotAutomatic: yes` and `ButAutomaticUpgrades: yes`. */
  butAutomaticUpgrades: 100,
  /** A release marked `NotAutomatic: yes`. */
  notAutomatic: 1,
} as const;

/** Which versions apt would install: priorities per origin and the candidate rule. */
export class CandidatePolicy {
  private readonly candidates = new Map<string, VersionEntry | undefined>();

  /** `targetRelease` matches a `Release`'s `Suite` or `Codename`, as `apt-get -t` does. */
  constructor(
    private readonly universe: PackageUniverse,
    private readonly targetRelease?: string,
  ) {}

  /** The priority of one index's versions. */
  originPriority(origin: PackageOrigin): number {
    const release = origin.release;
    if (
      this.targetRelease !== undefined &&
      (release.suite === this.targetRelease || release.codename === this.targetRelease)
    ) {
      return DEFAULT_PRIORITIES.targetRelease;
    }
    if (release.notAutomatic === true) {
      return release.butAutomaticUpgrades === true
        ? DEFAULT_PRIORITIES.butAutomaticUpgrades
        : DEFAULT_PRIORITIES.notAutomatic;
    }
    return DEFAULT_PRIORITIES.normal;
  }

  /** A version's priority: the highest of the places it comes from (apt's GetPriority). */
  priority(entry: VersionEntry): number {
    let priority = entry.installed ? DEFAULT_PRIORITIES.installed : Number.NEGATIVE_INFINITY;
    for (const origin of entry.origins) priority = Math.max(priority, this.originPriority(origin));
    return priority;
  }

  /**
   * apt's candidate (pkgPolicy::GetCandidateVer): walking versions from the highest down, the first
   * with the highest priority wins; the walk stops at the installed version unless a priority of
   * 1000 or more asks for a downgrade. Versions only in dpkg's status and not installed never win.
   */
  candidate(key: string): VersionEntry | undefined {
    if (this.candidates.has(key)) return this.candidates.get(key);
    const versions = [...this.universe.versionsOf(key)].sort((a, b) =>
      compareDebianVersions(b.version.version, a.version.version),
    );
    let best: VersionEntry | undefined;
    let max = Number.NEGATIVE_INFINITY;
    for (const entry of versions) {
      if (entry.origins.length === 0 && !entry.installed) continue;
      const priority = this.priority(entry);
      if (priority > max) {
        best = entry;
        max = priority;
      }
      if (entry.installed && max < 1000) break;
    }
    const result = max < 0 ? undefined : best;
    this.candidates.set(key, result);
    return result;
  }
}
