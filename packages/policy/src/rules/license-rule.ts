import type { Component, LicenseStatement } from '@custody/sbom';
import { LicenseList } from '../license/list.js';
import { type ExpressionVerdict, judgeExpression, type ListKind } from '../license/semantics.js';
import { readLicense, selectedStatement, statementField } from '../license/statement.js';
import type { LicenseRule, OnUnknown, PolicySettings } from '../model/policy.js';
import type { LicenseDetail } from '../model/result.js';
import type { PreparedRule, RuleEvaluator, Verdict } from './registry.js';

// One message for every pass: the branch chosen is in the detail, and passes are many.
const PASSES = 'license passes';

function unknownVerdict(onUnknown: OnUnknown, detail: LicenseDetail, what: string): Verdict {
  const outcome = onUnknown === 'fail' ? 'fail' : onUnknown === 'warn' ? 'warn' : 'pass';
  return { outcome, message: `license ${what} (onUnknown: ${onUnknown})`, detail };
}

/** Evaluates `license` rules: allow or deny lists over each component's license expression. */
export const licenseEvaluator: RuleEvaluator<LicenseRule> = {
  kind: 'license',
  prepare(rule: LicenseRule, settings: PolicySettings): PreparedRule {
    const kind: ListKind = rule.allow !== undefined ? 'allow' : 'deny';
    const list = new LicenseList(rule.allow ?? rule.deny ?? []);
    const onUnknown = rule.onUnknown ?? settings.onUnknown;
    const verdicts = new Map<string, ExpressionVerdict>();
    const judge = (statement: LicenseStatement, from: 'concluded' | 'declared'): Verdict => {
      const read = readLicense(statement);
      const detail: LicenseDetail = { kind: 'license', expression: read.expression, source: from };
      if (read.unknown || read.node === undefined) {
        const what =
          read.expression === 'NOASSERTION' || read.expression === 'NONE'
            ? `is ${read.expression}`
            : `"${read.expression}" is not an SPDX expression`;
        return unknownVerdict(onUnknown, detail, what);
      }
      let verdict = verdicts.get(read.expression);
      if (verdict === undefined) {
        verdict = judgeExpression(read.node, list, kind, settings.exceptionsInherit);
        verdicts.set(read.expression, verdict);
      }
      if (verdict.chosenBranch !== undefined) detail.chosenBranch = verdict.chosenBranch;
      if (verdict.ok) return { outcome: 'pass', message: PASSES, detail };
      detail.offending = verdict.offending;
      const message =
        kind === 'allow'
          ? `license ${read.expression} is not allowed: no OR branch has every license allowed (not allowed: ${verdict.offending.join(', ')})`
          : `license ${read.expression} is denied: every OR choice holds a denied license (${verdict.offending.join(', ')})`;
      return { outcome: 'fail', message, detail };
    };
    // Verdicts depend only on the statement's text and which statement it is: a 10,000-component
    // SBOM has a few dozen distinct ones. Results share these read-only verdicts.
    // Readers share one statement object per distinct license string, so identity is the key.
    const byStatement = {
      concluded: new Map<LicenseStatement, Verdict>(),
      declared: new Map<LicenseStatement, Verdict>(),
    };
    const byText = new Map<string, Verdict>();
    const notStated = unknownVerdict(onUnknown, { kind: 'license', expression: 'NOASSERTION' }, 'not stated');
    return {
      evaluate(component: Component): Verdict {
        const statement = selectedStatement(component, settings.licenseSource);
        if (statement === undefined) return notStated;
        const from = statementField(component, statement, settings.licenseSource);
        const cache = byStatement[from];
        let verdict = cache.get(statement);
        if (verdict === undefined) {
          verdict = byText.get(`${from}\0${statement.expression}`);
          if (verdict === undefined) {
            verdict = judge(statement, from);
            if (byText.size > 50_000) byText.clear();
            byText.set(`${from}\0${statement.expression}`, verdict);
          }
          if (cache.size > 50_000) cache.clear();
          cache.set(statement, verdict);
        }
        return verdict;
      },
    };
  },
};
