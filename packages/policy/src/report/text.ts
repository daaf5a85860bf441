import { resultLevel } from '../evaluate/evaluate.js';
import type { PolicyReport, RuleResult } from '../model/result.js';

const LABEL = { failed: 'FAIL', warned: 'WARN', audited: 'AUDIT', waived: 'WAIVED' } as const;

function componentName(result: RuleResult): string {
  const { purl, name, version } = result.component;
  return purl ?? (version !== undefined ? `${name}@${version}` : name);
}

/**
 * A report for a terminal: results that are not passes grouped by rule (worst first), then
 * waiver problems, then one summary line. `verbose` lists waived and audited results too.
 */
export function formatText(report: PolicyReport, options: { verbose?: boolean } = {}): string {
  const lines: string[] = [];
  const multiple = report.sboms.length > 1;
  const order = ['failed', 'warned', 'audited', 'waived'] as const;
  // One pass over the results (a large SBOM has thousands), into rules by level, each in the
  // order its rule first appears.
  const byLevel = new Map<(typeof order)[number], Map<string, RuleResult[]>>(
    order.map((level) => [level, new Map()]),
  );
  const results = report.results;
  for (let i = 0; i < results.length; i++) {
    const result = results[i] as RuleResult;
    const level = resultLevel(result);
    if (level === 'pass') continue;
    const byRule = byLevel.get(level) as Map<string, RuleResult[]>;
    const list = byRule.get(result.ruleId);
    if (list === undefined) byRule.set(result.ruleId, [result]);
    else list.push(result);
  }
  for (const level of order) {
    if ((level === 'audited' || level === 'waived') && options.verbose !== true) continue;
    const byRule = byLevel.get(level) as Map<string, RuleResult[]>;
    for (const [ruleId, results] of byRule) {
      const first = results[0] as RuleResult;
      lines.push(
        `${LABEL[level]} ${ruleId} (${first.kind}, ${first.severity}, ${first.mode}): ${results.length} component(s)`,
      );
      for (const result of results) {
        const where = multiple ? ` [${result.sbom}]` : '';
        const waived =
          result.waiver !== undefined
            ? ` (waived until ${result.waiver.expires}: ${result.waiver.reason})`
            : '';
        lines.push(`  ${componentName(result)}${where}: ${result.message}${waived}`);
      }
      lines.push('');
    }
  }
  const problems = report.waivers.filter((w) => w.state !== 'active');
  if (problems.length > 0) {
    lines.push('Waivers:');
    for (const waiver of problems) {
      const where = waiver.source !== undefined ? ` (${waiver.source.file}:${waiver.source.line ?? 1})` : '';
      lines.push(`  ${waiver.state.toUpperCase()} ${waiver.message}${where}`);
    }
    lines.push('');
  }
  for (const sbom of report.sboms) {
    for (const warning of sbom.warnings.slice(0, 5)) lines.push(`note: ${sbom.path}: ${warning}`);
    if (sbom.warnings.length > 5)
      lines.push(`note: ${sbom.path}: ${sbom.warnings.length - 5} more reader warnings`);
  }
  const s = report.summary;
  const components = report.sboms.reduce((n, sbom) => n + sbom.components, 0);
  lines.push(
    `${report.status === 'pass' ? 'PASS' : 'FAIL'}: ${components} component(s), ${report.rules.length} rule(s): ` +
      `${s.failed} failed, ${s.warned} warned, ${s.audited} audited, ${s.waived} waived, ${s.passed} passed` +
      (s.waiverProblems > 0 ? `; ${s.waiverProblems} waiver problem(s)` : ''),
  );
  return `${lines.join('\n')}\n`;
}
