import type { Component } from '@custody/sbom';
import type { PolicySettings, Rule, RuleKind } from '../model/policy.js';
import type { Outcome, ResultDetail } from '../model/result.js';
import { componentEvaluator } from './component-rule.js';
import { licenseEvaluator } from './license-rule.js';
import { packageEvaluator } from './package-rule.js';

/** What a rule evaluator says about one component. */
export interface Verdict {
  outcome: Outcome;
  message: string;
  detail?: ResultDetail;
}

/** A rule ready to run over many components: lists compiled, globs built. */
export interface PreparedRule {
  evaluate(component: Component): Verdict;
}

/** Builds prepared rules of one kind. */
export interface RuleEvaluator<R extends Rule = Rule> {
  kind: R['kind'];
  prepare(rule: R, settings: PolicySettings): PreparedRule;
}

type Registry = { [K in RuleKind]: RuleEvaluator<Extract<Rule, { kind: K }>> };

/** The evaluator of each rule kind; a new kind adds one member here and one file beside this. */
const REGISTRY: Registry = {
  license: licenseEvaluator,
  component: componentEvaluator,
  package: packageEvaluator,
};

/** Prepares one rule with its kind's evaluator. */
export function prepareRule(rule: Rule, settings: PolicySettings): PreparedRule {
  const evaluator = REGISTRY[rule.kind] as RuleEvaluator;
  return evaluator.prepare(rule, settings);
}
