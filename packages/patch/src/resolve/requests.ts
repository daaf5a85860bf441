import { compareDebianVersions } from '@custody/core';
import type { CandidatePolicy } from './policy.js';
import type { UpgradeRequest } from './resolver.js';
import type { PackageUniverse } from './universe.js';

/**
 * `apt-get dist-upgrade`'s starting set: every installed package whose candidate is newer, except
 * held ones. Essential packages come first, as apt marks them first.
 */
export function upgradableRequests(
  universe: PackageUniverse,
  policy: CandidatePolicy,
  held: ReadonlySet<string> = new Set(),
): UpgradeRequest[] {
  const requests: { request: UpgradeRequest; essential: boolean }[] = [];
  for (const installed of universe.installed()) {
    if (held.has(installed.key)) continue;
    const candidate = policy.candidate(installed.key);
    if (candidate === undefined || candidate === installed) continue;
    // A candidate below the installed version is a downgrade a pin of 1000 or more asks for.
    const newer = compareDebianVersions(candidate.version.version, installed.version.version) > 0;
    requests.push({
      request: { key: installed.key, reasons: [newer ? 'newer version available' : 'pinned version'] },
      essential: installed.version.essential,
    });
  }
  requests.sort((a, b) =>
    a.essential !== b.essential ? (a.essential ? -1 : 1) : a.request.key < b.request.key ? -1 : 1,
  );
  return requests.map((r) => r.request);
}
