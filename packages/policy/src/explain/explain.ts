import type { Component, LicenseNode } from '@custody/sbom';
import { type EvaluateOptions, evaluatePolicy, type NamedSbom } from '../evaluate/evaluate.js';
import { LicenseList } from '../license/list.js';
import { type ExpressionVerdict, judgeExpression } from '../license/semantics.js';
import { readLicense, selectLicense } from '../license/statement.js';
import type { Policy } from '../model/policy.js';
import type { RuleResult } from '../model/result.js';
import { purlMatcher } from '../purl/glob.js';

/** How one license rule judged one component, leaf by leaf. */
export interface LicenseRuleTrace {
  ruleId: string;
  list: 'allow' | 'deny';
  verdict?: ExpressionVerdict;
}

/** Everything `policy explain` says about one component. */
export interface ComponentExplanation {
  sbom: string;
  component: Component;
  licenses: {
    from: string;
    raw?: string;
    expression: string;
    steps: string[];
    tree?: string[];
  }[];
  selected?: 'concluded' | 'declared';
  results: RuleResult[];
  licenseTraces: LicenseRuleTrace[];
}

/** The parse of an expression as an indented tree, one node a line. */
export function licenseTree(node: LicenseNode, depth = 0): string[] {
  const pad = '  '.repeat(depth);
  if (node.type === 'conjunction') {
    return [
      `${pad}${node.conjunction.toUpperCase()}`,
      ...node.operands.flatMap((o) => licenseTree(o, depth + 1)),
    ];
  }
  if (node.type === 'special') return [`${pad}${node.value}`];
  const notes = [
    node.plus ? ' (+: this version or later)' : '',
    node.exception !== undefined ? ` WITH ${node.exception}` : '',
  ];
  return [`${pad}${node.license}${notes.join('')}`];
}

/** Explains how the policy judges the components matching a purl (or purl glob). Pure. */
export function explainComponent(
  policy: Policy,
  sboms: NamedSbom[],
  purl: string,
  options: EvaluateOptions = {},
): ComponentExplanation[] {
  const matches = purlMatcher(purl);
  const selected = sboms.map(({ name, sbom }) => ({
    name,
    sbom: {
      ...sbom,
      components: sbom.components.filter((c) => c.purl !== undefined && (c.purl === purl || matches(c.purl))),
    },
  }));
  const report = evaluatePolicy(policy, selected, { ...options, keepPasses: true });
  const explanations: ComponentExplanation[] = [];
  for (const { name, sbom } of selected) {
    for (const component of sbom.components) {
      const licenses: ComponentExplanation['licenses'] = [];
      for (const from of ['concluded', 'declared'] as const) {
        const statement = component.licenses?.[from];
        if (statement === undefined) continue;
        const read = readLicense(statement);
        const entry: ComponentExplanation['licenses'][number] = {
          from,
          expression: read.expression,
          steps: read.steps,
        };
        if (statement.raw !== undefined) entry.raw = statement.raw;
        if (read.node !== undefined) entry.tree = licenseTree(read.node);
        licenses.push(entry);
      }
      const choice = selectLicense(component, policy.settings.licenseSource);
      const traces: LicenseRuleTrace[] = [];
      for (const rule of policy.rules) {
        if (rule.kind !== 'license') continue;
        const list = rule.allow !== undefined ? 'allow' : 'deny';
        const trace: LicenseRuleTrace = { ruleId: rule.id, list };
        const read = choice !== undefined ? readLicense(choice.statement) : undefined;
        if (read?.node !== undefined && !read.unknown) {
          trace.verdict = judgeExpression(
            read.node,
            new LicenseList(rule[list] ?? []),
            list,
            policy.settings.exceptionsInherit,
          );
        }
        traces.push(trace);
      }
      const explanation: ComponentExplanation = {
        sbom: name,
        component,
        licenses,
        results: report.results.filter((r) => r.sbom === name && r.component.id === component.id),
        licenseTraces: traces,
      };
      if (choice !== undefined) explanation.selected = choice.from;
      explanations.push(explanation);
    }
  }
  return explanations;
}

/** An explanation as text for a terminal. */
export function formatExplanation(explanations: ComponentExplanation[], policy: Policy): string {
  const lines: string[] = [];
  for (const e of explanations) {
    const c = e.component;
    lines.push(
      `${c.purl ?? c.name} (${c.name}${c.version !== undefined ? ` ${c.version}` : ''}) in ${e.sbom}`,
    );
    lines.push(
      `  licenses (licenseSource: ${policy.settings.licenseSource}; counted: ${e.selected ?? 'none'}):`,
    );
    if (e.licenses.length === 0) lines.push('    none stated');
    for (const l of e.licenses) {
      lines.push(`    ${l.from}: ${l.expression}${l.raw !== undefined ? ` (written "${l.raw}")` : ''}`);
      for (const step of l.steps) lines.push(`      normalization: ${step}`);
      if (l.tree !== undefined) {
        lines.push('      parse:');
        for (const t of l.tree) lines.push(`        ${t}`);
      }
    }
    lines.push('  rules:');
    for (const result of e.results) {
      const waived =
        result.waiver !== undefined
          ? ` [waived until ${result.waiver.expires}: ${result.waiver.reason}]`
          : '';
      lines.push(
        `    ${result.ruleId} (${result.kind}, ${result.mode}): ${result.outcome.toUpperCase()}: ${result.message}${waived}`,
      );
      const trace = e.licenseTraces.find((t) => t.ruleId === result.ruleId);
      if (trace?.verdict !== undefined) {
        lines.push(
          `      ${trace.list} list; OR branch chosen: ${trace.verdict.chosenBranch ?? 'none passes'}`,
        );
        for (const leaf of trace.verdict.leaves)
          lines.push(`      ${leaf.ok ? 'ok ' : 'NO '} ${leaf.reason}`);
      }
    }
    if (e.results.length === 0) lines.push('    no rule applies (scopes)');
    lines.push('');
  }
  if (explanations.length === 0) lines.push('no component with that purl');
  return `${lines.join('\n')}\n`;
}
