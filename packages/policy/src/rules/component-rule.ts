import type { Component } from '@custody/sbom';
import type { ComponentRule, IdentifierKind, RequiredField } from '../model/policy.js';
import type { ComponentDetail } from '../model/result.js';
import { type PurlMatcher, purlMatcher } from '../purl/glob.js';
import type { PreparedRule, RuleEvaluator, Verdict } from './registry.js';

const present = (text: string | undefined): boolean =>
  text !== undefined && text.trim() !== '' && text !== 'NOASSERTION' && text !== 'NONE';

const IDENTIFIER_TESTS: Record<IdentifierKind, (c: Component) => boolean> = {
  purl: (c) => present(c.purl),
  cpe: (c) => (c.cpes ?? []).some(present),
  hash: (c) => (c.hashes ?? []).length > 0,
};

function hasField(component: Component, field: RequiredField, identifiers: IdentifierKind[]): boolean {
  switch (field) {
    case 'supplier':
      return present(component.supplier?.name);
    case 'version':
      return present(component.version);
    case 'identifier':
      for (let i = 0; i < identifiers.length; i++)
        if (IDENTIFIER_TESTS[identifiers[i] as IdentifierKind](component)) return true;
      return false;
    case 'hash':
      return (component.hashes ?? []).length > 0;
    case 'license': {
      const { concluded, declared } = component.licenses ?? {};
      return present(concluded?.expression) || present(declared?.expression);
    }
  }
}

function matchesAny(matchers: PurlMatcher[], purl: string): boolean {
  for (let i = 0; i < matchers.length; i++) if ((matchers[i] as PurlMatcher)(purl)) return true;
  return false;
}

const PASS: Verdict = { outcome: 'pass', message: 'component has what the rule requires' };

/** Evaluates `component` rules: required fields and the allowed-purl gate for unknown dependencies. */
export const componentEvaluator: RuleEvaluator<ComponentRule> = {
  kind: 'component',
  prepare(rule: ComponentRule): PreparedRule {
    const required = rule.require ?? [];
    const identifiers = rule.identifiers ?? ['purl', 'cpe', 'hash'];
    const allowed = rule.allow?.map(purlMatcher);
    return {
      evaluate(component: Component): Verdict {
        // Indexed loops: this runs once per component, before V8 optimizes it (see evaluate.ts).
        let missing: RequiredField[] | undefined;
        for (let i = 0; i < required.length; i++) {
          const field = required[i] as RequiredField;
          if (hasField(component, field, identifiers)) continue;
          missing ??= [];
          missing.push(field);
        }
        const purl = component.purl;
        const unknownDependency =
          allowed !== undefined && (purl === undefined || purl === '' || !matchesAny(allowed, purl));
        if (missing === undefined && !unknownDependency) return PASS;
        const detail: ComponentDetail = { kind: 'component' };
        const problems: string[] = [];
        if (missing !== undefined) {
          detail.missing = missing.map((f) =>
            f === 'identifier' ? `identifier (${identifiers.join('|')})` : f,
          );
          problems.push(`missing ${detail.missing.join(', ')}`);
        }
        if (unknownDependency) {
          detail.notAllowed = true;
          problems.push(
            purl === undefined || purl === ''
              ? 'unknown dependency: no purl to match against the allow list'
              : `unknown dependency: ${purl} matches no allowed purl pattern`,
          );
        }
        return { outcome: 'fail', message: problems.join('; '), detail };
      },
    };
  },
};
