import {
  debianVersionScheme,
  mavenVersionScheme,
  npmRangeMatcher,
  parseVersionRange,
  pep440Scheme,
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

/**
 * A range compiled for one ban: npm's own range syntax for npm purls, the scheme-independent
 * comparators in the purl type's order otherwise.
 */
function rangeTest(purl: string, versions: string): (version: string) => boolean {
  if (purlType(purl) === 'npm') return npmRangeMatcher(versions);
  const range: VersionRange = parseVersionRange(versions);
  const type = purlType(purl) ?? '';
  const scheme = Object.hasOwn(SCHEMES, type) ? (SCHEMES[type] as VersionScheme) : fallbackScheme;
  return (version) => satisfiesVersionRange(version, range, scheme);
}

interface PreparedBan {
  ban: PackageBan;
  matches: (purl: string) => boolean;
  inRange?: (version: string) => boolean;
}

const NO_PURL: Verdict = { outcome: 'pass', message: 'no purl to match' };
const NOT_BANNED: Verdict = { outcome: 'pass', message: 'not a banned package' };

/** Evaluates `package` rules: banned purls, optionally within a version range. */
export const packageEvaluator: RuleEvaluator<PackageRule> = {
  kind: 'package',
  prepare(rule: PackageRule): PreparedRule {
    const bans: PreparedBan[] = rule.deny.map((ban) => {
      const prepared: PreparedBan = { ban, matches: purlMatcher(ban.purl) };
      if (ban.versions !== undefined) prepared.inRange = rangeTest(ban.purl, ban.versions);
      return prepared;
    });
    return {
      evaluate(component: Component): Verdict {
        const purl = component.purl;
        if (purl === undefined || purl === '') return NO_PURL;
        for (let i = 0; i < bans.length; i++) {
          const { ban, matches, inRange } = bans[i] as PreparedBan;
          if (!matches(purl)) continue;
          if (inRange !== undefined) {
            const version = component.version;
            if (version === undefined || !inRange(version)) continue;
          }
          const detail: Verdict['detail'] = { kind: 'package', purl: ban.purl };
          if (ban.versions !== undefined) detail.versions = ban.versions;
          if (ban.reason !== undefined) detail.reason = ban.reason;
          const where = ban.versions !== undefined ? ` at ${component.version} (in ${ban.versions})` : '';
          const why = ban.reason !== undefined ? `: ${ban.reason}` : '';
          return { outcome: 'fail', message: `banned package ${ban.purl}${where}${why}`, detail };
        }
        return NOT_BANNED;
      },
    };
  },
};
