import type { Component, ComponentScope, Sbom } from '@custody/sbom';
import type { Policy, Rule } from '../model/policy.js';
import type { ComponentRef, PolicyReport, ReportSummary, RuleResult, SbomSummary } from '../model/result.js';
import { prepareRule } from '../rules/registry.js';
import { applyWaivers } from '../waivers/waivers.js';

/** An SBOM to evaluate and the name reports give it (its path). */
export interface NamedSbom {
  name: string;
  sbom: Sbom;
}

/** Options of an evaluation. */
export interface EvaluateOptions {
  /** The instant waivers are judged against; the current time by default. */
  now?: Date;
  /**
   * Keep passing results in `results` (JUnit and `policy explain` list them). Off by default:
   * a 10,000-component SBOM under 10 rules makes 100,000 of them, counted in `summary.passed`.
   */
  keepPasses?: boolean;
}

/** The scope a component has for `scopes` filters: CycloneDX's default is `required`. */
function scopeOf(component: Component): ComponentScope {
  return component.scope ?? 'required';
}

function componentRef(component: Component): ComponentRef {
  const ref: ComponentRef = { id: component.id, name: component.name };
  if (component.version !== undefined) ref.version = component.version;
  if (component.purl !== undefined) ref.purl = component.purl;
  return ref;
}

/** Evaluates every rule on every component of every SBOM, applies waivers, and sums up. Pure. */
export function evaluatePolicy(
  policy: Policy,
  sboms: NamedSbom[],
  options: EvaluateOptions = {},
): PolicyReport {
  const now = options.now ?? new Date();
  const keepPasses = options.keepPasses === true;
  let passed = 0;
  const prepared = policy.rules.map((rule) => ({ rule, run: prepareRule(rule, policy.settings) }));
  const results: RuleResult[] = [];
  const summaries: SbomSummary[] = [];
  for (const { name, sbom } of sboms) {
    // Every component counts, the described root too: it ships like its dependencies.
    const components = sbom.components;
    const summary: SbomSummary = { path: name, components: components.length, warnings: sbom.warnings ?? [] };
    if (sbom.source !== undefined) {
      summary.format = sbom.source.format;
      summary.specVersion = sbom.source.specVersion;
    }
    summaries.push(summary);
    // Indexed loops: this one runs once per component and rule (100,000 times for 10,000
    // components under 10 rules) in code V8 has not optimized yet, where for-of pays for an
    // iterator and a result object each step.
    for (let c = 0; c < components.length; c++) {
      const component = components[c] as Component;
      let ref: ComponentRef | undefined;
      for (let r = 0; r < prepared.length; r++) {
        const { rule, run } = prepared[r] as (typeof prepared)[number];
        if (!appliesTo(rule, component)) continue;
        const verdict = run.evaluate(component);
        if (verdict.outcome === 'pass' && !keepPasses) {
          passed++;
          continue;
        }
        ref ??= componentRef(component);
        const result: RuleResult = {
          ruleId: rule.id,
          kind: rule.kind,
          severity: rule.severity,
          mode: rule.mode,
          sbom: name,
          component: ref,
          outcome: verdict.outcome,
          message: verdict.message,
        };
        if (verdict.detail !== undefined) result.detail = verdict.detail;
        results.push(result);
      }
    }
  }
  const waivers = applyWaivers(results, policy.waivers, now, policy.settings.waiverWarnDays);
  const summary = summarize(results);
  summary.evaluated += passed;
  summary.passed += passed;
  summary.waiverProblems = waivers.filter((w) => w.state !== 'active').length;
  return {
    policy: { files: policy.files, apiVersion: policy.apiVersion },
    now: now.toISOString(),
    sboms: summaries,
    rules: policy.rules.map(ruleSummary),
    results,
    waivers,
    summary,
    status: summary.failed > 0 ? 'fail' : 'pass',
  };
}

function appliesTo(rule: Rule, component: Component): boolean {
  return rule.scopes === undefined || rule.scopes.includes(scopeOf(component));
}

function ruleSummary(rule: Rule): PolicyReport['rules'][number] {
  const summary: PolicyReport['rules'][number] = {
    id: rule.id,
    kind: rule.kind,
    severity: rule.severity,
    mode: rule.mode,
  };
  if (rule.description !== undefined) summary.description = rule.description;
  if (rule.help !== undefined) summary.help = rule.help;
  return summary;
}

/** How a result counts: what `policy check`'s exit status and every reporter agree on. */
export function resultLevel(result: RuleResult): 'pass' | 'waived' | 'failed' | 'warned' | 'audited' {
  if (result.outcome === 'pass') return 'pass';
  if (result.waiver !== undefined) return 'waived';
  if (result.mode === 'audit') return 'audited';
  if (result.outcome === 'warn' || result.mode === 'warn') return 'warned';
  return 'failed';
}

function summarize(results: RuleResult[]): ReportSummary {
  const summary: ReportSummary = {
    evaluated: results.length,
    passed: 0,
    failed: 0,
    warned: 0,
    audited: 0,
    waived: 0,
    waiverProblems: 0,
  };
  for (const result of results) {
    const level = resultLevel(result);
    if (level === 'pass') summary.passed++;
    else summary[level]++;
  }
  return summary;
}
