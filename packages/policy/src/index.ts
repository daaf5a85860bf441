/** @custody/policy: a declarative policy gate over SBOMs (licenses, components, packages, waivers). */
export { PolicyError, type PolicyErrorCode } from './errors.js';
/** Evaluates a policy over SBOMs. */
export { type EvaluateOptions, evaluatePolicy, type NamedSbom, resultLevel } from './evaluate/evaluate.js';
/** Explains one component's verdicts. */
export {
  type ComponentExplanation,
  explainComponent,
  formatExplanation,
  licenseTree,
} from './explain/explain.js';
/** License categories and the category table. */
export { isLicenseCategory, LICENSE_CATEGORY_NAMES, type LicenseCategory } from './license/category.js';
/** License version families (`-or-later`, `+`). */
export { admittedLicenses } from './license/families.js';
export { categoriesOf, LicenseList } from './license/list.js';
/** License list semantics over parsed expressions. */
export {
  type ExpressionVerdict,
  judgeExpression,
  type LeafVerdict,
  type ListKind,
} from './license/semantics.js';
export { lintPolicy, policySchema } from './load/lint.js';
/** Policy loading, validation and lint. */
export {
  formatIssue,
  type LocatedIssue,
  loadPolicy,
  loadPolicyWithIssues,
  type ReadText,
} from './load/load.js';
export * from './model/index.js';
/** Purl globs as policies write them. */
export { purlMatcher } from './purl/glob.js';
/** Reporters. */
export { formatJson } from './report/json.js';
export { formatJunit } from './report/junit.js';
export { formatSarif } from './report/sarif.js';
export { formatText } from './report/text.js';
