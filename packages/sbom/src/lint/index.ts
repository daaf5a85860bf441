export { lintSbomDocument, lintSbomFile } from './lint.js';
export { LINT_RULES, type LintProblem, type LintReport, type LintRuleId } from './problem.js';
