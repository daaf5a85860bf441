import {
  debianVersionScheme,
  mavenVersionScheme,
  parseVersionRange,
  pep440Scheme,
  satisfiesSemverRange,
  satisfiesVersionRange,
  semverScheme,
  type VersionRange,
  type VersionScheme,
} from '@custody/core';
import type { Component } from '@custody/sbom';
import type { PackageBan, PackageRule } from '../model/policy.js';
import { purlMatcher } from '../purl/glob.js';
import type { PreparedRule, RuleEvaluator, Verdict } from './registry.js';

/** Each purl type's own version order; npm ranges use npm's own range syntax instead. */
const SCHEMES: Record<string, VersionScheme> = {
  deb: debianVersionScheme,
  pypi: pep440Scheme,
  maven: mavenVersionScheme,
};

/**
 * Purl types without an order of their own here (cargo, golang, composer, nuget…) compare as
 * semver when both versions are semver (Go's and Cargo's are), else only equal strings are equal.
 */
const fallbackScheme: VersionScheme = {
  name: 'generic',
  isValid: () => true,
  compare: (a, b) =>
    semverScheme.isValid(a.replace(/^v/, '')) && semverScheme.isValid(b.replace(/^v/, ''))
      ? semverScheme.compare(a.replace(/^v/, ''), b.replace(/^v/, ''))
      : a === b
        ? 0
        : Number.NaN,
};

/** The purl type of a purl (`pkg:npm/...` -> `npm`), lower-case. */
export function purlType(purl: string): string | undefined {
  const match = /^pkg:\/*([A-Za-z.+-][A-Za-z0-9.+-]*)\//.exec(purl);
  return match?.[1]?.toLowerCase();
}

/** True when `version` of a package of purl type `type` lies in `range`. */
export function versionInRange(type: string, version: string, range: string, parsed?: VersionRange): boolean {
  if (type === 'npm') return satisfiesSemverRange(version, range);
  return satisfiesVersionRange(version, parsed ?? parseVersionRange(range), SCHEMES[type] ?? fallbackScheme);
}

interface PreparedBan {
  ban: PackageBan;
  matches: (purl: string) => boolean;
  range?: VersionRange;
}

/** Evaluates `package` rules: banned purls, optionally within a version range. */
export const packageEvaluator: RuleEvaluator<PackageRule> = {
  kind: 'package',
  prepare(rule: PackageRule): PreparedRule {
    const bans: PreparedBan[] = rule.deny.map((ban) => {
      const prepared: PreparedBan = { ban, matches: purlMatcher(ban.purl) };
      // npm ranges are npm's syntax; every other type's are parsed once here.
      if (ban.versions !== undefined && purlType(ban.purl) !== 'npm')
        prepared.range = parseVersionRange(ban.versions);
      return prepared;
    });
    return {
      evaluate(component: Component): Verdict {
        const purl = component.purl;
        if (purl === undefined || purl === '') return { outcome: 'pass', message: 'no purl to match' };
        const type = purlType(purl) ?? '';
        for (const { ban, matches, range } of bans) {
          if (!matches(purl)) continue;
          if (ban.versions !== undefined) {
            const version = component.version;
            if (version === undefined || !versionInRange(type, version, ban.versions, range)) continue;
          }
          const detail: Verdict['detail'] = { kind: 'package', purl: ban.purl };
          if (ban.versions !== undefined) detail.versions = ban.versions;
          if (ban.reason !== undefined) detail.reason = ban.reason;
          const where = ban.versions !== undefined ? ` at ${component.version} (in ${ban.versions})` : '';
          const why = ban.reason !== undefined ? `: ${ban.reason}` : '';
          return { outcome: 'fail', message: `banned package ${ban.purl}${where}${why}`, detail };
        }
        return { outcome: 'pass', message: 'not a banned package' };
      },
    };
  },
};
