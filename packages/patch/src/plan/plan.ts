import { basename, join } from 'node:path';
import { compareDebianVersions } from '@custody/core';
import { PatchError } from '../errors.js';
import { fixesByPackage, type PackageFix, readTrivyReport } from '../report/index.js';
import {
  CandidatePolicy,
  type PackageOrigin,
  PackageUniverse,
  type PinRule,
  PinSyntaxError,
  type PlannedChange,
  pinRulesOf,
  UnsatisfiableError,
  type UpgradeRequest,
  UpgradeResolver,
  upgradableRequests,
  type VersionEntry,
} from '../resolve/index.js';
import type { Rootfs } from '../rootfs/index.js';
import { loadIndex } from './index-cache.js';
import type { DebReference, RepositoryIndexSource } from './source.js';

/** One package the plan installs or upgrades. */
export interface PlanEntry {
  package: string;
  /** The package's `Architecture` (`all` or an architecture name). */
  arch: string;
  /** The installed version, or null for a package the plan newly installs. */
  from: string | null;
  to: string;
  /** Vulnerability ids, `dependency of X`, `Breaks of X`, `co-upgrade with X`, or `newer version available`. */
  why: string[];
  deb: DebReference;
}

/** A reported fix the repositories cannot deliver (the candidate is older than the fixed version). */
export interface UnfixedPackage {
  package: string;
  arch?: string;
  installedVersion: string;
  fixedVersion: string;
  /** The version apt would install, if any. */
  candidate: string | null;
  vulnerabilityIds: string[];
}

/** An upgrade `--update all` leaves out because it cannot be satisfied, as apt keeps it back. */
export interface KeptBackPackage {
  package: string;
  arch: string;
  installedVersion: string;
  candidate: string;
  /** The unmet relation, as the error of an explicit request would say it. */
  reason: string;
}

/** What patching would do to a rootfs. */
export interface PatchPlan {
  architecture: string;
  entries: PlanEntry[];
  unfixed: UnfixedPackage[];
  keptBack: KeptBackPackage[];
}

/** Inputs of planning that are already loaded (see planPatch for the paths-and-options form). */
export interface PlanInputs {
  rootfs: Rootfs;
  source: RepositoryIndexSource;
  /** Trivy JSON text; with `update: 'report'` only its fixed packages are requested. */
  report?: { text: string; input: string };
  update: 'all' | 'report';
  /** `apt-get -t`: versions of this suite or codename get priority 990. */
  targetRelease?: string;
  cacheDir?: string;
}

function requestsFromReport(
  fixes: PackageFix[],
  rootfs: Rootfs,
  universe: PackageUniverse,
  policy: CandidatePolicy,
): { requests: UpgradeRequest[]; unfixed: UnfixedPackage[] } {
  const requests: UpgradeRequest[] = [];
  const unfixed: UnfixedPackage[] = [];
  for (const fix of fixes) {
    const keys = universe
      .keysOf(fix.package)
      .filter((key) => universe.installedOf(key) !== undefined)
      .filter((key) => fix.arch === undefined || key === `${fix.package}:${universe.archOf(fix.arch)}`);
    for (const key of keys) {
      const installed = universe.installedOf(key)!;
      if (compareDebianVersions(installed.version.version, fix.fixedVersion) >= 0) continue;
      const candidate = policy.candidate(key);
      if (candidate === undefined || compareDebianVersions(candidate.version.version, fix.fixedVersion) < 0) {
        unfixed.push({
          package: fix.package,
          arch: installed.version.architecture,
          installedVersion: installed.version.version,
          fixedVersion: fix.fixedVersion,
          candidate: candidate === undefined || candidate === installed ? null : candidate.version.version,
          vulnerabilityIds: fix.vulnerabilityIds,
        });
        continue;
      }
      requests.push({ key, reasons: fix.vulnerabilityIds });
    }
    if (keys.length === 0 && !rootfs.installed.some((p) => p.version.name === fix.package)) {
      unfixed.push({
        package: fix.package,
        installedVersion: fix.installedVersion,
        fixedVersion: fix.fixedVersion,
        candidate: null,
        vulnerabilityIds: fix.vulnerabilityIds,
      });
    }
  }
  return { requests, unfixed };
}

function pinsOf(rootfs: Rootfs): PinRule[] {
  try {
    return pinRulesOf(rootfs.preferences);
  } catch (error) {
    if (!(error instanceof PinSyntaxError)) throw error;
    throw new PatchError(
      'PREFERENCES_INVALID',
      'input',
      `${rootfs.root}/etc/apt/preferences: record ${error.record}: ${error.message}`,
      {
        input: `${rootfs.root}/etc/apt/preferences`,
        hint: 'apt would refuse these preferences too',
      },
    );
  }
}

