/**
 * The policy model: what a policy file says once loaded, validated and merged with what it
 * extends. Rules are a discriminated union keyed by `kind`, so later kinds (vulnerabilities and
 * VEX, provenance, document profiles, baselines, expressions) join as new members with their own
 * evaluator in the registry (rules/registry.ts) without touching the existing ones.
 */
import type { ComponentScope } from '@custody/sbom';

/** How bad a failure of a rule is; SARIF's `security-severity` is derived from it. */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/** `enforce` fails the check; `warn` reports without failing; `audit` records only. */
export type RuleMode = 'enforce' | 'warn' | 'audit';

/** What a license that is absent, NOASSERTION, NONE or unparsable does to a license rule. */
export type OnUnknown = 'fail' | 'warn' | 'pass';

/** Which license statement of a component counts. */
export type LicenseSource = 'concluded-then-declared' | 'declared' | 'concluded';

/** Settings of a policy, with their defaults filled in. */
export interface PolicySettings {
  licenseSource: LicenseSource;
  /** When true, `X WITH Y` passes (or is denied) wherever `X` alone would be. */
  exceptionsInherit: boolean;
  onUnknown: OnUnknown;
  /** Active waivers expiring within this many days are flagged. */
  waiverWarnDays: number;
}

/** Fields every rule has. */
export interface RuleBase {
  id: string;
  severity: Severity;
  mode: RuleMode;
  description?: string;
  /** Longer guidance shown as help (SARIF rule help, `policy explain`). */
  help?: string;
  /** Component scopes the rule looks at; all scopes when absent (a component without scope is `required`). */
  scopes?: ComponentScope[];
}

/** Allow or deny lists over license expressions. */
export interface LicenseRule extends RuleBase {
  kind: 'license';
  /** SPDX ids, `LicenseRef-`s, `X WITH Y` and `category:NAME` entries. */
  allow?: string[];
  deny?: string[];
  /** Overrides `settings.onUnknown` for this rule. */
  onUnknown?: OnUnknown;
}

/** A field a component rule can require. */
export type RequiredField = 'supplier' | 'version' | 'identifier' | 'license' | 'hash';

/** What counts as an identifier for `require: [identifier]`. */
export type IdentifierKind = 'purl' | 'cpe' | 'hash';

/** Required fields and the "unknown dependency" gate (allowed purl globs). */
export interface ComponentRule extends RuleBase {
  kind: 'component';
  require?: RequiredField[];
  /** Identifier kinds that satisfy `identifier`; all three when absent. */
  identifiers?: IdentifierKind[];
  /** Purl globs a component must match; a component without purl fails when this is set. */
  allow?: string[];
}

/** One banned package: a purl or purl glob, and optionally a version range. */
export interface PackageBan {
  purl: string;
  /** A range in the ecosystem's own order (npm: semver ranges; others: `>=1.0, <2.0 || =3.1`). */
  versions?: string;
  reason?: string;
}

/** Deny packages by purl (glob) and version range. */
export interface PackageRule extends RuleBase {
  kind: 'package';
  deny: PackageBan[];
}

/** A rule of any kind. */
export type Rule = LicenseRule | ComponentRule | PackageRule;

/** The kinds of rule this version knows. */
export type RuleKind = Rule['kind'];

/** A time-boxed exception to a rule for components matching a purl glob. */
export interface Waiver {
  rule: string;
  match: string;
  reason: string;
  owner: string;
  /** `YYYY-MM-DD`; the waiver applies through the end of that day (UTC). */
  expires: string;
  /** Where the waiver was written, for reports. */
  source?: { file: string; line?: number };
}

/** A loaded policy. */
export interface Policy {
  apiVersion: string;
  settings: PolicySettings;
  rules: Rule[];
  waivers: Waiver[];
  /** The file it was loaded from and the files it extends, in load order. */
  files: string[];
}

/** The settings a policy has when it says nothing. */
export const DEFAULT_SETTINGS: PolicySettings = {
  licenseSource: 'concluded-then-declared',
  exceptionsInherit: false,
  onUnknown: 'warn',
  waiverWarnDays: 14,
};

/** The apiVersion this version of custody reads. */
export const POLICY_API_VERSION = 'custody.dev/v1';
