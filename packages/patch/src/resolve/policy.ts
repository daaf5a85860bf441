import { compareDebianVersions } from '@custody/core';
import { type PinRule, type PinSelector, selectsOrigin } from './pins.js';
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

/**
 * Which versions apt would install: priorities per origin (target release, then general pins of
 * /etc/apt/preferences, then apt's defaults), specific pins per version, and the candidate rule.
 */
export class CandidatePolicy {
  private readonly candidates = new Map<string, VersionEntry | undefined>();
  private readonly generalPins: PinRule[];
  private readonly specificPins: PinRule[];

  /** `targetRelease` matches a `Release`'s `Suite` or `Codename`, as `apt-get -t` does. */
  constructor(
    private readonly universe: PackageUniverse,
    private readonly targetRelease?: string,
    pins: readonly PinRule[] = [],
  ) {
    this.generalPins = pins.filter((p) => p.packages === undefined);
    this.specificPins = pins.filter((p) => p.packages !== undefined);
  }

  /** The priority of one index's versions (apt's per-file priority: the first general pin that matches). */
  originPriority(origin: PackageOrigin): number {
    const release = origin.release;
    if (
      this.targetRelease !== undefined &&
      (release.suite === this.targetRelease || release.codename === this.targetRelease)
    ) {
      return DEFAULT_PRIORITIES.targetRelease;
    }
    for (const pin of this.generalPins) if (selectsOrigin(pin.selector, origin)) return pin.priority;
    if (release.notAutomatic === true) {
      return release.butAutomaticUpgrades === true
        ? DEFAULT_PRIORITIES.butAutomaticUpgrades
        : DEFAULT_PRIORITIES.notAutomatic;
    }
    return DEFAULT_PRIORITIES.normal;
  }

  private selectsVersion(selector: PinSelector, entry: VersionEntry): boolean {
    if (selector.kind === 'version') return selector.match(entry.version.version);
    return entry.origins.some((origin) => selectsOrigin(selector, origin));
  }

  /**
   * A version's priority: the first specific pin (`Package: name`) that selects it, else the highest
   * of the places it comes from (apt's pkgPolicy::GetPriority).
   */
  priority(entry: VersionEntry): number {
    for (const pin of this.specificPins) {
      if (pin.packages!(entry.version.name) && this.selectsVersion(pin.selector, entry)) return pin.priority;
    }
    let priority = entry.installed ? DEFAULT_PRIORITIES.installed : Number.NEGATIVE_INFINITY;
    for (const origin of entry.origins) priority = Math.max(priority, this.originPriority(origin));
    return priority;
  }

  /**
   * apt's candidate (pkgPolicy::GetCandidateVer, apt 2.6): walking versions from the highest down,
   * a version wins when its priority is above every one seen so far; priority 0 or below never wins,
   * and a version below the installed one only with a priority of 1000 or more (a pinned downgrade).
   */
  candidate(key: string): VersionEntry | undefined {
    if (this.candidates.has(key)) return this.candidates.get(key);
    const versions = [...this.universe.versionsOf(key)].sort((a, b) =>
      compareDebianVersions(b.version.version, a.version.version),
    );
    const installed = this.universe.installedOf(key);
    let best: VersionEntry | undefined;
    let max = -1;
    for (const entry of versions) {
      if (entry.origins.length === 0 && !entry.installed) continue;
      const priority = this.priority(entry);
      if (priority === 0 || priority <= max) continue;
      if (
        installed !== undefined &&
        priority < 1000 &&
        compareDebianVersions(entry.version.version, installed.version.version) < 0
      ) {
        continue;
      }
      best = entry;
      max = priority;
    }
    const result = best;
    this.candidates.set(key, result);
    return result;
  }
}