/** The origin to fetch a version from: the highest-priority index that lists it. */
function bestOrigin(entry: VersionEntry, policy: CandidatePolicy): PackageOrigin | undefined {
  let best: PackageOrigin | undefined;
  for (const origin of entry.origins) {
    if (best === undefined || policy.originPriority(origin) > policy.originPriority(best)) best = origin;
  }
  return best;
}

function toEntry(change: PlannedChange, policy: CandidatePolicy): PlanEntry {
  const version = change.entry.version;
  const origin = bestOrigin(change.entry, policy);
  if (origin === undefined || version.filename === undefined || version.sha256 === undefined) {
    throw new PatchError(
      'INDEX_INVALID',
      'input',
      `${version.name} ${version.version} has no Filename or SHA256 in its Packages index`,
      { hint: 'the repository index is incomplete; apt could not fetch this package either' },
    );
  }
  return {
    package: version.name,
    arch: version.architecture,
    from: change.from?.version.version ?? null,
    to: version.version,
    why: change.reasons,
    deb: {
      url: `${origin.baseUri.replace(/\/+$/, '')}/${version.filename}`,
      sha256: version.sha256,
      size: version.size ?? 0,
    },
  };
}

/**
 * Plans an upgrade as `apt-get dist-upgrade` (update `all`) or `apt-get install PKG…` for the
 * packages a report names (update `report`) would, without removals. A reported fix that cannot be
 * satisfied (or one apt could only make by removing a package) is an unsatisfiable plan
 * (PatchError PLAN_UNSATISFIABLE); with update `all`, such an upgrade is kept back, as apt does.
 */
export async function resolvePlan(inputs: PlanInputs): Promise<PatchPlan> {
  const { rootfs } = inputs;
  const universe = new PackageUniverse(rootfs.nativeArch, rootfs.foreignArchs);
  for (const installed of rootfs.installed) universe.addInstalled(installed.version);
  const indexes = await inputs.source.indexes();
  if (indexes.length === 0) {
    throw new PatchError('NO_REPOSITORIES', 'input', `no apt repository is configured for ${rootfs.root}`, {
      input: rootfs.root,
      hint: 'the rootfs has no etc/apt/sources.list entries; add one with --repo',
    });
  }
  const loaded = await Promise.all(indexes.map((index) => loadIndex(index, inputs.cacheDir)));
  for (const [i, index] of indexes.entries()) {
    universe.addIndex({ architecture: index.architecture, ...index.origin }, loaded[i]!);
  }
  const policy = new CandidatePolicy(universe, inputs.targetRelease, pinsOf(rootfs));
  let requests: UpgradeRequest[] = [];
  let unfixed: UnfixedPackage[] = [];
  if (inputs.report !== undefined) {
    const fixes = fixesByPackage(readTrivyReport(inputs.report.text, inputs.report.input));
    ({ requests, unfixed } = requestsFromReport(fixes, rootfs, universe, policy));
  } else if (inputs.update === 'report') {
    throw new PatchError('REPORT_INVALID', 'usage', 'update "report" needs a report', {
      hint: 'pass --report FILE or use --update all',
    });
  }
  if (inputs.update === 'all') {
    // Every upgrade, with the report's vulnerability ids as the reason where it names the package.
    const fromReport = new Map(requests.map((r) => [r.key, r.reasons]));
    requests = upgradableRequests(universe, policy, rootfs.held).map((r) => ({
      key: r.key,
      reasons: fromReport.get(r.key) ?? r.reasons,
    }));
  }
  let changes: PlannedChange[];
  const resolver = new UpgradeResolver(universe, policy, rootfs.held);
  try {
    changes = resolver.resolve(requests, { keepBack: inputs.update === 'all' });
  } catch (error) {
    if (error instanceof UnsatisfiableError) {
      throw new PatchError('PLAN_UNSATISFIABLE', 'check', `plan cannot be satisfied: ${error.message}`, {
        input: `${error.packageName} ${error.version}`,
        found: error.relation,
        cause: error,
      });
    }
    throw error;
  }
  const keptBack = resolver.keptBack.map((k) => ({
    package: k.candidate.version.name,
    arch: k.candidate.version.architecture,
    installedVersion: universe.installedOf(k.key)?.version.version ?? '',
    candidate: k.candidate.version.version,
    reason: k.reason.message,
  }));
  return {
    architecture: rootfs.nativeArch,
    entries: changes.map((c) => toEntry(c, policy)),
    unfixed,
    keptBack,
  };
}

/** Downloads every `.deb` of a plan into `dir` (verified by the source), named as in the pool. */
export async function downloadPlan(
  plan: PatchPlan,
  source: RepositoryIndexSource,
  dir: string,
): Promise<string[]> {
  const paths: string[] = [];
  for (const entry of plan.entries) {
    const path = join(dir, basename(new URL(entry.deb.url).pathname));
    await source.download(entry.deb, path);
    paths.push(path);
  }
  return paths;
}
