import type { Component } from '@custody/sbom';
import { LicenseList } from '../license/list.js';
import { type ExpressionVerdict, judgeExpression, type ListKind } from '../license/semantics.js';
import { readLicense, selectLicense } from '../license/statement.js';
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
    return {
      evaluate(component: Component): Verdict {
        const selected = selectLicense(component, settings.licenseSource);
        if (selected === undefined) {
          return unknownVerdict(onUnknown, { kind: 'license', expression: 'NOASSERTION' }, 'not stated');
        }
        const read = readLicense(selected.statement);
        const detail: LicenseDetail = { kind: 'license', expression: read.expression, source: selected.from };
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
      },
    };
  },
};
