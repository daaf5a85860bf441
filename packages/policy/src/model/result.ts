import type { RuleKind, RuleMode, Severity } from './policy.js';

/** The outcome of one rule on one component, before waivers. */
export type Outcome = 'pass' | 'fail' | 'warn';

/** The component a result is about, as reports name it. */
export interface ComponentRef {
  id: string;
  name: string;
  version?: string;
  purl?: string;
}

/** Facts a license rule records, for reports and `policy explain`. */
export interface LicenseDetail {
  kind: 'license';
  /** The expression evaluated (after normalization), or the special value met. */
  expression: string;
  /** Which statement counted: `concluded` or `declared`, or none. */
  source?: 'concluded' | 'declared';
  /** The OR branch chosen (passing), as an expression. */
  chosenBranch?: string;
  /** Leaves that are not allowed (allow list) or denied (deny list). */
  offending?: string[];
}

/** Facts a package rule records. */
export interface PackageDetail {
  kind: 'package';
  purl: string;
  versions?: string;
  reason?: string;
}

/** Facts a component rule records. */
export interface ComponentDetail {
  kind: 'component';
  missing?: string[];
  notAllowed?: boolean;
}

/** What a rule evaluator found. */
export type ResultDetail = LicenseDetail | PackageDetail | ComponentDetail;

/** A waiver as applied to a result. */
export interface AppliedWaiver {
  rule: string;
  match: string;
  reason: string;
  owner: string;
  expires: string;
}

/** One rule on one component of one SBOM. */
export interface RuleResult {
  ruleId: string;
  kind: RuleKind;
  severity: Severity;
  mode: RuleMode;
  /** The SBOM file (or name) the component is in. */
  sbom: string;
  component: ComponentRef;
  outcome: Outcome;
  message: string;
  detail?: ResultDetail;
  /** Set when an active waiver suppresses a `fail` or `warn`. */
  waiver?: AppliedWaiver;
}

/** How a waiver stands at evaluation time. */
export type WaiverState = 'active' | 'expiring' | 'expired' | 'stale';

/** A waiver and its state, as reports list them. */
export interface WaiverStatus extends AppliedWaiver {
  state: WaiverState;
  /** Results it suppressed (active or expiring) or would have matched (expired). */
  matched: number;
  /** Days until expiry (negative once expired). */
  daysLeft: number;
  message: string;
  source?: { file: string; line?: number };
}

/** An SBOM as the report names it. */
export interface SbomSummary {
  path: string;
  format?: string;
  specVersion?: string;
  components: number;
  warnings: string[];
}

/** Counts over all results. */
export interface ReportSummary {
  evaluated: number;
  passed: number;
  /** Failures of enforced rules, not waived: these fail the check. */
  failed: number;
  /** Failures of `warn` rules and `warn` outcomes (unknown licenses under onUnknown: warn). */
  warned: number;
  /** Failures of `audit` rules. */
  audited: number;
  waived: number;
  /** Waivers expired, stale or expiring soon. */
  waiverProblems: number;
}

/** Everything one `policy check` found. */
export interface PolicyReport {
  policy: { files: string[]; apiVersion: string };
  /** The instant waivers were judged against (ISO 8601). */
  now: string;
  sboms: SbomSummary[];
  rules: {
    id: string;
    kind: RuleKind;
    severity: Severity;
    mode: RuleMode;
    description?: string;
    help?: string;
  }[];
  results: RuleResult[];
  waivers: WaiverStatus[];
  summary: ReportSummary;
  /** `fail` when an enforced rule failed unwaived. */
  status: 'pass' | 'fail';
}
